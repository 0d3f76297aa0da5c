#!/usr/bin/env bash
# Prepared for the next session (NEXT.md item 1), not run yet: ncu on the 8-row warp at M = 8
# against the staged M = 16 pick on 28672 × 8192 (symmetric 4-bit g128), where M = 8 takes 36.6 µs
# and M = 16 44.0. Carry a static quantjit in .gpu-next (Tools/gpu/build-static.sh quantjit).
set -uo pipefail
dir=.gpu-next; bin=/tmp/qj-next; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/next
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
s=$SECONDS
run() { # name m n k config
  local name=$1 m=$2 n=$3 k=$4 config=$5
  echo "== $name ($((SECONDS-s)) s)"
  timeout 240 ncu --clock-control none -k regex:gptq_gemv --launch-skip 8 --launch-count 1 \
    --section SpeedOfLight --section WarpStateStats --section SchedulerStats --section Occupancy \
    --section MemoryWorkloadAnalysis --section InstructionStats --section SourceCounters \
    --export /tmp/next/$name --force-overwrite \
    "$bin/qj" bench gemv --device cuda --bits 4 --group-size 128 --zero-points symmetric -m $m -n $n -k $k --config $config \
    > /tmp/next/$name.txt 2>&1
  echo "rc $?"
  ncu --import /tmp/next/$name.ncu-rep --page raw --metrics \
smsp__average_warp_latency_issue_stalled_barrier,smsp__average_warp_latency_issue_stalled_long_scoreboard,\
smsp__average_warp_latency_issue_stalled_short_scoreboard,smsp__average_warp_latency_issue_stalled_math_pipe_throttle,\
smsp__average_warp_latency_issue_stalled_mio_throttle,smsp__average_warp_latency_issue_stalled_lg_throttle,\
smsp__average_warp_latency_issue_stalled_wait,smsp__average_warp_latency_issue_stalled_not_selected,\
smsp__issue_active.avg.pct_of_peak_sustained_active,sm__warps_active.avg.pct_of_peak_sustained_active,\
l1tex__data_pipe_lsu_wavefronts_mem_shared.sum,l1tex__t_sectors_pipe_lsu_mem_global_op_ld.sum,\
dram__bytes_read.sum,dram__throughput.avg.pct_of_peak_sustained_elapsed,lts__t_sector_hit_rate.pct,\
smsp__inst_executed.sum,gpu__time_duration.sum 2>&1 | grep -E "smsp__|sm__|l1tex__|dram__|lts__|gpu__" | sed -E 's/ +/ /g' | cut -c1-160
}
run m8 8 28672 8192 r8w4c1u4plmi
run m16 16 28672 8192 r16w8n4c1u8pmx2i
run m16-register 16 28672 8192 r16w8c1u4pmiy
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/next-logs.tgz" -C /tmp next 2>/dev/null; true
