#!/usr/bin/env bash
# s9 call 4: bulk weights in dynamic shared memory, rings of 3, 5 and 8 slots: the check (real per-row copies), then timing with 4 or 1 contiguous copies per chunk (QUANTJIT_BULK_HACK, wrong data).
set -uo pipefail
dir=.gpu-s9d; bin=/tmp/qj-s9d; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s9d
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
bulk=$(for b in r16w8n4c1u2pmx r16w4n4c1u4pmx r16w8n4c1u2ps4mx r16w4n4c1u4ps4mx r8w8n4c1u2ps2mx r8w4n4c1u4ps2mx r8w4n4c1u4ps4mx; do for s in 3 5 8; do printf "%s%sik," $b $s; done; done)
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s9d/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9d/check.log | cut -c1-600 ;;
    cand) timeout 250 "$bin/st" gptq-gemv-mma-candidates > /tmp/s9d/cand.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s9d/cand.log | cut -c1-600 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s9d/memcheck.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s9d/memcheck.log | cut -c1-300 ;;
    race) timeout 250 compute-sanitizer --tool racecheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s9d/racecheck.log 2>&1; grep -E "^(PASS|FAIL)|RACECHECK SUMMARY|ERROR SUMMARY" /tmp/s9d/racecheck.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192,8192x28672} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-$bulk} timeout 280 "$bin/st" --bench-gemv > /tmp/s9d/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s9d/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s9d/$step.log | cut -c1-250; grep median /tmp/s9d/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s9d-logs.tgz" -C /tmp s9d 2>/dev/null; true
