#!/usr/bin/env bash
# run-g2.sh [check] [memcheck] [checkall] [routes] [bench] [bench2] [anchors] -- 2-bit wgmma GEMM device script (first device check).
# Each step in its own process (an illegal instruction poisons the CUDA context of later checks).
#   check     QUANTJIT_WGMMA_CHECK=2bit gptq-gemm-wgmma: the 2-bit cases only (f16 and bf16)
#   memcheck  compute-sanitizer memcheck on QUANTJIT_WGMMA_CHECK=2bit-small (5 ragged cases)
#   checkall  QUANTJIT_WGMMA_CHECK=all gptq-gemm-wgmma: 4-bit, 8-bit and 2-bit cases (4/8-bit regression)
#   routes    executor-routes (2-bit is not routed to the wgmma GEMM: the count of wgmma modules must not change)
#   bench     QUANTJIT_WGMMA_BENCH=gemm2 --bench-gemm-wgmma: every 2-bit candidate, sym and v1, 3 shapes, bf16, generic kernel
#   bench2    the same, two rounds interleaved of the default and the three w4 two-panel twins only
#   anchors   torch fp16/bf16 cuBLAS anchors at M = 4096 (same call as the bench)
set -uo pipefail
dir=.gpu-s5; bin=/tmp/qj-g2; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv,noheader
s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) QUANTJIT_WGMMA_CHECK=2bit timeout 150 "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/wgmma2_check.log" ;;
    memcheck) QUANTJIT_WGMMA_CHECK=2bit-small timeout 150 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemm-wgmma 2>&1 \
                | tee "$out/memcheck2.log" | tail -6 ;;
    checkall) QUANTJIT_WGMMA_CHECK=all timeout 300 "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/wgmma_check_all.log" ;;
    routes) timeout 150 "$bin/st" executor-routes 2>&1 | tee "$out/executor_routes.log" ;;
    bench) QUANTJIT_WGMMA_BENCH=gemm2 timeout 240 "$bin/st" --bench-gemm-wgmma 2>&1 | tee "$out/wgmma2_bench.log" ;;
    bench2) QUANTJIT_WGMMA_BENCH=gemm2 QUANTJIT_WGMMA2_CONFIGS=w4n128s3p1e,w4n128s3p1k128e,w4n128s4p1k128e,w4n128s3p1k128 QUANTJIT_WGMMA2_ROUNDS=2 \
              timeout 240 "$bin/st" --bench-gemm-wgmma 2>&1 | tee "$out/wgmma2_bench_defaults.log" ;;
    occ) timeout 120 "$bin/st" gptq-gemv-mma-candidates 2>&1 | tail -8 | tee "$out/occ_check.log"
         QUANTJIT_GEMV_ROWS=16 timeout 200 "$bin/st" --bench-gemv > "$out/occ_bench.log" 2>&1; tail -40 "$out/occ_bench.log"
         grep -E "x2b3|x3b3|w12n4|r16w8c1u4pm |r16w8n4c1u8pmx2 " "$out/gemv_bench_configs.log" ;;
    anchors) PYTHONUNBUFFERED=1 timeout 120 python3 Tools/bench/torch_anchors.py --rows 4096 --dtype fp16,bf16 2>&1 | tee "$out/torch_anchors.log" ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
