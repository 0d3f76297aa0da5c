#!/usr/bin/env bash
# s12 call 4: fp8-gemv-mma and executor-routes on the new FP8 picks, then the FP8 sweep again (now
# with interleaved candidates): every valid candidate, f16 and bf16, M = 1 and 16.
set -uo pipefail
dir=.gpu-s12d; bin=/tmp/qj-s12d; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12d
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    f16-*|bf16-*) QUANTJIT_GEMV_BITS=fp8 QUANTJIT_GEMV_ACTIVATION=${step%%-*} QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_SHAPES=${step#*-} \
        timeout ${LIMIT:-200} "$bin/st" --bench-gemv > /tmp/s12d/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s12d/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s12d/$step.log | grep -v '^|---' | cut -c1-250 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s12d/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s12d/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12d-logs.tgz" -C /tmp s12d 2>/dev/null; true
