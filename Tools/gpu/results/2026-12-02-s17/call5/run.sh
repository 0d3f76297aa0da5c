#!/usr/bin/env bash
# s17 call 5: every 4-bit g128 candidate (v1 and symmetric, f16) at M = 16, then M = 1, on the three
# issue shapes with .gpu-s17c (the masks change + b7): does a register schedule now beat the picks?
set -uo pipefail
out="${OUT:-/tmp}"; s=$SECONDS; dir=.gpu-s17c
bin=/tmp/st-c; xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin && chmod +x $bin || exit 2
mkdir -p $out/sweep
for rows in 16 1; do
  QUANTJIT_GEMV_ROWS=$rows timeout 280 $bin --bench-gemv > $out/sweep/m$rows.log 2>&1; echo "## M = $rows rc $? ($((SECONDS - s)) s)"
  cp "$out/gemv_bench_configs.log" $out/sweep/m$rows-configs.log 2>/dev/null
  grep -E "^\| (1|16) " $out/sweep/m$rows.log | cut -c1-200
  [ $((SECONDS - s)) -gt 300 ] && break
done
rm -f "$out/gemv_bench_configs.log"
echo "## done ($((SECONDS - s)) s)"
