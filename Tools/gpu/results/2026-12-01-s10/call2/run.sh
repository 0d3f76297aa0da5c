#!/usr/bin/env bash
# s10 call 2: folded zero points (`f`): checks, memcheck, and the folded twins of the register picks at M = 1 and 16.
set -uo pipefail
dir=.gpu-s10b; bin=/tmp/qj-s10b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10b
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=r8w12c1u4pmb2iyf,r8w4c1u4plmif,r8w4c1u4plmiyf,r8w10c1u4pmiyf,r8w8c1u8pmiyf,r16w8c1u4pmiyf,r16w8c1u4plmiyf,r16w8c1u4pmif,r16w8c1u4pmiy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s10b/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s10b/check.log | cut -c1-900 ;;
    cand) timeout 250 "$bin/st" gptq-gemv-mma-candidates > /tmp/s10b/cand.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s10b/cand.log | cut -c1-600 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s10b/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s10b/memcheck.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} timeout 280 "$bin/st" --bench-gemv > /tmp/s10b/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s10b/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s10b/$step.log | cut -c1-250; grep median /tmp/s10b/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10b-logs.tgz" -C /tmp s10b 2>/dev/null; true
