#!/usr/bin/env bash
# s11 call 1: the tenth session's unrun checks on a2baad7 (FP8 GEMV, executor routes, bf16 strip
# cases of packed words), then the 2-bit sweep of every candidate (NEXT.md item 4).
set -uo pipefail
dir=.gpu-s11a; bin=/tmp/qj-s11a; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11a
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) QUANTJIT_GEMV_BITS=2 QUANTJIT_GEMV_SHAPES=${SHAPES:-8192x8192,28672x8192} QUANTJIT_GEMV_ROWS=${ROWS:-1,16} \
        timeout ${LIMIT:-300} "$bin/st" --bench-gemv > /tmp/s11a/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s11a/$step-configs.log 2>/dev/null
      grep -E "^\||copy|empty" /tmp/s11a/$step.log | cut -c1-250 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s11a/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s11a/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11a-logs.tgz" -C /tmp s11a 2>/dev/null; true
