#!/usr/bin/env bash
# s12 call 7: determinism (now with the FP8 W8A16 picks) and compute-sanitizer memcheck of
# fp8-gemv-mma (interleaved codes, split-K picks) and gptq-gemv-mma-memcheck.
set -uo pipefail
dir=.gpu-s12g; bin=/tmp/qj-s12g; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12g
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    mem-*) check=${step#mem-}
      timeout 250 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" $check > /tmp/s12g/$step.log 2>&1
      grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s12g/$step.log | cut -c1-300 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s12g/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s12g/$step.log | cut -c1-300 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12g-logs.tgz" -C /tmp s12g 2>/dev/null; true
