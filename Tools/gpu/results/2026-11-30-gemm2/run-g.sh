#!/usr/bin/env bash
# run-g.sh [check] [bench] [anchors] [memcheck] [ncu]  -- gpugemm engineer's device script
set -uo pipefail
dir=.gpu-g; bin=/tmp/qj-g; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem,clocks.max.sm --format=csv,noheader
for step in "$@"; do
  case "$step" in
    check) echo "== check"; timeout 150 "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/wgmma_check.log" ;;
    checkall) echo "== check mma"; timeout 200 "$bin/st" gptq-gemm-mma gptq-gemm-mma-async 2>&1 | tee "$out/mma_check.log" ;;
    bench) echo "== bench"; timeout 300 "$bin/st" --bench-gemm-wgmma 2>&1 | tee "$out/wgmma_bench.log" ;;
    anchors) echo "== anchors"; PYTHONUNBUFFERED=1 timeout 200 python3 Tools/bench/torch_anchors.py --rows 4096 2>&1 | tee "$out/torch_anchors.log" ;;
    memcheck) echo "== memcheck"; timeout 90 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/memcheck.log" | tail -8
              echo "== racecheck"; timeout 90 compute-sanitizer --tool racecheck --report-api-errors no "$bin/st" gptq-gemm-wgmma 2>&1 | tee "$out/racecheck.log" | tail -6 ;;
  esac
done
# ncu pass (env NCU_KERNEL regex), after the loop above: run-g.sh ncu
if [[ " $* " == *" ncu "* ]]; then
  echo "== ncu ${NCU_KERNEL}"
  timeout 300 ncu --kernel-name "regex:${NCU_KERNEL}" --launch-count 1 --clock-control none --set full \
      "$bin/st" --bench-gemm-wgmma > "$out/ncu.txt" 2>&1
  grep -E "Throughput|Stall|stall|Bank|Hit Rate|Warp Cycles|Issued|Eligible|Active Warps|Registers|Duration|Pipe|L2|DRAM|Shared" "$out/ncu.txt" | head -120
fi
