#!/usr/bin/env bash
# s10 call 3: the M ≤ 8 schedules at M = 8 (what a warp of 8 rows streams at), against M = 1 and 16.
set -uo pipefail
dir=.gpu-s10a; bin=/tmp/qj-s10c; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10c
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=r8w12c1u4pmb2iy,r8w4c1u4plmi,r8w4c1u4plmiy,r8w10c1u4pmiy,r8w8c1u8pmiy,r8w8n2c1u8pmx2iy,r8w12c1u4plmiy,r16w8c1u4pmiy,r16w8n4c1u8pmx2i
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s10c/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s10c/check.log | cut -c1-900 ;;
    cand) timeout 250 "$bin/st" gptq-gemv-mma-candidates > /tmp/s10c/cand.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s10c/cand.log | cut -c1-600 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s10c/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s10c/memcheck.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} timeout 280 "$bin/st" --bench-gemv > /tmp/s10c/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s10c/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s10c/$step.log | cut -c1-250; grep median /tmp/s10c/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10c-logs.tgz" -C /tmp s10c 2>/dev/null; true
