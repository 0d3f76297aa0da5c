#!/usr/bin/env bash
# run3.sh -- after the pick (d below N = 16384): the executor's bf16 choice and launch
# (gptq-gemm-bf16-executor), then the bf16-vs-f16 bench again (a second sample of f16 / f32 path / d).
set -uo pipefail
dir=.gpu-b8; bin=/tmp/qj-b8; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader
s=$SECONDS
echo "== checks"
timeout 25 "$bin/st" gptq-gemm-bf16-executor 2>&1 | tee "$out/checks.log"
echo "== --bench-gemv-bf16, QUANTJIT_GEMV_BF16_WEIGHTS=8,fp8 ($((SECONDS-s)) s)"
QUANTJIT_GEMV_BF16_WEIGHTS=8,fp8 timeout 40 "$bin/st" --bench-gemv-bf16 2>&1 | tee "$out/bench_bf16.log"
echo "== done ($((SECONDS-s)) s)"
