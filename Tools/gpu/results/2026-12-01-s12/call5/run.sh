#!/usr/bin/env bash
# s12 call 5: the FP8 W8A16 picks of call 4 checked (fp8-gemv-mma runs them, executor-routes) and
# timed again beside the picks of before (QUANTJIT_GEMV_CONFIGS names those; the picks always run).
set -uo pipefail
dir=.gpu-s12e; bin=/tmp/qj-s12e; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12e
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
old=r8w10c1u4py,r16w8c1u4py,r8w4c1u8py,r16w4c1u4py,r8w8c1u8py,r8w10c1u4pzy,r16w8c1u4pzy,r8w4c1u8pz,r16w4c1u4p,r8w8c1u8pzy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    f16*|bf16*) QUANTJIT_GEMV_BITS=fp8 QUANTJIT_GEMV_ACTIVATION=${step%%[0-9]} QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS=$old \
        QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 timeout 200 "$bin/st" --bench-gemv > /tmp/s12e/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s12e/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s12e/$step.log | grep -v '^|---' | cut -c1-250 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s12e/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s12e/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12e-logs.tgz" -C /tmp s12e 2>/dev/null; true
