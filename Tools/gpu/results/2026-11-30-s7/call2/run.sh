#!/usr/bin/env bash
# s7 call 2: the W8A8 decode kernel with tiled weights (suffix l): w8a8-decode (tiled cases), memcheck,
# then rounds of the FP8 per-tensor decode bench (tiled twins next to the picks) and torch's _scaled_mm in the same call.
set -uo pipefail
dir=.gpu-s7b; bin=/tmp/qj-s7b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s7b
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
configs=r8t1w8u4b4l,r8t1g2w2u4b8sl,r8t1g2w2u4b8l,r8t1w4u4b8l,r16t1w4u4hl,r16t1w4u2hl,r16t1g2w2u2b8hl,r16t1w8u2b4hl,r8t1g2w2u4b8,r8t1w4u4b8,r16t1g2w2u2b8h,r16t1w8u2b4h
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 200 "$bin/st" w8a8-decode > /tmp/s7b/check.log 2>&1; grep -E "^(PASS|FAIL)|passed" /tmp/s7b/check.log | cut -c1-300 ;;
    mem) timeout 150 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" w8a8-decode-memcheck > /tmp/s7b/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s7b/memcheck.log | cut -c1-200 ;;
    bench*) QUANTJIT_W8A8_DECODE_SPECS=e4m3_tensor QUANTJIT_W8A8_DECODE_ROWS=1,16 QUANTJIT_W8A8_DECODE_CONFIGS=$configs timeout 200 "$bin/st" --bench-w8a8-decode > /tmp/s7b/$step.log 2>&1; cp "$out/w8a8_decode_bench_configs.log" /tmp/s7b/$step-configs.log 2>/dev/null; grep -E "^\|" /tmp/s7b/$step.log; grep median /tmp/s7b/$step-configs.log | sed -E 's/: median ([0-9.]{1,6})[0-9]* µs.*/ \1/' | cut -c1-120 ;;
    torch*) PYTHONUNBUFFERED=1 timeout 120 python3 Tools/bench/torch_w8a8_anchors.py --repetitions 40 --rows 1,16 > /tmp/s7b/$step.log 2>&1; grep -E "^\|" /tmp/s7b/$step.log | head -20 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s7b-logs.tgz" -C /tmp s7b 2>/dev/null; true
