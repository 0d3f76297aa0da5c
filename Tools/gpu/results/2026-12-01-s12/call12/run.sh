#!/usr/bin/env bash
# s12 call 12: what bounds the 2-bit GEMV (48–53 % of copy even without its dequantization, calls
# 2 and 8)? ncu of the 2-bit symmetric M = 1 pick on 28672 × 8192 beside the 4-bit one (79 % of
# copy), and the 2-bit M = 16 pick. Static quantjit of 08ee9b3 (.gpu-s12q).
set -uo pipefail
dir=.gpu-s12q; bin=/tmp/qj-s12l; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12l
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
s=$SECONDS
run() { # name bits m n k config
  local name=$1 bits=$2 m=$3 n=$4 k=$5 config=$6
  echo "== $name ($((SECONDS-s)) s)"
  timeout 200 ncu --clock-control none -k regex:gptq_gemv --launch-skip 8 --launch-count 1 \
    --section SpeedOfLight --section WarpStateStats --section SchedulerStats --section Occupancy \
    --section MemoryWorkloadAnalysis --section InstructionStats \
    --export /tmp/s12l/$name --force-overwrite \
    "$bin/qj" bench gemv --device cuda --bits $bits --group-size 128 --zero-points symmetric -m $m -n $n -k $k --config $config \
    > /tmp/s12l/$name.txt 2>&1
  echo "rc $?"
  ncu --import /tmp/s12l/$name.ncu-rep --page raw --metrics \
smsp__average_warp_latency_issue_stalled_barrier,smsp__average_warp_latency_issue_stalled_long_scoreboard,\
smsp__average_warp_latency_issue_stalled_short_scoreboard,smsp__average_warp_latency_issue_stalled_math_pipe_throttle,\
smsp__average_warp_latency_issue_stalled_mio_throttle,smsp__average_warp_latency_issue_stalled_lg_throttle,\
smsp__average_warp_latency_issue_stalled_wait,smsp__average_warp_latency_issue_stalled_not_selected,\
smsp__average_warp_latency_issue_stalled_dispatch_stall,smsp__average_warp_latency_issue_stalled_no_instruction,\
smsp__issue_active.avg.pct_of_peak_sustained_active,sm__warps_active.avg.pct_of_peak_sustained_active,\
sm__pipe_tensor_op_hmma_cycles_active.avg.pct_of_peak_sustained_active,sm__inst_executed_pipe_alu.avg.pct_of_peak_sustained_active,\
sm__inst_executed_pipe_fma.avg.pct_of_peak_sustained_active,launch__registers_per_thread,launch__grid_size,\
dram__bytes_read.sum,dram__throughput.avg.pct_of_peak_sustained_elapsed,smsp__inst_executed.sum,gpu__time_duration.sum 2>&1 \
    | grep -E "smsp__|sm__|launch__|dram__|gpu__" | sed -E 's/ +/ /g' | cut -c1-160
}
run b2-m1 2 1 28672 8192 r8w8n4c1u4pmx2b2it
run b4-m1 4 1 28672 8192 r8w4c1u4plmi
run b2-m16 2 16 28672 8192 r16w8n4c1u4pmx2i
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12l-logs.tgz" -C /tmp s12l 2>/dev/null; true
