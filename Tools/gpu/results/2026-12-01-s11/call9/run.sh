#!/usr/bin/env bash
# s11 call 9: the 8-bit sweep (every valid candidate of 8-bit g128 v1 and symmetric, f16), self-test of 02b2ebb.
set -uo pipefail
dir=.gpu-s11g; bin=/tmp/qj-s11i; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11i
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) QUANTJIT_GEMV_BITS=8 QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} \
        timeout ${LIMIT:-300} "$bin/st" --bench-gemv > /tmp/s11i/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s11i/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s11i/$step.log | cut -c1-250 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s11i/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s11i/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11i-logs.tgz" -C /tmp s11i 2>/dev/null; true
