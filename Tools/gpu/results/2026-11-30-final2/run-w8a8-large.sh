#!/usr/bin/env bash
# Lead: the W8A8 wgmma GEMMs at M = 1024, 4096 (FP8 per-tensor, FP8 channel x token, INT8) and
# torch's _scaled_mm / _int_mm on the same shapes, in the same device call.
set -uo pipefail
dir="$(dirname "$0")"; out="${OUT:-/tmp}"
bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
cat "$dir/BUILD-INFO"
QUANTJIT_W8A8_ROWS=1024,4096 QUANTJIT_W8A8_BENCH=wgmma timeout 100 $bin/quantjit-gpu-selftest --bench-w8a8 2>&1 | tee "$out/w8a8_bench.log"
PYTHONUNBUFFERED=1 timeout 80 python3 Tools/bench/torch_w8a8_anchors.py --repetitions 20 --rows 1024,4096 --json "$out/torch_w8a8_anchors.json" 2>&1 | tee "$out/torch_w8a8_anchors.log"
