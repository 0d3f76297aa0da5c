#!/usr/bin/env bash
# s11 call 12: the bf16 picks (8-bit at N >= 16384 now the f16 picks) in gptq-gemv-mma-bf16, which
# now runs every bf16 layout's picks, and the executor routes.
set -uo pipefail
dir=.gpu-s11l; bin=/tmp/qj-s11l; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11l
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for check in gptq-gemv-mma-bf16 executor-routes; do
  echo "== $check ($((SECONDS-s)) s)"
  timeout 250 "$bin/st" "$check" > /tmp/s11l/$check.log 2>&1; echo "rc $?"
  grep -E "^(PASS|FAIL)" /tmp/s11l/$check.log | cut -c1-500
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11l-logs.tgz" -C /tmp s11l 2>/dev/null; true
