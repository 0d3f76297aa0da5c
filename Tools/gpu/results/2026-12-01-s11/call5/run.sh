#!/usr/bin/env bash
# s11 call 5: bulk-copy weight rings, one copy of the whole body per slot (k2–k4): every candidate checked, memcheck, and the bulk configs timed beside the picks.
set -uo pipefail
dir=.gpu-s11e; bin=/tmp/qj-s11e; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11e
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=r8w4c1u4plmiyk2,r16w8c1u4pmiyk2,r16w4n4c1u4pmx2yk2,r16w4n2c1u4pmx2yk2,r8w4n4c1u4pmx2yk2,r16w4c1u4pmyk2,r8w4c1u4pmyk2,r16w8c1u4pmyk2,r8w8c1u4pmyk2,r16w6c1u4pmyk2,r8w6c1u4pmyk2,r8w4c1u4plmiyk3,r16w4n4c1u4pmx2yk3,r16w4n2c1u4pmx2yk3,r8w4n4c1u4pmx2yk3,r16w4c1u4pmyk3,r8w4c1u4pmyk3,r16w6c1u4pmyk3,r8w6c1u4pmyk3,r8w4c1u4plmiyk4,r16w4c1u4pmyk4,r8w4c1u4pmyk4
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} \
        timeout ${LIMIT:-300} "$bin/st" --bench-gemv > /tmp/s11e/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s11e/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s11e/$step.log | cut -c1-250
      grep median /tmp/s11e/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s11e/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s11e/memcheck.log | cut -c1-300 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s11e/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s11e/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11e-logs.tgz" -C /tmp s11e 2>/dev/null; true
