#!/usr/bin/env bash
# s8 call: one block per SM of 7 column warps with early loads (e, e2) on 28672 x 8192, M = 16.
set -uo pipefail
dir=.gpu-s8g; bin=/tmp/qj-s8g; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8g
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s8g/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s8g/check.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-28672x8192} QUANTJIT_GEMV_ROWS=${ROWS:-16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-r16w14n7c1u4pmx2b1ie,r16w14n7c1u4pmx2b1ie2,r16w8n4c1u4pmx2ie,r16w8n4c1u4pmx2b2ie} timeout 250 "$bin/st" --bench-gemv > /tmp/s8g/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s8g/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s8g/$step.log | cut -c1-250; grep median /tmp/s8g/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s8g-logs.tgz" -C /tmp s8g 2>/dev/null; true
