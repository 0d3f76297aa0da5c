#!/usr/bin/env bash
# s13 call 3: is it the activations? QUANTJIT_X_NOX=1 reads no activation bytes (staged chunks zero-filled,
# register loads from one 512-byte run); build .gpu-s13c = main 0118d00 + call3/experiment.patch:
#   x0  the picks as they are
#   nm  QUANTJIT_X_NOMMA=1: every mma.sync replaced by three lop3s that consume its operands
#       (wrong but finite results; what the loop costs without the tensor-core chain)
#   nd  QUANTJIT_X_NODEQ=1: the dequantization cut to its lop3 (as s12 call 2)
#   nn  both cut: loads, activations and loop alone
#   nx  QUANTJIT_X_NOX=1 alone; nnx all three cut: the weight stream and the loop alone
#   sa  QUANTJIT_X_SPLITACC=1: odd words of a group run accumulate in their own mma chain,
#       summed at the run's end (correct results; half as long chains)
set -uo pipefail
bin=/tmp/qj-s13c; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13c
xz -dc .gpu-s13c/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13c/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    x0*|nm*|sa*|nd*|nn*|nx*) x=(); case "$step" in nm*) x=(QUANTJIT_X_NOMMA=1);; sa*) x=(QUANTJIT_X_SPLITACC=1);;
             nd*) x=(QUANTJIT_X_NODEQ=1);; nnx*) x=(QUANTJIT_X_NOMMA=1 QUANTJIT_X_NODEQ=1 QUANTJIT_X_NOX=1);;
             nn*) x=(QUANTJIT_X_NOMMA=1 QUANTJIT_X_NODEQ=1);; nx*) x=(QUANTJIT_X_NOX=1);; esac
           env "${x[@]}" QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=$all \
             timeout 200 "$bin/st" --bench-gemv > /tmp/s13c/$step.log 2>&1; echo "rc $?"
           cp "$out/gemv_bench_configs.log" /tmp/s13c/$step-configs.log 2>/dev/null; grep -E "^\||copy" /tmp/s13c/$step.log | cut -c1-250 ;;
    sacheck) QUANTJIT_X_SPLITACC=1 timeout 250 "$bin/st" gptq-gemv-mma > /tmp/s13c/$step.log 2>&1; echo "rc $?"
           grep -E "^(PASS|FAIL)" /tmp/s13c/$step.log | cut -c1-500 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s13c/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s13c/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13c-logs.tgz" -C /tmp s13c 2>/dev/null; true
