#!/usr/bin/env bash
# run6.sh: executor-routes (GPULinear releasing GPTQ's words) and the bf16 executor check, session 5 last call.
set -uo pipefail
dir=.gpu-s5; bin=/tmp/qj-s5
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"
for c in executor-routes gptq-gemm-bf16-executor; do
  timeout 120 "$bin/st" $c 2>&1 | grep -E "^PASS|^FAIL|passed|rror" | cut -c1-700
done
