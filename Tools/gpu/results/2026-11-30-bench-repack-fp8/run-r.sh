#!/usr/bin/env bash
# Branch `cuda` (engineer r): unpacks the static binaries carried in .gpu-r/, runs the repack
# and FP8 GEMV self-test checks, `quantjit bench --device cuda` at the anchor shapes (GPTQ 4-bit
# g128 v1 at M = 1, 16, 4096; FP8 W8A16 at M = 1, 16), then the torch anchors side by side.
set -uo pipefail
dir="${QUANTJIT_GPU_DIR:-.gpu-r}"
bin=/tmp/qj-r
out="${OUT:-/tmp}"
mkdir -p "$bin"
for a in "$dir"/*.xz; do
    n="$(basename "$a" .xz)"
    xz -dc "$a" > "$bin/$n" && chmod +x "$bin/$n"
done
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.mem --format=csv,noheader
echo "== selftest: repack-kernel fp8-gemv-mma"
timeout 90 "$bin/quantjit-gpu-selftest" repack-kernel fp8-gemv-mma 2>&1 | tee "$out/selftest.log"
echo "== quantjit bench --device cuda (GPTQ 4-bit g128 v1)"
for shape in "8192 8192" "28672 8192" "8192 28672"; do
    set -- $shape
    for m in 1 16 4096; do
        timeout 40 "$bin/quantjit" bench gemm --device cuda -m "$m" -n "$1" -k "$2" --bits 4 --group-size 128 --zero-points v1 2>&1 | tee -a "$out/bench.log"
    done
done
echo "== quantjit bench --device cuda --fp8"
for shape in "8192 8192" "28672 8192"; do
    set -- $shape
    for m in 1 16; do
        timeout 40 "$bin/quantjit" bench gemv --device cuda --fp8 -m "$m" -n "$1" -k "$2" 2>&1 | tee -a "$out/bench_fp8.log"
    done
done
echo "== torch anchors"
if [ -f Tools/bench/torch_anchors.py ]; then
    timeout 60 python3 Tools/bench/torch_anchors.py --rows 1,16,4096 --json "$out/torch_anchors.json" 2>&1 | tee "$out/torch_anchors.log"
fi
