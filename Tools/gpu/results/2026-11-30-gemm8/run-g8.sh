#!/usr/bin/env bash
# run-g8.sh [check] [checkall] [routes] [memcheck] [bench] [bench2] [anchors] -- 8-bit wgmma GEMM device script (gpugemm helper).
# Each step in its own process (an illegal instruction poisons the CUDA context of later checks).
set -uo pipefail
dir=.gpu-g8; bin=/tmp/qj-g8; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader
s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) QUANTJIT_WGMMA_CHECK=8bit timeout 120 "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/wgmma8_check.log" ;;
    checkall) timeout 200 "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/wgmma_check.log" ;;
    routes) timeout 150 "$bin/st" executor-routes 2>&1 | tee "$out/executor_routes.log" ;;
    memcheck) QUANTJIT_WGMMA_CHECK=8bit-small timeout 120 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemm-wgmma 2>&1 \
                | tee "$out/memcheck8.log" | tail -6 ;;
    bench) QUANTJIT_WGMMA_BENCH=gemm8 timeout 200 "$bin/st" --bench-gemm-wgmma 2>&1 | tee "$out/wgmma8_bench.log" ;;
    bench2) QUANTJIT_WGMMA_BENCH=gemm8 QUANTJIT_WGMMA8_CONFIGS=w4n128s4p1,w4n128s3p1e QUANTJIT_WGMMA8_ROUNDS=3 timeout 200 "$bin/st" --bench-gemm-wgmma 2>&1 \
              | tee "$out/wgmma8_bench_defaults.log" ;;
    anchors) PYTHONUNBUFFERED=1 timeout 120 python3 Tools/bench/torch_anchors.py --rows 4096 --dtype fp16,bf16 2>&1 | tee "$out/torch_anchors.log" ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
