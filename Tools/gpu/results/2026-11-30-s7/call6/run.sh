#!/usr/bin/env bash
# s7 call 6: the wgmma GEMM reading tiled weights with a bulk L2 prefetch of each 16-row tile's next K tile: prefill bench first, then checks.
set -uo pipefail
dir=.gpu-s7f; bin=/tmp/qj-s7f; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s7f
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
configs=r8t1w8u4b4l,r8t1w4u4b8l,r16t1w8u2b4hl,r16t1w4u2hl
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    checks) for c in w8a8-gemm-wgmma executor-routes; do timeout 200 "$bin/st" $c > /tmp/s7f/check-$c.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s7f/check-$c.log | cut -c1-300; done ;;
    mem) for c in w8a8-gemm-wgmma-memcheck; do timeout 150 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" $c > /tmp/s7f/memcheck-$c.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s7f/memcheck-$c.log | cut -c1-200; done ;;
    decode*) QUANTJIT_W8A8_DECODE_ROWS=1,16 QUANTJIT_W8A8_DECODE_CONFIGS=$configs timeout 200 "$bin/st" --bench-w8a8-decode > /tmp/s7f/$step.log 2>&1; cp "$out/w8a8_decode_bench_configs.log" /tmp/s7f/$step-configs.log 2>/dev/null; grep -E "^\|" /tmp/s7f/$step.log; grep median /tmp/s7f/$step-configs.log | grep -E "picked|l:" | sed -E 's/: median ([0-9.]{1,6})[0-9]* µs.*/ \1/' | cut -c1-120 ;;
    prefill) QUANTJIT_W8A8_ROWS=1024,4096 QUANTJIT_W8A8_BENCH=wgmma timeout 300 "$bin/st" --bench-w8a8 > /tmp/s7f/prefill.log 2>&1; cp "$out/w8a8_bench_configs.log" /tmp/s7f/prefill-configs.log 2>/dev/null; grep -E "^\|" /tmp/s7f/prefill.log; grep median /tmp/s7f/prefill-configs.log | grep -E "w2n256s4o(l)?:" | sed -E 's/: median ([0-9.]{1,7})[0-9]* µs.*/ \1/' | cut -c1-140 ;;
    torch*) PYTHONUNBUFFERED=1 timeout 120 python3 Tools/bench/torch_w8a8_anchors.py --repetitions 40 --rows ${ROWS:-1,16} > /tmp/s7f/$step.log 2>&1; grep -E "^\|" /tmp/s7f/$step.log | grep -E "per-tensor|rowwise|int_mm" | head -24 ;;
    mid) QUANTJIT_W8A8_ROWS=64,256 timeout 300 "$bin/st" --bench-w8a8 > /tmp/s7f/mid.log 2>&1; cp "$out/w8a8_bench_configs.log" /tmp/s7f/mid-configs.log 2>/dev/null; grep -E "^\|" /tmp/s7f/mid.log ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s7f-logs.tgz" -C /tmp s7f 2>/dev/null; true
