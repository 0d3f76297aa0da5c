#!/usr/bin/env bash
# s10 call 10: the 8-bit and FP8 picks in strips: bf16, FP8 and the executor routes (released packed words rebuilt from strips).
set -uo pipefail
dir=.gpu-s10j; bin=/tmp/qj-s10j; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10j
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for check in gptq-gemv-mma-bf16 fp8-gemv-mma executor-routes determinism gptq-gemv-mma-candidates; do
  echo "== $check ($((SECONDS-s)) s)"
  timeout 250 "$bin/st" "$check" > /tmp/s10j/$check.log 2>&1; echo "rc $?"
  grep -E "^(PASS|FAIL)" /tmp/s10j/$check.log | cut -c1-500
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10j-logs.tgz" -C /tmp s10j 2>/dev/null; true
