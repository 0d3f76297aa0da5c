#!/usr/bin/env bash
# s13 call 9: row pairs (GPUGEMVConfig.rowPairs, suffix h) — 16-row schedules made of 8-row warp
# pairs sharing one weight stream (NEXT.md item 1), the M ≤ 8 picks' twins; checked, then timed at
# M = 16 beside the picks. Build .gpu-s13j = main + the uncommitted rowPairs change (call9/rowpairs.patch).
set -uo pipefail
bin=/tmp/qj-s13j; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13j
xz -dc .gpu-s13j/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13j/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
pairs=r16w24c1u4pmhb1iy,r16w8c1u4plmhi,r16w8c1u4plmhiy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    h16*) QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=$pairs QUANTJIT_GEMV_SHAPES=$all \
             timeout 250 "$bin/st" --bench-gemv > /tmp/s13j/$step.log 2>&1; echo "rc $?"
           cp "$out/gemv_bench_configs.log" /tmp/s13j/$step-configs.log 2>/dev/null; grep -E "^\||copy" /tmp/s13j/$step.log | grep -v -- "---" | cut -c1-250 ;;
    *) timeout 300 "$bin/st" "$step" > /tmp/s13j/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s13j/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13j-logs.tgz" -C /tmp s13j 2>/dev/null; true
