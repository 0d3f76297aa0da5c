#!/usr/bin/env bash
# s13 call 12: the bound table for the other formats with the committed cuts (main a044694, build
# .gpu-s13m): 2-bit g128 and FP8 W8A16 (f16), M = 1 and 16, picks only. Steps: BITS:CUT, e.g.
# 2:none, 2:mma,dequantization, fp8:activation-loads.
set -uo pipefail
bin=/tmp/qj-s13m; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13m
xz -dc .gpu-s13m/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13m/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
for step in "$@"; do
  bits=${step%%:*}; cut=${step#*:}; name=$(echo "$step" | tr ':,' '__')
  echo "== $step ($((SECONDS-s)) s)"
  c=(); [ "$cut" != none ] && c=(QUANTJIT_GEMV_CUT=$cut)
  env "${c[@]}" QUANTJIT_GEMV_BITS=$bits QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=$all \
    timeout 150 "$bin/st" --bench-gemv > /tmp/s13m/$name.log 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" /tmp/s13m/$name-configs.log 2>/dev/null
  grep -E "^\||copy|Timing|rror" /tmp/s13m/$name.log | grep -v -- "---" | cut -c1-200
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13m-logs.tgz" -C /tmp s13m 2>/dev/null; true
