#!/usr/bin/env bash
# The main job on a fresh machine: set up, build, fetch SmolLM2-135M (Q4_1 GGUF) and run it
# with kernels JIT-compiled at model load; then show the PTX of a 4-bit GEMV for the H200 and
# benchmark that GEMV on this CPU against its measured memory bandwidth.
set -euo pipefail
cd "$(dirname "$0")/.."
bash Tools/setup.sh
bash Tools/fetch-smollm2.sh
swift build -c release --product quantjit
bin=.build/release/quantjit
$bin run models/SmolLM2-135M-Instruct.Q4_1.gguf --prompt "The capital of France is" -n 32 --threads 2
$bin kernels
$bin dump-ptx gemv --bits 4 --group-size 128 --target sm_90 --output .build/gemv_b4_g128_sm90.ptx
echo "PTX written to .build/gemv_b4_g128_sm90.ptx ($(grep -c . .build/gemv_b4_g128_sm90.ptx) lines; $(grep -m1 '^.target' .build/gemv_b4_g128_sm90.ptx))"
$bin bench gemv --bits 4 --group-size 128 -n 4096 -k 4096 --threads 2
