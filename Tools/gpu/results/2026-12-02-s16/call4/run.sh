#!/usr/bin/env bash
# s16 call 4: bulk L2 prefetches (GPUGEMVConfig.l2Bodies, `k`; build .gpu-s16d =
# main 8ee428d + the prefetches). Steps: a check name runs that check; `mem-CHECK` runs it under compute-sanitizer
# memcheck; `bench` times the prefetching configs beside their plain twins and the
# picks, M = ROWS (default 16), the three issue shapes (4-bit g128 v1 and symmetric); `bench-CUT` the same with
# QUANTJIT_GEMV_CUT=CUT (a timing bound).
set -uo pipefail
dir=.gpu-s16d; bin=/tmp/qj-s16d; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s16d
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
q=r8w12c1u4pmb2iyk2,r8w12c1u4pmb2iyk4,r8w4c1u4plmiyk2,r8w4c1u4plmiyk4,r16w8c1u4pmiyk2,r16w8c1u4pmiyk4,r16w8c1u4plmiyk2
q=$q,r16w8c1u4pmb2iytk2,r16w8c1u4pmb2iytk4,r16w4c1u4plmiyk2,r16w4c1u4plmiyk4,r8w4c1u4plmiy,r16w8c1u4plmiy,r16w8c1u4pmb2it,r16w4c1u4plm
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*)
      cut=(); [ "$step" != bench ] && cut=(QUANTJIT_GEMV_CUT=${step#bench-})
      env "${cut[@]}" QUANTJIT_GEMV_ROWS=${ROWS:-16} QUANTJIT_GEMV_CONFIGS=$q QUANTJIT_GEMV_SHAPES=$all \
        timeout 240 "$bin/st" --bench-gemv > "/tmp/s16d/$step-m${ROWS:-16}.log" 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" "/tmp/s16d/$step-m${ROWS:-16}-configs.log" 2>/dev/null
      grep -E "^\||copy|FAIL|rror" "/tmp/s16d/$step-m${ROWS:-16}.log" | grep -v -- "---" | cut -c1-250
      grep -E "µs" "/tmp/s16d/$step-m${ROWS:-16}-configs.log" | sed -E 's/median ([0-9.]{5})[0-9]*/median \1/; s/min ([0-9.]{5})[0-9]*/min \1/; s/graph ([0-9.]{5})[0-9]*/graph \1/' | cut -c1-200
      grep -E "registers" "/tmp/s16d/$step-m${ROWS:-16}-configs.log" | sed -E 's/gptq_gemv_mma_b4_g128_//' | cut -c1-90 ;;
    mem-*) timeout 240 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" "${step#mem-}" > /tmp/s16d/$step.log 2>&1
      grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s16d/$step.log | cut -c1-300 ;;
    *) timeout 240 "$bin/st" "$step" > /tmp/s16d/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s16d/$step.log | cut -c1-600 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s16d-logs.tgz" -C /tmp s16d 2>/dev/null; true
