#!/usr/bin/env bash
# s11 call 7: the new 2-bit f16 picks: checks (every layout's picks, executor routes, determinism,
# memcheck), then two rounds of the 2-bit picks against their runners-up and the old picks.
set -uo pipefail
dir=.gpu-s11g; bin=/tmp/qj-s11g; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11g
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
alt=r8w8c1u4plmiy,r16w8c1u2plm,r8w4c2u2plm,r8w10c1u4pmiy,r8w4c1u8plmiy,r16w8c2u2plm,r8w8n2c1u4pmx2b2ie,r16w4c2u2plm,r8w4c2u4ps2lmiy,r8w4c1u4plmiy,r8w4c2u4plmiy,r8w10c1u4py,r8w4c1u8p,r8w8c1u8py,r16w8c1u4py,r16w4c1u4p,r16w4c1u4py,r8w4c1u8py
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) QUANTJIT_GEMV_BITS=2 QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} \
        QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$alt} timeout ${LIMIT:-200} "$bin/st" --bench-gemv > /tmp/s11g/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s11g/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s11g/$step.log | cut -c1-250 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s11g/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s11g/memcheck.log | cut -c1-300 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s11g/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s11g/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11g-logs.tgz" -C /tmp s11g 2>/dev/null; true
