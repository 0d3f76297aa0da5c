#!/usr/bin/env bash
# s15 call 6: the register schedule's block shape (32 columns, K warps only: n1) with its
# activations staged per block (x2): r16w4c1u4pmx2{,i,iy,b2it}. Candidates check, then
# --bench-gemv at M = 16 uncut and with the activation-loads cut. Build .gpu-s15f (main + two
# tiledSchedules entries).
set -uo pipefail
bin=/tmp/qj-s15f; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s15f
xz -dc .gpu-s15f/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s15f/BUILD-INFO; s=$SECONDS
timeout 300 "$bin/st" gptq-gemv-mma-candidates > /tmp/s15f/candidates.log 2>&1; echo "candidates rc $?"
grep -E "^(PASS|FAIL)" /tmp/s15f/candidates.log | cut -c1-300
for step in none activation-loads; do
  echo "== $step ($((SECONDS-s)) s)"; cut=(); [ "$step" != none ] && cut=(QUANTJIT_GEMV_CUT=$step)
  env "${cut[@]}" QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=r16w4c1u4pmx2,r16w4c1u4pmx2i,r16w4c1u4pmx2iy,r16w4c1u4pmx2b2it,r16w8c1u4pmb2it,r16w4c1u4plm \
    QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 timeout 200 "$bin/st" --bench-gemv > /tmp/s15f/bench-$step.log 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" /tmp/s15f/bench-$step-configs.log 2>/dev/null
  grep -E "x2:|x2i:|x2iy:|x2b2it:|pmb2it:|u4plm:" /tmp/s15f/bench-$step-configs.log | grep "M 16" | sed -E 's/: median ([0-9.]{4})[0-9]* µs, min.*graph ([0-9.]{4}).*/: \1 (graph \2)/'
done
echo "== done ($((SECONDS-s)) s)"
mkdir -p "$out/logs" && cp /tmp/s15f/* "$out/logs/" 2>/dev/null; true
