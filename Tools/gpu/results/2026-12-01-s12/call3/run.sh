#!/usr/bin/env bash
# s12 call 3: the FP8 W8A16 GEMV sweep (every valid candidate, f16 and bf16, M = 1 and 16, the
# three decode shapes), self-test of the commit that added QUANTJIT_GEMV_BITS=fp8.
set -uo pipefail
dir=.gpu-s12c; bin=/tmp/qj-s12c; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12c
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    f16-*|bf16-*) QUANTJIT_GEMV_BITS=fp8 QUANTJIT_GEMV_ACTIVATION=${step%%-*} QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_SHAPES=${step#*-} \
        timeout ${LIMIT:-200} "$bin/st" --bench-gemv > /tmp/s12c/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s12c/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s12c/$step.log | grep -v '^|---' | cut -c1-250 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s12c/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s12c/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12c-logs.tgz" -C /tmp s12c 2>/dev/null; true
