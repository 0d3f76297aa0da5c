#!/usr/bin/env bash
# s8 call: L2 prefetches (f2, f4) two and four bodies ahead in the staged-activation GEMV schedules.
set -uo pipefail
dir=.gpu-s8j; bin=/tmp/qj-s8j; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8j
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s8j/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s8j/check.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-28672x8192} QUANTJIT_GEMV_ROWS=${ROWS:-16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-r16w8n4c1u8pmx2if2,r16w8n4c1u4ps4mx2ief2,r16w8n4c1u4pmx2ief2,r16w8n4c1u4ps4mx2b2ief2,r16w8n4c1u4pmx2b2ief2,r16w8n4c1u8pmx2if4,r16w8n4c1u4ps4mx2ief4,r16w8n4c1u4pmx2ief4,r16w8n4c1u4ps4mx2b2ief4,r16w8n4c1u4pmx2b2ief4,r8w8n2c1u8pmx2if2,r16w8n4c1u4pmx2if2,r8w8n2c1u8pmx2if4,r16w8n4c1u4pmx2if4} timeout 250 "$bin/st" --bench-gemv > /tmp/s8j/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s8j/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s8j/$step.log | cut -c1-250; grep median /tmp/s8j/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s8j-logs.tgz" -C /tmp s8j 2>/dev/null; true
