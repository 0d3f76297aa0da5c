#!/usr/bin/env bash
# s13 call 1: timing bounds for the 4-bit decode GEMV picks (uncommitted build, .gpu-s13a =
# main 0118d00 + call1/nomma-splitacc-experiment.patch, which does nothing unless a variable is set):
#   x0  the picks as they are
#   nm  QUANTJIT_X_NOMMA=1: every mma.sync replaced by three lop3s that consume its operands
#       (wrong results; what the loop costs without the tensor-core chain)
#   sa  QUANTJIT_X_SPLITACC=1: odd words of a group run accumulate in their own mma chain,
#       summed at the run's end (correct results; half as long chains)
set -uo pipefail
bin=/tmp/qj-s13a; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13a
xz -dc .gpu-s13a/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13a/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    x0*|nm*|sa*) x=(); case "$step" in nm*) x=(QUANTJIT_X_NOMMA=1);; sa*) x=(QUANTJIT_X_SPLITACC=1);; esac
           env "${x[@]}" QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=$all \
             timeout 200 "$bin/st" --bench-gemv > /tmp/s13a/$step.log 2>&1; echo "rc $?"
           cp "$out/gemv_bench_configs.log" /tmp/s13a/$step-configs.log 2>/dev/null; grep -E "^\||copy" /tmp/s13a/$step.log | cut -c1-250 ;;
    sacheck) QUANTJIT_X_SPLITACC=1 timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s13a/$step.log 2>&1; echo "rc $?"
           grep -E "^(PASS|FAIL)" /tmp/s13a/$step.log | cut -c1-500 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s13a/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s13a/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13a-logs.tgz" -C /tmp s13a 2>/dev/null; true
