#!/usr/bin/env bash
# s8 call 2: ncu on the decode GEMV picks (where do the cycles go at M = 16?).
set -uo pipefail
dir=.gpu-s8b; bin=/tmp/qj-s8b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8b
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
s=$SECONDS
run() { # name m n k [config]
  local name=$1 m=$2 n=$3 k=$4; shift 4
  echo "== $name ($((SECONDS-s)) s)"
  timeout 240 ncu --clock-control none -k regex:gptq_gemv --launch-skip 8 --launch-count 1 \
    --section SpeedOfLight --section WarpStateStats --section SchedulerStats --section Occupancy --section LaunchStats \
    --section MemoryWorkloadAnalysis --section ComputeWorkloadAnalysis --section InstructionStats \
    --export /tmp/s8b/$name --force-overwrite \
    "$bin/qj" bench gemm --device cuda -m $m -n $n -k $k --repeats 10 "$@" > /tmp/s8b/$name.txt 2>&1
  echo "rc $?"
  grep -E "Duration|DRAM Throughput|Memory Throughput|Compute \(SM\)|Issue Slots Busy|Issued Ipc|Executed Ipc A|Warp Cycles Per Issued|Active Warps Per Sched|Eligible Warps|No Eligible|Achieved Occupancy|Registers Per|Stall|L2 Hit|Mem Busy|Max Bandwidth|SM Frequency|One or More" /tmp/s8b/$name.txt | sed -E 's/ +/ /g' | cut -c1-200 | head -40
  ncu --import /tmp/s8b/$name.ncu-rep --page raw --metrics smsp__average_warp_latency_issue_stalled_long_scoreboard,smsp__average_warp_latency_issue_stalled_math_pipe_throttle,smsp__average_warp_latency_issue_stalled_wait,smsp__average_warp_latency_issue_stalled_short_scoreboard,smsp__average_warp_latency_issue_stalled_barrier,smsp__average_warp_latency_issue_stalled_mio_throttle,smsp__average_warp_latency_issue_stalled_not_selected,smsp__average_warp_latency_issue_stalled_selected,smsp__average_warp_latency_issue_stalled_dispatch_stall,smsp__average_warp_latency_issue_stalled_lg_throttle,smsp__average_warp_latency_issue_stalled_tex_throttle,smsp__average_warp_latency_issue_stalled_no_instruction,smsp__average_warp_latency_issue_stalled_drain,smsp__average_warp_latency_issue_stalled_membar,smsp__average_warp_latency_issue_stalled_sleeping,smsp__average_warp_latency_issue_stalled_branch_resolving,smsp__average_warp_latency_issue_stalled_imc_miss,smsp__inst_executed.sum,sm__pipe_tensor_op_hmma_cycles_active.avg.pct_of_peak_sustained_active,sm__inst_executed_pipe_lsu.avg.pct_of_peak_sustained_active,smsp__issue_active.avg.pct_of_peak_sustained_active 2>&1 | grep -E "smsp__|sm__" | sed -E 's/ +/ /g' | cut -c1-160
}
run m16-28672 16 28672 8192
run m16-8192 16 8192 8192
run m1-8192 1 8192 8192
run m1-28672 1 28672 8192
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s8b-logs.tgz" -C /tmp s8b 2>/dev/null; true
