#!/usr/bin/env bash
# s15 call 3: the activation-bytes cut on the register schedule (is it the L2 bytes or the loads?),
# same build as call 2 (.gpu-s15b). Steps: none | a comma list of cuts. M = 16, the three shapes.
set -uo pipefail
bin=/tmp/qj-s15b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s15c
xz -dc .gpu-s15b/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s15b/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  cut=(); [ "$step" != none ] && cut=(QUANTJIT_GEMV_CUT=$step)
  name=$(echo "$step" | tr ',' '_')
  env "${cut[@]}" QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=$all \
    timeout 200 "$bin/st" --bench-gemv > "/tmp/s15c/bench-$name.log" 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" "/tmp/s15c/bench-$name-configs.log" 2>/dev/null
  grep -E "^\||copy|Timing bound|QUANTJIT_GEMV_CUT|FAIL" "/tmp/s15c/bench-$name.log" | grep -v -- "---" | cut -c1-250
done
echo "== done ($((SECONDS-s)) s)"
mkdir -p "$out/logs" && cp /tmp/s15c/* "$out/logs/" 2>/dev/null; true
