#!/usr/bin/env bash
# s12 call 2: the bf16 2-bit picks (2d9fe65) checked and timed again beside the schedules of
# before; and a timing bound: the 4-bit picks with their dequantization cut to the `lop3` alone
# (QUANTJIT_X_NODEQ=1 in an uncommitted build, .gpu-s12x: wrong results, timing only).
set -uo pipefail
bin=/tmp/qj-s12b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12b
# One binary (the 64 MiB carry limit): 2d9fe65 plus the experiment, which is off unless the variable is set.
xz -dc .gpu-s12x/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s12x/BUILD-INFO; s=$SECONDS
old2=r8w10c1u4p,r16w8c1u4p,r8w4c1u8p,r16w4c1u4p,r8w8c1u8p
all=8192x8192,28672x8192,8192x28672
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bf2)   QUANTJIT_GEMV_BITS=2 QUANTJIT_GEMV_ACTIVATION=bf16 QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS=$old2 QUANTJIT_GEMV_SHAPES=$all \
             timeout 200 "$bin/st" --bench-gemv > /tmp/s12b/$step.log 2>&1; echo "rc $?"
           cp "$out/gemv_bench_configs.log" /tmp/s12b/$step-configs.log; grep -E "^\||copy" /tmp/s12b/$step.log | cut -c1-250 ;;
    x0|x1) x=(); [ $step = x1 ] && x=(QUANTJIT_X_NODEQ=1)
           env "${x[@]}" QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=$all \
             timeout 200 "$bin/st" --bench-gemv > /tmp/s12b/$step.log 2>&1; echo "rc $?"
           cp "$out/gemv_bench_configs.log" /tmp/s12b/$step-configs.log; grep -E "^\||copy" /tmp/s12b/$step.log | cut -c1-250 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s12b/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s12b/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12b-logs.tgz" -C /tmp s12b 2>/dev/null; true
