#!/usr/bin/env bash
# Lead, session 4: the dependent-launch bench again (staged-activation schedules now wait first; plain
# streaming read of the same bytes beside it), then ncu on two preferred GEMV schedules (symmetric 4-bit
# g128, 28672 x 8192): M = 1 r8w4c1u4plm (79 % of copy) and M = 16 r16w8n4c1u8pmx2 (59 %).
set -uo pipefail
dir="$(dirname "$0")"; out="${OUT:-/tmp}"; bin=/tmp/qj-s3; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/st && chmod +x $bin/st || exit 2
cat "$dir/BUILD-INFO"; s=$SECONDS
echo "== --bench-gemv-pdl"
timeout 150 $bin/st --bench-gemv-pdl 2>&1 | tee "$out/bench-pdl.log"
for kernel in r8w4c1u4plm r16w8n4c1u8pmx2; do
  echo "== ncu $kernel ($((SECONDS-s)) s)"
  timeout 150 ncu --clock-control none --kernel-name "regex:gptq_gemv_mma_b4_g128_sym_f16_gpu_${kernel}\$" --launch-skip 20 --launch-count 1 \
    --section SpeedOfLight --section MemoryWorkloadAnalysis --section WarpStateStats --section Occupancy --section LaunchStats --section SchedulerStats \
    $bin/st --bench-gemv-pdl > "$out/ncu-$kernel.txt" 2>&1
  grep -v "^|" "$out/ncu-$kernel.txt" | grep -E "gptq_gemv|Duration|Throughput|Stall|Warp Cycles|Issued|Eligible|Active Warps|Occupancy|Registers|Block Limit|Bandwidth|Hit Rate|One or More|No Eligible|smsp__pcsamp|Theoretical|Achieved" | head -60
done
echo "== done ($((SECONDS-s)) s)"
