#!/usr/bin/env bash
# s12 call 8: the dequantization bound of call 2 for 2-bit weights (16 values a word): the 2-bit
# f16 picks as they are (x0) and with the fma of their dequantization dropped (x1: wrong values,
# timing only), two rounds; binary of call 2 (.gpu-s12x: 2d9fe65 + call2/nodeq-experiment.patch).
set -uo pipefail
bin=/tmp/qj-s12h; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12h
xz -dc .gpu-s12x/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s12x/BUILD-INFO; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  x=(); [ "${step%-*}" = x1 ] && x=(QUANTJIT_X_NODEQ=1)
  env "${x[@]}" QUANTJIT_GEMV_BITS=2 QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 \
    timeout 200 "$bin/st" --bench-gemv > /tmp/s12h/$step.log 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" /tmp/s12h/$step-configs.log; grep -E "^\||copy" /tmp/s12h/$step.log | grep -v '^|---' | cut -c1-250
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12h-logs.tgz" -C /tmp s12h 2>/dev/null; true
