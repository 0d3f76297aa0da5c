#!/usr/bin/env bash
# s14 call 1: the wgmma decode GEMV (GPUGEMVConfig.wgmma, `g`; build .gpu-s14a). Steps: a check
# name runs that check; `mem-CHECK` / `race-CHECK` run it under compute-sanitizer; `bench` times the
# M = 16 picks against their wgmma twins on the three issue shapes (4-bit g128 v1 and symmetric).
set -uo pipefail
dir=.gpu-s14a; bin=/tmp/qj-s14a; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s14a
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
wg=r16w8n4c1u4pmx2ig,r16w8n4c1u4pmx2b2itg,r16w8n4c1u4pmx2b2ieg,r16w8n4c1u4ps4mx2ig,r16w8n4c1u4ps4mx2b2itg,r16w8n4c1u4ps4mx2b2ieg
wg=$wg,r16w8n4c1u4ps4mx2b2iyeg,r16w8n4c1u4pmx2iyg,r16w8n4c1u4pmx3ig,r16w4n4c1u4ps2mx2ig,r16w8n4c1u8pmx2ig,r16w8n4c1u4ps4mx2iyg
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*)
      configs=$wg; [ "$step" = bench-picks ] && configs=
      QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=$configs QUANTJIT_GEMV_SHAPES=$all \
        timeout 240 "$bin/st" --bench-gemv > "/tmp/s14a/$step.log" 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" "/tmp/s14a/$step-configs.log" 2>/dev/null
      grep -E "^\||copy|FAIL|rror" "/tmp/s14a/$step.log" | grep -v -- "---" | cut -c1-250
      grep -E "µs" "/tmp/s14a/$step-configs.log" | sed -E 's/median ([0-9.]{5})[0-9]*/median \1/; s/min ([0-9.]{5})[0-9]*/min \1/; s/graph ([0-9.]{5})[0-9]*/graph \1/' | cut -c1-200
      grep -E "registers" "/tmp/s14a/$step-configs.log" | sed -E 's/gptq_gemv_mma_b4_g128_//' | cut -c1-90 ;;
    mem-*) timeout 240 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" "${step#mem-}" > /tmp/s14a/$step.log 2>&1
      grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s14a/$step.log | cut -c1-300 ;;
    race-*) timeout 240 compute-sanitizer --tool racecheck --report-api-errors no "$bin/st" "${step#race-}" > /tmp/s14a/$step.log 2>&1
      grep -E "^(PASS|FAIL)|RACECHECK SUMMARY|ERROR SUMMARY" /tmp/s14a/$step.log | cut -c1-300 ;;
    *) timeout 240 "$bin/st" "$step" > /tmp/s14a/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s14a/$step.log | cut -c1-400 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s14a-logs.tgz" -C /tmp s14a 2>/dev/null; true
