#!/usr/bin/env bash
# s9 call 5: interleaved words in 32-column strips (`y`): checks, memcheck, and the strip twins of the picks at M = 1 and 16.
set -uo pipefail
dir=.gpu-s9e; bin=/tmp/qj-s9e; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s9e
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=r8w16c1u2pmb2iy,r8w12c1u4plmiy,r8w4c1u4plmiy,r16w8c1u4pmiy,r16w8n4c1u4ps4mx2iye,r16w8n4c1u8pmx2iy,r8w10c1u4plmiy,r8w12c1u4pmb2iy,r8w8n2c1u8pmx2iy,r16w8c1u4plmiy,r16w8n4c1u4ps4mx2b2iye,r16w8n4c1u4pmx2iy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s9e/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9e/check.log | cut -c1-600 ;;
    cand) timeout 250 "$bin/st" gptq-gemv-mma-candidates > /tmp/s9e/cand.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9e/cand.log | cut -c1-600 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s9e/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s9e/memcheck.log | cut -c1-300 ;;
    race) timeout 250 compute-sanitizer --tool racecheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s9e/racecheck.log 2>&1; grep -E "^(PASS|FAIL)|RACECHECK SUMMARY|ERROR SUMMARY" /tmp/s9e/racecheck.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} timeout 280 "$bin/st" --bench-gemv > /tmp/s9e/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s9e/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s9e/$step.log | cut -c1-250; grep median /tmp/s9e/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s9e-logs.tgz" -C /tmp s9e 2>/dev/null; true
