#!/usr/bin/env bash
# s12 call 6: the 4-bit g128 sweep with bf16 activations (every valid candidate, v1 and symmetric,
# M = 1 and 16), self-test of 4ef5bf7 (.gpu-s12e). 4-bit bf16 runs the f16 picks, never swept.
set -uo pipefail
dir=.gpu-s12e; bin=/tmp/qj-s12f; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12f
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for shape in "$@"; do
  echo "== $shape ($((SECONDS-s)) s)"
  QUANTJIT_GEMV_ACTIVATION=bf16 QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_SHAPES=$shape \
    timeout 190 "$bin/st" --bench-gemv > /tmp/s12f/$shape.log 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" /tmp/s12f/$shape-configs.log 2>/dev/null
  grep -E "^\||copy|empty" /tmp/s12f/$shape.log | grep -v '^|---' | cut -c1-250
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12f-logs.tgz" -C /tmp s12f 2>/dev/null; true
