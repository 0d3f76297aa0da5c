#!/usr/bin/env bash
# s8: ncu (stall reasons per SASS instruction) of GEMV configs; args: "name m n k config" ...
set -uo pipefail
dir=.gpu-s8d; bin=/tmp/qj-s8d; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8d
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
for spec in "$@"; do
  set -- $spec; name=$1
  timeout 200 ncu --clock-control none -k regex:gptq_gemv --launch-skip 8 --launch-count 1 --section SourceCounters --section WarpStateStats \
    --section SpeedOfLight --section LaunchStats --section Occupancy --section SchedulerStats --import-source no --export /tmp/s8d/$name --force-overwrite \
    "$bin/qj" bench gemm --device cuda -m $2 -n $3 -k $4 --repeats 10 --config $5 > /tmp/s8d/$name.run.txt 2>&1
  echo "== $name rc $?"; grep -E "^gptq" /tmp/s8d/$name.run.txt | cut -c1-160
  ncu --import /tmp/s8d/$name.ncu-rep --page source --csv --print-source sass > /tmp/s8d/$name.sass.csv 2>&1
  ncu --import /tmp/s8d/$name.ncu-rep --page details 2>&1 | grep -E "Duration|Registers Per|Achieved Occ|Warp Cycles Per Issued|Stall Long|Stall Barrier|Stall Wait|Stall Math|Issue Slots|SM Active Cycles|Elapsed Cycles" | sed -E 's/ +/ /g'
done
tar czf "$out/s8d.tgz" -C /tmp s8d; true
