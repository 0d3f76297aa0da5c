#!/usr/bin/env bash
# s11 call 10: the new 8-bit f16 picks: checks (every layout's picks, FP8 GEMV, executor routes, determinism,
# memcheck), then two rounds of the 8-bit picks against their runners-up and the old picks.
set -uo pipefail
dir=.gpu-s11j; bin=/tmp/qj-s11j; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11j
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
alt=r8w10c1u4py,r8w4c1u8py,r8w8c1u8py,r16w8c1u4py,r16w4c1u4py,r8w12c1u4pmb2iy,r8w12c1u4pmb2,r8w4c1u4plmiy,r8w4c1u4plmy,r16w8n4c1u8pmx2i,r8w8n2c1u8pmx2i,r16w8n4c1u4pmx3b2it,r8w8c1u8pm,r16w8n4c1u4ps4mx2b2ie,r16w8n4c1u4ps4mx2ie,r8w8c1u8pi,r16w8c1u4pm
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) QUANTJIT_GEMV_BITS=8 QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} \
        QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$alt} timeout ${LIMIT:-200} "$bin/st" --bench-gemv > /tmp/s11j/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s11j/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s11j/$step.log | cut -c1-250 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s11j/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s11j/memcheck.log | cut -c1-300 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s11j/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s11j/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11j-logs.tgz" -C /tmp s11j 2>/dev/null; true
