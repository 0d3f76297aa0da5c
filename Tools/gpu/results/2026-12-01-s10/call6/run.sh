#!/usr/bin/env bash
# s10 call 6: M = 16 register schedules of 2 warps per 32-column block (896 blocks on 28672 columns, one balanced wave).
set -uo pipefail
dir=.gpu-s10f; bin=/tmp/qj-s10f; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10f
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=r16w2c1u4pmi,r16w2c1u4pmiy,r16w2c1u4plmi,r16w2c1u4plmiy,r16w2c1u2pmi,r16w2c1u2pmiy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s10f/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s10f/check.log | cut -c1-900 ;;
    cand) timeout 250 "$bin/st" gptq-gemv-mma-candidates > /tmp/s10f/cand.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s10f/cand.log | cut -c1-600 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s10f/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s10f/memcheck.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} timeout 280 "$bin/st" --bench-gemv > /tmp/s10f/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s10f/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s10f/$step.log | cut -c1-250; grep median /tmp/s10f/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10f-logs.tgz" -C /tmp s10f 2>/dev/null; true
