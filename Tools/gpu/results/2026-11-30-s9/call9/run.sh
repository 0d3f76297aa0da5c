#!/usr/bin/env bash
# s9 call 9: 128-column strips (`yw`) against the picks at M = 1 and 16.
set -uo pipefail
dir=.gpu-s9k; bin=/tmp/qj-s9k; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s9k
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=r8w12c1u4pmb2iyw,r16w8c1u4plmiyw,r16w8n4c1u4pmx2iyw,r16w8n4c1u4ps4mx2b2iywe,r8w4c1u4plmiyw,r16w8c1u4pmiyw,r16w8n4c1u8pmx2iyw,r16w8n4c1u4ps4mx2iywe,r16w8n4c1u8pmx2iy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s9k/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9k/check.log | cut -c1-600 ;;
    cand) timeout 250 "$bin/st" gptq-gemv-mma-candidates > /tmp/s9k/cand.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9k/cand.log | cut -c1-600 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s9k/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s9k/memcheck.log | cut -c1-300 ;;
    race) timeout 250 compute-sanitizer --tool racecheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s9k/racecheck.log 2>&1; grep -E "^(PASS|FAIL)|RACECHECK SUMMARY|ERROR SUMMARY" /tmp/s9k/racecheck.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} timeout 280 "$bin/st" --bench-gemv > /tmp/s9k/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s9k/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s9k/$step.log | cut -c1-250; grep median /tmp/s9k/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s9k-logs.tgz" -C /tmp s9k 2>/dev/null; true
