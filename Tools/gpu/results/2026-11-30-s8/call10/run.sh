#!/usr/bin/env bash
# s8 call: early loads (e) in the register GEMV schedules: M = 1 picks and M = 16 on 8192 x 8192.
set -uo pipefail
dir=.gpu-s8f; bin=/tmp/qj-s8f; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8f
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s8f/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s8f/check.log | cut -c1-300 ;;
    bench*) QUANTJIT_GEMV_SHAPES=${SHAPES:-28672x8192} QUANTJIT_GEMV_ROWS=${ROWS:-16} QUANTJIT_GEMV_CONFIGS=${CONFIGS:-r8w16c1u2pmb2ie,r8w4c1u4plmie,r8w12c1u4plmie,r8w10c1u4plmie,r16w8c1u4pmie,r16w8c1u4plmie} timeout 250 "$bin/st" --bench-gemv > /tmp/s8f/$step.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s8f/$step-configs.log 2>/dev/null; grep -E "^\||copy|empty" /tmp/s8f/$step.log | cut -c1-250; grep median /tmp/s8f/$step-configs.log | sed -E 's/gptq_gemv_mma_//; s/: median ([0-9.]{1,6})[0-9]* µs, min ([0-9.]{1,6})[0-9]* µs, graph ([0-9.]{1,6})[0-9]* µs/ \1 (min \2, graph \3)/' | cut -c1-140 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s8f-logs.tgz" -C /tmp s8f 2>/dev/null; true
