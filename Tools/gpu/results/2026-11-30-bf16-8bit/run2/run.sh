#!/usr/bin/env bash
# run.sh -- device script for 8-bit bf16 decode GEMV and bf16 FP8 W8A16 (branch gpugemv; run 2 adds the subnormal `d` variants):
# the checks, the bf16-vs-f16 bench (8-bit g128 v1/sym and FP8, M = 1 and 16, copy bandwidth in
# the same process), then memcheck on the two GEMV checks.
set -uo pipefail
dir=.gpu-b8; bin=/tmp/qj-b8; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader
s=$SECONDS
echo "== checks"
timeout 90 "$bin/st" gptq-gemv-mma-bf16 fp8-gemv-mma gptq-gemm-bf16-executor 2>&1 | tee "$out/checks.log"
echo "== --bench-gemv-bf16, QUANTJIT_GEMV_BF16_WEIGHTS=8,fp8 ($((SECONDS-s)) s)"
QUANTJIT_GEMV_BF16_WEIGHTS=8,fp8 timeout 150 "$bin/st" --bench-gemv-bf16 2>&1 | tee "$out/bench_bf16.log"
echo "== compute-sanitizer --tool memcheck fp8-gemv-mma gptq-gemv-mma-bf16 ($((SECONDS-s)) s)"
timeout 110 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" fp8-gemv-mma gptq-gemv-mma-bf16 2>&1 | tail -20 | tee "$out/memcheck.log"
echo "== done ($((SECONDS-s)) s)"
