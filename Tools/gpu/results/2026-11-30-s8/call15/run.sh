#!/usr/bin/env bash
# s8 call: the wgmma split-K decode configs with their overlapped (o) and per-step (x) twins, against the GEMV picks at M = 16.
set -uo pipefail
dir=.gpu-s8k; bin=/tmp/qj-s8k; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8k
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    check) timeout 200 "$bin/st" gptq-gemm-wgmma > /tmp/s8k/check.log 2>&1; grep -E "^(PASS|FAIL)" /tmp/s8k/check.log | cut -c1-300 ;;
    bench) QUANTJIT_WGMMA_BENCH=decode timeout 250 "$bin/st" --bench-gemm-wgmma > /tmp/s8k/bench.log 2>&1; cp "$out/gemm_wgmma_bench_configs.log" /tmp/s8k/bench-configs.log 2>/dev/null; grep -E "^\||^#" /tmp/s8k/bench.log | cut -c1-220 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s8k-logs.tgz" -C /tmp s8k 2>/dev/null; true
