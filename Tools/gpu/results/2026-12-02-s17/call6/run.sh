#!/usr/bin/env bash
# s17 call 6: the issue-5 side by side with .gpu-s17c (main 60f4a69): torch's fp16 cuBLAS matmul, the
# 4-bit g128 picks at M = 1 and 16 (twice, torch between), then memcheck of gptq-gemv-mma-memcheck.
set -uo pipefail
out="${OUT:-/tmp}"; s=$SECONDS; dir=.gpu-s17c
bin=/tmp/st-c; xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin && chmod +x $bin || exit 2
mkdir -p $out/s17f
torch() {
  timeout 120 python3 Tools/bench/torch_anchors.py --rows 1,16 --json $out/s17f/torch$1.json > $out/s17f/torch$1.log 2>&1
  echo "## torch $1 rc $? ($((SECONDS - s)) s)"; grep -E "^\||copy" $out/s17f/torch$1.log | head -14
}
picks() {
  QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS= timeout 120 $bin --bench-gemv > $out/s17f/picks$1.log 2>&1
  echo "## picks $1 rc $? ($((SECONDS - s)) s)"; grep -E "^\| (1|16) |copy" $out/s17f/picks$1.log | cut -c1-200
}
torch 1; picks 1; torch 2; picks 2
timeout 200 compute-sanitizer --tool memcheck --report-api-errors no $bin gptq-gemv-mma-memcheck > $out/s17f/memcheck.log 2>&1
echo "## memcheck ($((SECONDS - s)) s)"; grep -E "^(PASS|FAIL)|ERROR SUMMARY" $out/s17f/memcheck.log | cut -c1-300
rm -f "$out/gemv_bench_configs.log"
