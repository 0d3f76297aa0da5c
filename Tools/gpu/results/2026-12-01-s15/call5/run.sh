#!/usr/bin/env bash
# s15 call 5: skeleton bounds of every M = 16 candidate (symmetric and v1), to rank block shapes:
# --bench-gemv over all candidates with QUANTJIT_GEMV_CUT=<step>. Build .gpu-s15b (as call 2).
set -uo pipefail
bin=/tmp/qj-s15b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s15e
xz -dc .gpu-s15b/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s15b/BUILD-INFO; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"; name=$(echo "$step" | tr ',' '_')
  QUANTJIT_GEMV_CUT=$step QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 \
    timeout 280 "$bin/st" --bench-gemv > "/tmp/s15e/bench-$name.log" 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" "/tmp/s15e/bench-$name-configs.log" 2>/dev/null
  grep -E "^\| 16" "/tmp/s15e/bench-$name.log" | grep -v "not finite" | cut -c1-250
done
echo "== done ($((SECONDS-s)) s)"
mkdir -p "$out/logs" && cp /tmp/s15e/* "$out/logs/" 2>/dev/null; true
