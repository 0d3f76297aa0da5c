#!/usr/bin/env bash
# s17 call 8 (issue 6): every W8A8 decode candidate for FP8 e4m3 per-tensor at M = 1 and 16 on the
# three shapes (.gpu-s17c; the W8A8 code is main's), between two runs of torch's _scaled_mm: is there a
# row-major schedule at ≥ 1.0× torch on the large shapes?
set -uo pipefail
out="${OUT:-/tmp}"; s=$SECONDS; dir=.gpu-s17c
bin=/tmp/st-c; xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin && chmod +x $bin || exit 2
mkdir -p $out/w8a8
torch() {
  timeout 150 python3 Tools/bench/torch_w8a8_anchors.py --repetitions 40 --rows 1,16 > $out/w8a8/torch$1.log 2>&1
  echo "## torch $1 rc $? ($((SECONDS - s)) s)"; grep -E "^\|" $out/w8a8/torch$1.log | grep -E "per-tensor" | head -8
}
torch 1
QUANTJIT_W8A8_DECODE_SPECS=e4m3_tensor timeout 300 $bin --bench-w8a8-decode > $out/w8a8/decode.log 2>&1
echo "## decode rc $? ($((SECONDS - s)) s)"
cp "$out/w8a8_decode_bench_configs.log" $out/w8a8/decode-configs.log 2>/dev/null; rm -f "$out/w8a8_decode_bench_configs.log"
grep -E "^\|" $out/w8a8/decode.log | head -20
torch 2
echo "## done ($((SECONDS - s)) s)"
