#!/usr/bin/env bash
# s12 call 15: the 8-bit bf16 picks below 16384 (interleaved words in strips) checked
# (gptq-gemv-mma-bf16 runs every layout's bf16 picks, executor-routes) and timed beside the
# schedules of before (r8w10c1u4pzy, r16w8c1u4pzy) on 8192 × 8192, two rounds.
set -uo pipefail
dir=.gpu-s12o; bin=/tmp/qj-s12o; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12o
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) env QUANTJIT_GEMV_BITS=8 QUANTJIT_GEMV_CONFIGS=r8w10c1u4pzy,r16w8c1u4pzy QUANTJIT_GEMV_SHAPES=8192x8192 QUANTJIT_GEMV_ACTIVATION=bf16 \
        QUANTJIT_GEMV_ROWS=1,16 timeout 150 "$bin/st" --bench-gemv > /tmp/s12o/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s12o/$step-configs.log 2>/dev/null
      grep -E "^M " /tmp/s12o/$step-configs.log | grep -E 'r8w10c1u4pzy|r16w8c1u4pzy|r8w12c1u4pmb2ziy|r16w8n4c1u8ps4mx2ziy' | cut -c1-90 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s12o/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s12o/$step.log | cut -c1-300 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12o-logs.tgz" -C /tmp s12o 2>/dev/null; true
