#!/usr/bin/env bash
# s6 call 2: stream-K GEMV correctness (each check in its own process), then memcheck on the GEMV subset.
set -uo pipefail
dir=.gpu-s6b; bin=/tmp/qj-s6; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s6logs
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    cand) timeout 200 "$bin/st" gptq-gemv-mma-candidates > /tmp/s6logs/cand.log 2>&1; grep -E "FAIL|passed|match|rror" /tmp/s6logs/cand.log | tail -5 ;;
    gemv) timeout 300 "$bin/st" gptq-gemv-mma > /tmp/s6logs/gemv.log 2>&1; grep -E "FAIL|passed|match|rror" /tmp/s6logs/gemv.log | tail -5 ;;
    mem) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck > /tmp/s6logs/memcheck.log 2>&1; tail -4 /tmp/s6logs/memcheck.log ;;
    race) timeout 200 compute-sanitizer --tool racecheck "$bin/st" gptq-gemv-mma-memcheck > /tmp/s6logs/racecheck.log 2>&1; tail -4 /tmp/s6logs/racecheck.log ;;
    bench) QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS=r8w10c1u4pk2lmb2i,r8w12c1u4pk2mb2i,r8w8n2c1u8pk2mx2b2i,r16w8c1u4pk2lmb2i,r16w8n4c1u4pk2mx2b2i,r8w16c1u2pk2mb2i,r8w12c1u4pk2lmb2i,r16w8c1u4pk2mb2i,r16w8n4c1u8pk2mx2b2i \
             timeout 300 "$bin/st" --bench-gemv > /tmp/s6logs/bench.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s6logs/ 2>/dev/null; grep -E "^\| (1|16) " /tmp/s6logs/bench.log
         grep -E "M (1|16) N" /tmp/s6logs/gemv_bench_configs.log | sed -E 's/ µs, min [0-9.]+ µs, graph / graph /; s/([0-9]+\.[0-9])[0-9]+/\1/g' ;;
    exp) for r in 1 2; do QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_SHAPES=28672x8192,8192x28672 QUANTJIT_GEMV_CONFIGS=r16w8n4c1u8pk2mx2b2i,r16w8n4c1u4pk2mx2b2i,r8w8n2c1u8pk2mx2b2i,r16w8n4c1u4pk2mx3b2i,r16w8n4c1u4pk2lmx2b2i,r16w8n2c1u4pk2mx2b2i,r8w8n4c1u4pk2mx2b2i \
             timeout 200 "$bin/st" --bench-gemv > /tmp/s6logs/exp$r.log 2>&1; cp "$out/gemv_bench_configs.log" /tmp/s6logs/exp_configs$r.log
         grep -E "M (1|16) N" /tmp/s6logs/exp_configs$r.log | sed -E 's/ µs, min [0-9.]+ µs, graph / graph /; s/([0-9]+\.[0-9])[0-9]+/\1/g'; done ;;
    det) timeout 300 "$bin/st" determinism > /tmp/s6logs/det.log 2>&1; tail -3 /tmp/s6logs/det.log ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s6-logs.tgz" -C /tmp s6logs 2>/dev/null; true
