#!/usr/bin/env bash
# s16 call 5: staged schedules of 7 column warps (sevenColumnSchedules; build .gpu-s16e =
# main a249ef1 + the schedules). Steps: a check name runs that check; `mem-CHECK` runs it under compute-sanitizer
# memcheck; `bench` times them beside the
# picks, M = ROWS (default 16), the three issue shapes (4-bit g128 v1 and symmetric); `bench-CUT` the same with
# QUANTJIT_GEMV_CUT=CUT (a timing bound).
set -uo pipefail
dir=.gpu-s16e; bin=/tmp/qj-s16e; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s16e
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
q=r16w14n7c1u4pmx2i,r16w14n7c1u4pmx3i,r16w14n7c1u4pmx2ie,r16w14n7c1u2pmx2i,r16w14n7c1u4pmx2iy,r16w7n7c1u4pmx2i
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*)
      cut=(); [ "$step" != bench ] && cut=(QUANTJIT_GEMV_CUT=${step#bench-})
      env "${cut[@]}" QUANTJIT_GEMV_ROWS=${ROWS:-16} QUANTJIT_GEMV_CONFIGS=$q QUANTJIT_GEMV_SHAPES=$all \
        timeout 240 "$bin/st" --bench-gemv > "/tmp/s16e/$step-m${ROWS:-16}.log" 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" "/tmp/s16e/$step-m${ROWS:-16}-configs.log" 2>/dev/null
      grep -E "^\||copy|FAIL|rror" "/tmp/s16e/$step-m${ROWS:-16}.log" | grep -v -- "---" | cut -c1-250
      grep -E "µs" "/tmp/s16e/$step-m${ROWS:-16}-configs.log" | sed -E 's/median ([0-9.]{5})[0-9]*/median \1/; s/min ([0-9.]{5})[0-9]*/min \1/; s/graph ([0-9.]{5})[0-9]*/graph \1/' | cut -c1-200
      grep -E "registers" "/tmp/s16e/$step-m${ROWS:-16}-configs.log" | sed -E 's/gptq_gemv_mma_b4_g128_//' | cut -c1-90 ;;
    mem-*) timeout 240 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" "${step#mem-}" > /tmp/s16e/$step.log 2>&1
      grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s16e/$step.log | cut -c1-300 ;;
    *) timeout 240 "$bin/st" "$step" > /tmp/s16e/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s16e/$step.log | cut -c1-600 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s16e-logs.tgz" -C /tmp s16e 2>/dev/null; true
