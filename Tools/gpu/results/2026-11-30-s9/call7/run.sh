#!/usr/bin/env bash
# s9 call 7: strip twins of every M ≤ 8 register schedule at M = 1 (a sweep for picks with strips).
set -uo pipefail
dir=.gpu-s9h; bin=/tmp/qj-s9h; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s9h
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=r8w16c1u2pmb2iy,r8w4c1u4plmiy,r8w12c1u4plmiy,r8w10c1u4piy,r8w4c1u8piy,r8w8c1u8piy,r8w8c1u4iy,r8w10c1u4pmiy,r8w4c1u8pmiy,r8w8c1u8pmiy,r8w8c1u4miy,r8w4c1u8plmiy,r8w10c1u4plmiy,r8w4c2u4plmiy,r8w8c2u2plmiy,r8w4c2u2plmiy,r8w8c1u4ps2miy,r8w4c1u8ps2miy,r8w4c2u4ps2lmiy,r8w12c1u2plmiy,r8w8c1u4plmiy,r8w6c1u4plmiy,r8w12c1u4pmb2iy,r8w16c1u2plmb2iy,r8w8n2c1u8pmx2iy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s9h/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9h/check.log | cut -c1-600 ;;
    cand) timeout 250 "$bin/st" gptq-gemv-mma-candidates > /tmp/s9h/cand.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9h/cand.log | cut -c1-600 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s9h/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s9h/memcheck.log | cut -c1-300 ;;
    race) timeout 250 compute-sanitizer --tool racecheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s9h/racecheck.log 2>&1; grep -E "^(PASS|FAIL)|RACECHECK SUMMARY|ERROR SUMMARY" /tmp/s9h/racecheck.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} timeout 280 "$bin/st" --bench-gemv > /tmp/s9h/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s9h/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s9h/$step.log | cut -c1-250; grep median /tmp/s9h/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s9h-logs.tgz" -C /tmp s9h 2>/dev/null; true
