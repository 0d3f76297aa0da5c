#!/usr/bin/env bash
# s13 call 10: the committed GPUGEMVCuts facility (main 28a5d2a, build .gpu-s13k) — `--bench-gemv`
# with QUANTJIT_GEMV_CUT, against calls 2 and 6 (which ran the same cuts as patches); a bad value;
# and the checks whose kernels now come through emitBound(_:cutting: []).
set -uo pipefail
bin=/tmp/qj-s13k; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13k
xz -dc .gpu-s13k/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13k/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    none|activation-loads|mma,dequantization|bogus)
      cut=(); [ "$step" != none ] && cut=(QUANTJIT_GEMV_CUT=$step)
      env "${cut[@]}" QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=$all \
        timeout 200 "$bin/st" --bench-gemv > "/tmp/s13k/bench-$step.log" 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" "/tmp/s13k/bench-$step-configs.log" 2>/dev/null
      grep -E "^\||copy|Timing bound|QUANTJIT_GEMV_CUT|FAIL" "/tmp/s13k/bench-$step.log" | grep -v -- "---" | cut -c1-250 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s13k/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s13k/$step.log | cut -c1-300 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13k-logs.tgz" -C /tmp s13k 2>/dev/null; true
