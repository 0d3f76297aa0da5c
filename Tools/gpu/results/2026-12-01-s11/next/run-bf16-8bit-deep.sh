#!/usr/bin/env bash
# Prepared for the next session (NEXT.md item 1), not run: with `git apply
# Tools/gpu/results/2026-12-01-s11/next/bf16-8bit-deep.patch` built into a static self-test in
# .gpu-next (Tools/gpu/build-static.sh quantjit-gpu-selftest), the bf16 checks that must pass before
# bf16 8-bit at N < 16384 <= K reads interleaved words: gptq-gemv-mma-bf16 runs every layout's bf16
# picks (now interleaved subnormal ones at K >= 16384), executor-routes the routes.
set -uo pipefail
dir=.gpu-next; bin=/tmp/qj-next; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/next
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for check in gptq-gemv-mma-bf16 executor-routes; do
  echo "== $check ($((SECONDS-s)) s)"
  timeout 250 "$bin/st" "$check" > /tmp/next/$check.log 2>&1; echo "rc $?"
  grep -E "^(PASS|FAIL)" /tmp/next/$check.log | cut -c1-500
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/next-logs.tgz" -C /tmp next 2>/dev/null; true
