#!/usr/bin/env bash
# Lead, session 4: the GEMV candidates at M = 1 on the three decode shapes (incl. the new 12/16-warp
# wideBlockSchedules), per launch and in a graph, and the candidates check (every candidate vs float64).
set -uo pipefail
dir="$(dirname "$0")"; out="${OUT:-/tmp}"; bin=/tmp/qj-s4; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/st && chmod +x $bin/st || exit 2
cat "$dir/BUILD-INFO"; s=$SECONDS
echo "== gptq-gemv-mma-candidates"
timeout 100 $bin/st gptq-gemv-mma-candidates 2>&1 | tee "$out/check-candidates.log" | tail -2
echo "== --bench-gemv M = 1 ($((SECONDS-s)) s)"
QUANTJIT_GEMV_ROWS=1 timeout 200 $bin/st --bench-gemv 2>&1 | tee "$out/bench-gemv-m1.log"
echo "== wide-block configs ($((SECONDS-s)) s)"
grep -E "w1[26]c1" "$out/gemv_bench_configs.log"
echo "== done ($((SECONDS-s)) s)"
