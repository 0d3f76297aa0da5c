#!/usr/bin/env bash
# run-wd.sh -- device script for the wgmma split-K decode candidates (prepared 2026-11-30, NOT RUN YET):
# the gptq-gemm-wgmma check (own process: an illegal instruction poisons the context), then the
# M = 16 decode section of --bench-gemm-wgmma alone (QUANTJIT_WGMMA_BENCH=decode), GEMV anchor in the same process.
set -uo pipefail
dir=.gpu-wd; bin=/tmp/qj-wd; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader
s=$SECONDS
echo "== gptq-gemm-wgmma"; timeout 150 "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/wgmma_check.log"
echo "== --bench-gemm-wgmma, decode section only ($((SECONDS-s)) s)"
QUANTJIT_WGMMA_BENCH=decode timeout 200 "$bin/st" --bench-gemm-wgmma 2>&1 | tee "$out/wgmma_decode_bench.log"
echo "== done ($((SECONDS-s)) s)"
