#!/usr/bin/env bash
# s12 call 11: the 4-bit bf16 M ≤ 8 picks for zero points checked (gptq-gemv-mma-bf16 runs every
# layout's bf16 picks, executor-routes) and timed beside the pick of before (r8w12c1u4pmb2iy).
set -uo pipefail
dir=.gpu-s12k; bin=/tmp/qj-s12k; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12k
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) env QUANTJIT_GEMV_CONFIGS=r8w12c1u4pmb2iy QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 QUANTJIT_GEMV_ACTIVATION=bf16 \
        QUANTJIT_GEMV_ROWS=1 timeout 200 "$bin/st" --bench-gemv > /tmp/s12k/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s12k/$step-configs.log 2>/dev/null ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s12k/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s12k/$step.log | cut -c1-300 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12k-logs.tgz" -C /tmp s12k 2>/dev/null; true
