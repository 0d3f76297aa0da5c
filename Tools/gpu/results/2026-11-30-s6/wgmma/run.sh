#!/usr/bin/env bash
# s6: the overlapped wgmma GEMM: checks (each in its own process), memcheck subsets, the 4-bit prefill bench, torch cuBLAS anchors.
set -uo pipefail
dir=.gpu-s6c; bin=/tmp/qj-s6c; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s6c
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) QUANTJIT_WGMMA_CHECK=all timeout 300 "$bin/st" gptq-gemm-wgmma > /tmp/s6c/check.log 2>&1; grep -E "FAIL|PASS|passed|rror" /tmp/s6c/check.log | cut -c1-400 | tail -6 ;;
    mem) for subset in 8bit-small 2bit-small; do QUANTJIT_WGMMA_CHECK=$subset timeout 150 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemm-wgmma > /tmp/s6c/memcheck-$subset.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s6c/memcheck-$subset.log | cut -c1-200; done ;;
    race) QUANTJIT_WGMMA_CHECK=8bit-small timeout 150 compute-sanitizer --tool racecheck "$bin/st" gptq-gemm-wgmma > /tmp/s6c/racecheck.log 2>&1; grep -E "^(PASS|FAIL)|RACECHECK SUMMARY" /tmp/s6c/racecheck.log | cut -c1-200 ;;
    bench) timeout 300 "$bin/st" --bench-gemm-wgmma > /tmp/s6c/bench.log 2>&1; cp "$out/gemm_wgmma_bench_configs.log" /tmp/s6c/ 2>/dev/null; grep -E "^\|" /tmp/s6c/bench.log | grep -E "s3p1e |s3p1eo |s4p1o |s4p1 |w2n128s4p1 |w2n128s4p1o|mma.sync|generic" | head -60 ;;
    bench2) timeout 300 "$bin/st" --bench-gemm-wgmma > /tmp/s6c/bench2.log 2>&1; cp "$out/gemm_wgmma_bench_configs.log" /tmp/s6c/bench2_configs.log 2>/dev/null; grep -E "^\|" /tmp/s6c/bench2.log | grep -E "s3p1e |s3p1eo |s4p1o |s4p1 |w2n128s4p1 |w2n128s4p1o" ;;
    bench8) QUANTJIT_WGMMA_BENCH=gemm8 QUANTJIT_WGMMA8_CONFIGS=w4n128s3p1e,w4n128s3p1eo,w2n128s4p1o QUANTJIT_WGMMA8_ROUNDS=2 timeout 200 "$bin/st" --bench-gemm-wgmma > /tmp/s6c/bench8.log 2>&1; grep -E "^\|" /tmp/s6c/bench8.log | head -40 ;;
    bench2b) QUANTJIT_WGMMA_BENCH=gemm2 QUANTJIT_WGMMA2_CONFIGS=w4n128s3p1e,w4n128s3p1eo,w2n128s4p1o QUANTJIT_WGMMA2_ROUNDS=2 timeout 200 "$bin/st" --bench-gemm-wgmma > /tmp/s6c/bench2bit.log 2>&1; grep -E "^\|" /tmp/s6c/bench2bit.log | head -40 ;;
    bf16) timeout 200 "$bin/st" --bench-gemm-bf16 > /tmp/s6c/bf16.log 2>&1; grep -E "^\|" /tmp/s6c/bf16.log | head -30 ;;
    routes) for c in executor-routes gptq-gemm-bf16-executor determinism; do timeout 200 "$bin/st" $c > /tmp/s6c/$c.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s6c/$c.log | cut -c1-300; done ;;
    anchors) PYTHONUNBUFFERED=1 timeout 120 python3 Tools/bench/torch_anchors.py --rows 4096 > /tmp/s6c/torch_anchors.log 2>&1; grep -E "^\|" /tmp/s6c/torch_anchors.log | head -12 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s6c-logs.tgz" -C /tmp s6c 2>/dev/null; true
