#!/usr/bin/env bash
# s11 call 8: scales applied in f16 (h): the candidates check (4-bit g128 v1 and symmetric, h variants included), then two rounds of the h variants against the picks at M = 16.
set -uo pipefail
dir=.gpu-s11h; bin=/tmp/qj-s11h; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11h
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
alt=r16w8c1u4pmiyh,r16w8n4c1u8pmx2ih,r16w8n4c1u4ps4mx2iyhe,r16w8n4c1u4pmx2ih,r16w8n4c1u4pmx2iyh,r16w8c1u4pmb3iyh,r16w8n4c1u8pmx2b3ih,r16w8n4c1u4ps4mx2b3iyhe,r16w8n4c1u4pmx2b3ih,r16w8n4c1u4pmx2b3iyh,r16w8c1u4plmiyh,r16w8n4c1u4ps4mx2b2iyhe,r16w8c1u4plmb3iyh,r8w12c1u4pmb2iyh,r8w4c1u4plmih
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-16,1} \
        QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$alt} timeout ${LIMIT:-200} "$bin/st" --bench-gemv > /tmp/s11h/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s11h/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s11h/$step.log | cut -c1-250 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s11h/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s11h/memcheck.log | cut -c1-300 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s11h/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s11h/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11h-logs.tgz" -C /tmp s11h 2>/dev/null; true
