#!/usr/bin/env bash
# GEMV third round, bf16: the bf16 check (float64 reference), then bf16 against f16 timing.
set -uo pipefail
gpu_dir="${QUANTJIT_GPU_DIR:-.gpu-v}"
log="${OUT:-/tmp}"
bin=/tmp/quantjit-bin-v
mkdir -p "$bin"
xz -dc "$gpu_dir/quantjit-gpu-selftest.xz" > "$bin/quantjit-gpu-selftest" && chmod +x "$bin/quantjit-gpu-selftest" || exit 2
selftest="$bin/quantjit-gpu-selftest"
[ -f "$gpu_dir/BUILD-INFO" ] && cat "$gpu_dir/BUILD-INFO"
start=$(date +%s)
timeout 60 stdbuf -oL "$selftest" gptq-gemv-mma-bf16 > "$log/checks_bf16.log" 2>&1
echo "== check rc $? ($(( $(date +%s) - start )) s)"; tail -c 2500 "$log/checks_bf16.log"
timeout 90 stdbuf -oL "$selftest" --bench-gemv-bf16 > "$log/gemv_bf16_bench.log" 2>&1
echo "== bench rc $? ($(( $(date +%s) - start )) s)"; cat "$log/gemv_bf16_bench.log"
