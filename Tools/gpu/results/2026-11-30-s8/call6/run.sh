#!/usr/bin/env bash
# s8 call: early loads (e) in the staged-activation GEMV schedules.
set -uo pipefail
dir=.gpu-s8c; bin=/tmp/qj-s8c; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8c
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s8c/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s8c/check.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-28672x8192} QUANTJIT_GEMV_ROWS=${ROWS:-16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-r16w8n4c1u8pmx2ie,r16w8n4c1u4pmx2ie,r16w8n4c1u4pmx2b2ie,r16w8n4c1u8ps4mx2ie,r16w8n4c1u4ps4mx2ie,r16w8n4c1u4ps4mx2b2ie,r8w8n2c1u8pmx2ie,r8w8n2c1u4pmx2ie,r8w8n2c1u4pmx2b2ie} timeout 250 "$bin/st" --bench-gemv > /tmp/s8c/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s8c/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s8c/$step.log | cut -c1-250; grep median /tmp/s8c/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s8c-logs.tgz" -C /tmp s8c 2>/dev/null; true
