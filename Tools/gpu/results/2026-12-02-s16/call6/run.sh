#!/usr/bin/env bash
# s16 call 6 (build .gpu-s16e, as call 5): three rounds of the 7-column-warp schedules against the
# picks at M = 16 on 28672 × 8192 (both benchmarked layouts). Logs: round<N>.log, round<N>-configs.log.
bin=/tmp/qj5; mkdir -p $bin; xz -dc .gpu-s16e/quantjit-gpu-selftest.xz > $bin/st && chmod +x $bin/st
for r in 1 2 3; do
  QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=r16w14n7c1u4pmx2i,r16w14n7c1u4pmx2ie,r16w14n7c1u4pmx2iy QUANTJIT_GEMV_SHAPES=28672x8192 \
    timeout 200 $bin/st --bench-gemv > /tmp/r$r.log 2>&1; echo "round $r rc $?"
  cp $OUT/gemv_bench_configs.log $OUT/round$r-configs.log; cp /tmp/r$r.log $OUT/round$r.log
done
