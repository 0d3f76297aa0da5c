#!/usr/bin/env bash
# s13 call 4: deep cp.async weight rings (bytes in flight without registers) for the 4-bit decode GEMV.
# Uncommitted build .gpu-s13d = main 0118d00 + call4/experiment.patch (nothing changes unless a
# variable is set): QUANTJIT_X_RING=1 adds 12 ring schedules with interleaved words (≤ 48 KiB);
# the bounds of calls 2–3 are still in it (QUANTJIT_X_NOMMA / NODEQ / NOX).
#   ring  the ring schedules beside the picks (real results)
#   rnnx  the same with mma, dequantization and activation bytes cut (the weight stream alone)
set -uo pipefail
bin=/tmp/qj-s13d; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13d
xz -dc .gpu-s13d/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13d/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
rings=r16w4c1u4pa5mi,r16w4c1u2pa8mi,r16w6c1u2pa6mi,r16w4c1u4pa4mi,r16w4c1u4pla5mi,r16w8c1u1pa8mi,r8w8c1u2pa5mi,r8w4c1u2pa8mi,r8w6c1u2pa6mi
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    ring*|rnnx*) x=(QUANTJIT_X_RING=1); case "$step" in rnnx*) x+=(QUANTJIT_X_NOMMA=1 QUANTJIT_X_NODEQ=1 QUANTJIT_X_NOX=1);; esac
           env "${x[@]}" QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS=$rings QUANTJIT_GEMV_SHAPES=$all \
             timeout 250 "$bin/st" --bench-gemv > /tmp/s13d/$step.log 2>&1; echo "rc $?"
           cp "$out/gemv_bench_configs.log" /tmp/s13d/$step-configs.log 2>/dev/null; grep -E "^\||copy" /tmp/s13d/$step.log | cut -c1-250 ;;
    *) QUANTJIT_X_RING=1 timeout 250 "$bin/st" "$step" > /tmp/s13d/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s13d/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13d-logs.tgz" -C /tmp s13d 2>/dev/null; true
