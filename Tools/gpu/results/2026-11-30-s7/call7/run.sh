#!/usr/bin/env bash
# s7 call 7: tiled layout B (16-row x 256-byte blocks) for every W8A8 kernel: FP8 per-tensor decode and wgmma prefill
# against row-major in the same process, then the checks that cover the tiled routes.
set -uo pipefail
dir=.gpu-s7g; bin=/tmp/qj-s7g; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s7g
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
configs=r8t1w8u4b4l,r8t1w4u4b8l,r16t1w8u2b4hl,r16t1w4u2hl
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    decode) QUANTJIT_W8A8_DECODE_SPECS=e4m3_tensor QUANTJIT_W8A8_DECODE_ROWS=1,16 QUANTJIT_W8A8_DECODE_CONFIGS=$configs timeout 100 "$bin/st" --bench-w8a8-decode > /tmp/s7g/decode.log 2>&1; cp "$out/w8a8_decode_bench_configs.log" /tmp/s7g/decode-configs.log 2>/dev/null; grep -E "^\|" /tmp/s7g/decode.log ;;
    prefill) QUANTJIT_W8A8_ROWS=1024,4096 QUANTJIT_W8A8_BENCH=wgmma timeout 200 "$bin/st" --bench-w8a8 > /tmp/s7g/prefill.log 2>&1; cp "$out/w8a8_bench_configs.log" /tmp/s7g/prefill-configs.log 2>/dev/null; grep -E "^\|" /tmp/s7g/prefill.log | grep e4m3_tensor ;;
    checks) for c in w8a8-decode w8a8-gemm w8a8-gemm-wgmma executor-routes; do timeout 200 "$bin/st" $c > /tmp/s7g/check-$c.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s7g/check-$c.log | cut -c1-300; done ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s7g-logs.tgz" -C /tmp s7g 2>/dev/null; true
