#!/usr/bin/env bash
# s10 call 1: the checks the ninth session's last commits had not run on a GPU (1c75b29).
set -uo pipefail
dir=.gpu-s10a; bin=/tmp/qj-s10a; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10a
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for check in gptq-gemv-mma-bf16 executor-routes gptq-gemv-mma-candidates determinism; do
  echo "== $check ($((SECONDS-s)) s)"
  timeout 250 "$bin/st" "$check" > /tmp/s10a/$check.log 2>&1; echo "rc $?"
  grep -E "^(PASS|FAIL)" /tmp/s10a/$check.log | cut -c1-400
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10a-logs.tgz" -C /tmp s10a 2>/dev/null; true
