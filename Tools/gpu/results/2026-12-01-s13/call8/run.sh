#!/usr/bin/env bash
# s13 call 8: what one 8-row pass costs — the M ≤ 8 picks at M = 8 (and the M = 16 picks at M = 16
# beside them), main build .gpu-s13h: the floor for splitting M = 16 into two 8-row warps that
# share one weight stream (NEXT.md item 1).
set -uo pipefail
bin=/tmp/qj-s13h; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13i
xz -dc .gpu-s13h/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13h/BUILD-INFO; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  QUANTJIT_GEMV_ROWS=1,8,16 QUANTJIT_GEMV_CONFIGS= timeout 250 "$bin/st" --bench-gemv > /tmp/s13i/$step.log 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" /tmp/s13i/$step-configs.log 2>/dev/null; grep -E "^\||copy" /tmp/s13i/$step.log | grep -v -- "---" | cut -c1-250
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13i-logs.tgz" -C /tmp s13i 2>/dev/null; true
