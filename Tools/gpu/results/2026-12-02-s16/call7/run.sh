#!/usr/bin/env bash
# s16 call 7: the checks and the side by side after the 7-column-warp picks (build .gpu-s16f = main
# acf5dc5 + the memcheck case): the decode picks at M = 1 and 16 on the three issue shapes
# (QUANTJIT_GEMV_CONFIGS= : picks only), torch's fp16 cuBLAS matmul (Tools/bench/torch_anchors.py) in
# the same call, the full gptq-gemv-mma check, then memcheck of gptq-gemv-mma-memcheck (now with 7
# column warps). (Racecheck left out: the session's device time.)
set -uo pipefail
dir=.gpu-s16f; bin=/tmp/qj-s16f; out=/tmp/s16f; mkdir -p "$bin" $out
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS= QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 \
  timeout 150 "$bin/st" --bench-gemv > $out/bench.log 2>&1; echo "bench rc $?"
cp "${OUT:-/tmp}/gemv_bench_configs.log" $out/bench-configs.log 2>/dev/null
grep -E "^\||copy|^#" $out/bench.log | grep -v -- "---" | cut -c1-250; echo "== ($((SECONDS-s)) s)"
timeout 120 python3 Tools/bench/torch_anchors.py --rows 1,16 --json $out/torch_anchors.json > $out/torch_anchors.log 2>&1
grep -E "^\||copy" $out/torch_anchors.log | head -14; echo "== ($((SECONDS-s)) s)"
timeout 200 "$bin/st" gptq-gemv-mma > $out/check.log 2>&1
grep -E "^(PASS|FAIL)" $out/check.log | cut -c1-400; echo "== ($((SECONDS-s)) s)"
timeout 120 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > $out/mem.log 2>&1
grep -E "^(PASS|FAIL)|ERROR SUMMARY" $out/mem.log | cut -c1-300; echo "== ($((SECONDS-s)) s)"
echo "== done ($((SECONDS-s)) s)"
tar czf "${OUT:-/tmp}/s16f-logs.tgz" -C /tmp s16f 2>/dev/null; true
