#!/usr/bin/env bash
# s10 call 7: M = 16 staged-activation schedules with two column words per warp (each staged activation feeds twice the weights).
set -uo pipefail
dir=.gpu-s10g; bin=/tmp/qj-s10g; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10g
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=r16w8n2c2u2pmx2i,r16w8n2c2u2pmx2iy,r16w8n2c2u2pmx2b2i,r16w8n2c2u2pmx2b2iy,r16w8n2c2u2ps4mx2i,r16w8n2c2u2ps4mx2iy,r16w8n2c2u2ps4mx2b2i,r16w8n2c2u2ps4mx2b2iy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s10g/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s10g/check.log | cut -c1-900 ;;
    cand) timeout 250 "$bin/st" gptq-gemv-mma-candidates > /tmp/s10g/cand.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s10g/cand.log | cut -c1-600 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s10g/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s10g/memcheck.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} timeout 280 "$bin/st" --bench-gemv > /tmp/s10g/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s10g/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s10g/$step.log | cut -c1-250; grep median /tmp/s10g/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10g-logs.tgz" -C /tmp s10g 2>/dev/null; true
