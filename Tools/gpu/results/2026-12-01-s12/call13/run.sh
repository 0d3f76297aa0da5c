#!/usr/bin/env bash
# s12 call 13: print call 12's ncu reports (carried in .gpu-s12l) as details pages and raw metrics.
set -uo pipefail
out="${OUT:-/tmp}"; mkdir -p /tmp/s12m
for r in .gpu-s12l/*.ncu-rep; do
  name=$(basename $r .ncu-rep)
  ncu --import $r --page details > /tmp/s12m/$name-details.txt 2>&1
  ncu --import $r --page raw > /tmp/s12m/$name-raw.txt 2>&1
  echo "== $name"; grep -E "Duration|DRAM Throughput|Registers Per Thread|Achieved Active Warps|Theoretical Active Warps|Issued Warp Per Scheduler|No Eligible|Warp Cycles Per Issued Instruction|Block Limit Registers|Eligible Warps Per Scheduler" /tmp/s12m/$name-details.txt | sed -E 's/ +/ /g'
  grep -E "smsp__average_warp_latency_issue_stalled_(long_scoreboard|short_scoreboard|math_pipe_throttle|mio_throttle|wait|barrier|not_selected|dispatch_stall|lg_throttle|tex_throttle|selected|membar|drain|imc_miss|branch_resolving|no_instruction|sleeping|misc)\.ratio|sm__pipe_tensor_op_hmma_cycles_active.avg.pct_of_peak_sustained_active |sm__inst_executed_pipe_alu.avg.pct|sm__inst_executed_pipe_fma.avg.pct|sm__inst_executed_pipe_lsu.avg.pct" /tmp/s12m/$name-raw.txt | sed -E 's/ +/ /g' | cut -c1-120
done
tar czf "$out/s12m-logs.tgz" -C /tmp s12m 2>/dev/null; true
