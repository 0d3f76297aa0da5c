#!/usr/bin/env bash
# s10 call 8: words as packed in 32-column strips (8-bit GPTQ, FP8 W8A16): the GEMV checks, FP8, memcheck, executor routes.
set -uo pipefail
dir=.gpu-s10h; bin=/tmp/qj-s10h; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10h
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for check in gptq-gemv-mma fp8-gemv-mma gptq-gemv-mma-bf16 executor-routes; do
  echo "== $check ($((SECONDS-s)) s)"
  timeout 250 "$bin/st" "$check" > /tmp/s10h/$check.log 2>&1; echo "rc $?"
  grep -E "^(PASS|FAIL)" /tmp/s10h/$check.log | cut -c1-500
done
echo "== memcheck ($((SECONDS-s)) s)"
timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s10h/memcheck.log 2>&1
grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s10h/memcheck.log | cut -c1-300
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10h-logs.tgz" -C /tmp s10h 2>/dev/null; true
