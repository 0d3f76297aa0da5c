#!/usr/bin/env bash
# s7: pending issue-5 checks (g16 overlapped, per-step cases), racecheck on the wgmma subsets, the per-step bench.
set -uo pipefail
dir=.gpu-s7a; bin=/tmp/qj-s7a; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s7a
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) QUANTJIT_WGMMA_CHECK=all timeout 300 "$bin/st" gptq-gemm-wgmma > /tmp/s7a/check.log 2>&1; grep -E "FAIL|PASS|passed|rror" /tmp/s7a/check.log | cut -c1-400 | tail -6 ;;
    mem) for subset in 8bit-small 2bit-small; do QUANTJIT_WGMMA_CHECK=$subset timeout 150 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemm-wgmma > /tmp/s7a/memcheck-$subset.log 2>&1; grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s7a/memcheck-$subset.log | cut -c1-200; done ;;
    race) for subset in 8bit-small 2bit-small; do QUANTJIT_WGMMA_CHECK=$subset timeout 200 compute-sanitizer --tool racecheck "$bin/st" gptq-gemm-wgmma > /tmp/s7a/racecheck-$subset.log 2>&1; grep -E "^(PASS|FAIL)|RACECHECK SUMMARY" /tmp/s7a/racecheck-$subset.log | cut -c1-200; done ;;
    bench) timeout 300 "$bin/st" --bench-gemm-wgmma > /tmp/s7a/bench.log 2>&1; cp "$out/gemm_wgmma_bench_configs.log" /tmp/s7a/ 2>/dev/null; grep -E "^\|" /tmp/s7a/bench.log | grep -E "s3p1e |s3p1eo |s3p1ex |s4p1x |s4p1o |s4p1 |w2n128s4p1 |w2n128s4p1o|w2n128s4p1x" | head -60 ;;
    bench2) timeout 300 "$bin/st" --bench-gemm-wgmma > /tmp/s7a/bench2.log 2>&1; cp "$out/gemm_wgmma_bench_configs.log" /tmp/s7a/bench2_configs.log 2>/dev/null; grep -E "^\|" /tmp/s7a/bench2.log | grep -E "s3p1e |s3p1eo |s3p1ex |s4p1x |s4p1o |s4p1 |w2n128s4p1 |w2n128s4p1o|w2n128s4p1x" ;;
    bench8) QUANTJIT_WGMMA_BENCH=gemm8 QUANTJIT_WGMMA8_CONFIGS=w4n128s3p1e,w4n128s3p1eo,w4n128s3p1ex,w4n128s4p1x,w2n128s4p1x QUANTJIT_WGMMA8_ROUNDS=2 timeout 200 "$bin/st" --bench-gemm-wgmma > /tmp/s7a/bench8.log 2>&1; grep -E "^\|" /tmp/s7a/bench8.log | head -40 ;;
    bench2b) QUANTJIT_WGMMA_BENCH=gemm2 QUANTJIT_WGMMA2_CONFIGS=w4n128s3p1e,w4n128s3p1eo,w4n128s3p1ex,w4n128s4p1x,w2n128s4p1x QUANTJIT_WGMMA2_ROUNDS=2 timeout 200 "$bin/st" --bench-gemm-wgmma > /tmp/s7a/bench2bit.log 2>&1; grep -E "^\|" /tmp/s7a/bench2bit.log | head -40 ;;
    bf16) timeout 200 "$bin/st" --bench-gemm-bf16 > /tmp/s7a/bf16.log 2>&1; grep -E "^\|" /tmp/s7a/bf16.log | head -30 ;;
    routes) for c in executor-routes gptq-gemm-bf16-executor determinism; do timeout 200 "$bin/st" $c > /tmp/s7a/$c.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s7a/$c.log | cut -c1-300; done ;;
    anchors) PYTHONUNBUFFERED=1 timeout 120 python3 Tools/bench/torch_anchors.py --rows 4096 > /tmp/s7a/torch_anchors.log 2>&1; grep -E "^\|" /tmp/s7a/torch_anchors.log | head -12 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s7a-logs.tgz" -C /tmp s7a 2>/dev/null; true
