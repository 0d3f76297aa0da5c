#!/usr/bin/env bash
# s9 call 1: symmetric early loads with paired bodies (b2ite) at M = 16 on the two large shapes.
set -uo pipefail
dir=.gpu-s9a; bin=/tmp/qj-s9a; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s9a
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s9a/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9a/check.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-28672x8192} QUANTJIT_GEMV_ROWS=${ROWS:-16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-r16w8n4c1u4ps4mx2b2ite,r16w8n4c1u4pmx2b2ite,r16w8n4c1u4ps4mx2ie,r16w8n4c1u8pmx2i} timeout 250 "$bin/st" --bench-gemv > /tmp/s9a/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s9a/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s9a/$step.log | cut -c1-250; grep median /tmp/s9a/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s9a-logs.tgz" -C /tmp s9a 2>/dev/null; true
