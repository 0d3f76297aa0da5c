#!/usr/bin/env bash
# run-g.sh -- gpugemm helper's device script (bf16 run, 2026-11-30): checks, bf16 bench, torch anchors.
set -uo pipefail
dir=.gpu-g; bin=/tmp/qj-g; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader
s=$SECONDS
echo "== gptq-gemm-wgmma"; timeout 120 "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/wgmma_check.log"
echo "== gptq-gemm-mma gptq-gemm-bf16-executor ($((SECONDS-s)) s)"
timeout 100 "$bin/st" gptq-gemm-mma gptq-gemm-bf16-executor 2>&1 | tee "$out/mma_check.log"
echo "== --bench-gemm-bf16 ($((SECONDS-s)) s)"; timeout 120 "$bin/st" --bench-gemm-bf16 2>&1 | tee "$out/bf16_bench.log"
cp "$out/gemm_bf16_bench.log" "$out/bf16_bench_rounds.log" 2>/dev/null
echo "== torch anchors fp16,bf16 M=4096 ($((SECONDS-s)) s)"
PYTHONUNBUFFERED=1 timeout 120 python3 "$dir/torch_anchors.py" --rows 4096 --dtype fp16,bf16 --json "$out/torch_anchors.json" 2>&1 | tee "$out/torch_anchors.log"
echo "== done ($((SECONDS-s)) s)"
