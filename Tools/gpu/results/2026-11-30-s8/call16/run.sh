#!/usr/bin/env bash
# s8 call: the GEMV checks with early-load cases (every layout, bf16, memcheck).
set -uo pipefail
dir=.gpu-s8l; bin=/tmp/qj-s8l; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8l
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for c in gptq-gemv-mma gptq-gemv-mma-bf16 gptq-gemv-mma-candidates; do
  echo "== $c ($((SECONDS-s)) s)"; timeout 120 "$bin/st" $c > /tmp/s8l/$c.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s8l/$c.log | cut -c1-300
done
echo "== memcheck ($((SECONDS-s)) s)"
timeout 150 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s8l/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s8l/memcheck.log | cut -c1-200
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s8l-logs.tgz" -C /tmp s8l 2>/dev/null; true
