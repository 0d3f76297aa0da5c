#!/usr/bin/env bash
# Branch `cuda` (engineer r), run 2: the repack-kernel self-test check after adding FP8 sources,
# bf16/f32 scales and K-major items for compressed-tensors/FP8 sources.
set -uo pipefail
dir="${QUANTJIT_GPU_DIR:-.gpu-r}"
out="${OUT:-/tmp}"
xz -dc "$dir/quantjit-gpu-selftest.xz" > /tmp/qj-r-selftest && chmod +x /tmp/qj-r-selftest
cat "$dir/BUILD-INFO"
timeout 60 /tmp/qj-r-selftest repack-kernel 2>&1 | tee "$out/selftest2.log"
