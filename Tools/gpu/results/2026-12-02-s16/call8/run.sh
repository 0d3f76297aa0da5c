#!/usr/bin/env bash
# s16 call 8 (build .gpu-s16g = main 6709419 + `.maxntid` on every GEMV variant above 256 threads,
# after call 7's launch failure of the 14-warp pick with g32 zero points): the gptq-gemv-mma check,
# then the picks at M = 16 on 28672 × 8192 (now bounded) against the previous 4-column-warp picks.
set -uo pipefail
dir=.gpu-s16g; bin=/tmp/qj-s16g; out=/tmp/s16g; mkdir -p "$bin" $out
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
timeout 200 "$bin/st" gptq-gemv-mma > $out/check.log 2>&1
grep -E "^(PASS|FAIL)|^  " $out/check.log | cut -c1-400 | head -5; echo "== ($((SECONDS-s)) s)"
for r in 1 2; do
  QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=r16w8n4c1u8pmx2i,r16w8n4c1u4pmx2iy QUANTJIT_GEMV_SHAPES=28672x8192 \
    timeout 100 "$bin/st" --bench-gemv > $out/bench$r.log 2>&1; echo "bench $r rc $?"
  cp "${OUT:-/tmp}/gemv_bench_configs.log" $out/bench$r-configs.log 2>/dev/null
  grep -E "µs|registers" $out/bench$r-configs.log | sed -E 's/median ([0-9.]{5})[0-9]*/median \1/; s/, min.*graph ([0-9.]{5})[0-9]*/ graph \1/' | cut -c1-120
done
echo "== done ($((SECONDS-s)) s)"
tar czf "${OUT:-/tmp}/s16g-logs.tgz" -C /tmp s16g 2>/dev/null; true
