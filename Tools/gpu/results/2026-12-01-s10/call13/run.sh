#!/usr/bin/env bash
# s10 call 13: final checks of the picks in strips (8-bit, 2-bit, FP8): bf16, FP8, GEMV, executor routes, determinism.
set -uo pipefail
dir=.gpu-s10m; bin=/tmp/qj-s10m; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10m
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for check in gptq-gemv-mma-bf16 fp8-gemv-mma executor-routes determinism gptq-gemv-mma; do
  echo "== $check ($((SECONDS-s)) s)"
  timeout 250 "$bin/st" "$check" > /tmp/s10m/$check.log 2>&1; echo "rc $?"
  grep -E "^(PASS|FAIL)" /tmp/s10m/$check.log | cut -c1-500
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10m-logs.tgz" -C /tmp s10m 2>/dev/null; true
