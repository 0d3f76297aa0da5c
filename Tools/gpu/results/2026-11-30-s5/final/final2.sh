#!/usr/bin/env bash
# Session 5 final call 2: compute-sanitizer memcheck + racecheck, then the side by side:
# quantjit bench gemm --device cuda (4-bit g128 v1/sym, M = 1, 16, 4096), Marlin (.gpu-m), torch cuBLAS fp16.
set -uo pipefail
dir="$(dirname "$0")"; out=/tmp/final2; mkdir -p $out; bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
start=$SECONDS
memchecks="$($bin/quantjit-gpu-selftest --list | grep -- '-memcheck$' | tr '\n' ' ') gptq-gemv-dependent-launch"
echo "== memcheck: $memchecks"
timeout 200 compute-sanitizer --tool memcheck --report-api-errors no $bin/quantjit-gpu-selftest $memchecks > "$out/memcheck.log" 2>&1
grep -E "^(PASS|FAIL)|passed|ERROR SUMMARY" "$out/memcheck.log" | cut -c1-200
echo "== memcheck wgmma 2-/8-bit subsets ($((SECONDS-start)) s)"
for subset in 8bit-small 2bit-small; do
  QUANTJIT_WGMMA_CHECK=$subset timeout 120 compute-sanitizer --tool memcheck --report-api-errors no $bin/quantjit-gpu-selftest gptq-gemm-wgmma > "$out/memcheck-wgmma-$subset.log" 2>&1
  grep -E "^(PASS|FAIL)|ERROR SUMMARY" "$out/memcheck-wgmma-$subset.log" | cut -c1-200
done
echo "== racecheck ($((SECONDS-start)) s)"
timeout 150 compute-sanitizer --tool racecheck --report-api-errors no $bin/quantjit-gpu-selftest gptq-gemv-mma-memcheck w8a8-decode-memcheck > "$out/racecheck.log" 2>&1
grep -E "^(PASS|FAIL)|passed|RACECHECK SUMMARY" "$out/racecheck.log" | cut -c1-200
echo "== done ($((SECONDS-start)) s)"
tar czf "${OUT:-/tmp}/final2-logs.tgz" -C /tmp final2 2>/dev/null; true
