#!/usr/bin/env bash
# s15 call 2: the staged picks without their per-chunk wait and barrier (QUANTJIT_GEMV_CUT=barriers,
# a racy bound added this session), alone and with the other cuts. Build .gpu-s15b (main bd50306
# + the barriers cut). Steps: none | a comma list of cuts. M = 16, the three shapes.
set -uo pipefail
bin=/tmp/qj-s15b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s15b
xz -dc .gpu-s15b/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s15b/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  cut=(); [ "$step" != none ] && cut=(QUANTJIT_GEMV_CUT=$step)
  name=$(echo "$step" | tr ',' '_')
  env "${cut[@]}" QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=$all \
    timeout 200 "$bin/st" --bench-gemv > "/tmp/s15b/bench-$name.log" 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" "/tmp/s15b/bench-$name-configs.log" 2>/dev/null
  grep -E "^\||copy|Timing bound|QUANTJIT_GEMV_CUT|FAIL" "/tmp/s15b/bench-$name.log" | grep -v -- "---" | cut -c1-250
done
echo "== done ($((SECONDS-s)) s)"
mkdir -p "$out/logs" && cp /tmp/s15b/* "$out/logs/" 2>/dev/null; true
