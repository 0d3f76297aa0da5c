#!/usr/bin/env bash
# run-g2.sh -- gpugemm helper's second bf16 run (2026-11-30): wgmma check with the small-M candidate,
# bf16 decode through the GEMM vs the f16 GEMV, torch bf16/fp16 at M = 1, 16.
set -uo pipefail
dir=.gpu-g; bin=/tmp/qj-g; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader
s=$SECONDS
echo "== gptq-gemm-wgmma"; timeout 100 "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/wgmma_check.log"
echo "== --bench-gemm-bf16-decode ($((SECONDS-s)) s)"; timeout 100 "$bin/st" --bench-gemm-bf16-decode 2>&1 | tee "$out/bf16_decode_bench.log"
echo "== torch anchors fp16,bf16 M=1,16 ($((SECONDS-s)) s)"
PYTHONUNBUFFERED=1 timeout 90 python3 "$dir/torch_anchors.py" --rows 1,16 --dtype fp16,bf16 --json "$out/torch_anchors_decode.json" 2>&1 | tee "$out/torch_anchors_decode.log"
echo "== done ($((SECONDS-s)) s)"
