#!/usr/bin/env bash
# s8 call: early loads one (e) and two (e2) bodies ahead in the staged-activation GEMV schedules.
set -uo pipefail
dir=.gpu-s8e; bin=/tmp/qj-s8e; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8e
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s8e/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s8e/check.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-28672x8192} QUANTJIT_GEMV_ROWS=${ROWS:-16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-r16w8n4c1u4pmx2ie,r16w8n4c1u4pmx2b2ie,r16w8n4c1u4pmx2ie2,r16w8n4c1u4pmx2b2ie2,r16w8n4c1u4ps4mx2ie,r16w8n4c1u4ps4mx2b2ie,r16w8n4c1u4ps4mx2ie2,r16w8n4c1u4ps4mx2b2ie2,r8w8n2c1u4pmx2ie2} timeout 250 "$bin/st" --bench-gemv > /tmp/s8e/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s8e/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s8e/$step.log | cut -c1-250; grep median /tmp/s8e/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s8e-logs.tgz" -C /tmp s8e 2>/dev/null; true
