#!/usr/bin/env bash
# Lead, final device call 2 of session 4: compute-sanitizer memcheck (the -memcheck subsets, the
# dependent-launch check, the 8-bit wgmma subset) and racecheck (GEMV, W8A8 decode).
set -uo pipefail
dir="$(dirname "$0")"; out="${OUT:-/tmp}"; bin=/tmp/quantjit-bin; mkdir -p $bin
[ -x $bin/quantjit-gpu-selftest ] || { xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2; }
start=$SECONDS
memchecks="$($bin/quantjit-gpu-selftest --list | grep -- '-memcheck$' | tr '\n' ' ') gptq-gemv-dependent-launch"
echo "== memcheck: $memchecks"
timeout 200 compute-sanitizer --tool memcheck --report-api-errors no $bin/quantjit-gpu-selftest $memchecks > "$out/memcheck.log" 2>&1
grep -E "^(PASS|FAIL)|passed|ERROR SUMMARY" "$out/memcheck.log" | cut -c1-300
echo "== memcheck 8-bit wgmma subset ($((SECONDS-start)) s)"
QUANTJIT_WGMMA_CHECK=8bit-small timeout 120 compute-sanitizer --tool memcheck --report-api-errors no $bin/quantjit-gpu-selftest gptq-gemm-wgmma > "$out/memcheck-wgmma8.log" 2>&1
grep -E "^(PASS|FAIL)|passed|ERROR SUMMARY" "$out/memcheck-wgmma8.log" | cut -c1-300
echo "== racecheck ($((SECONDS-start)) s)"
timeout 150 compute-sanitizer --tool racecheck --report-api-errors no $bin/quantjit-gpu-selftest gptq-gemv-mma-memcheck w8a8-decode-memcheck > "$out/racecheck.log" 2>&1
grep -E "^(PASS|FAIL)|passed|RACECHECK SUMMARY" "$out/racecheck.log" | cut -c1-300
echo "== done ($((SECONDS-start)) s)"
