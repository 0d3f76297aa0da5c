#!/usr/bin/env bash
# s15 call 4: late activations (`h`, GPUGEMVConfig.lateActivations) on the M = 16 register
# schedules: the candidates check (every candidate, h included, against float64), then
# --bench-gemv at M = 16 on the three shapes with the h variants beside the picks.
# Build .gpu-s15d (main 8beaf6a + lateActivations).
set -uo pipefail
bin=/tmp/qj-s15d; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s15d
xz -dc .gpu-s15d/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s15d/BUILD-INFO; s=$SECONDS
timeout 300 "$bin/st" gptq-gemv-mma-candidates > /tmp/s15d/candidates.log 2>&1; echo "candidates rc $?"
grep -E "^(PASS|FAIL)" /tmp/s15d/candidates.log | cut -c1-300
echo "== bench ($((SECONDS-s)) s)"
QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=r16w8c1u4pmiyh,r16w8c1u4pmih,r16w8c1u4plmiyh,r16w8c1u4plmih,r16w8c1u4pmiy,r16w8c1u4pmi,r16w8c1u4plmiy,r16w8c1u4plmi \
  QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 timeout 250 "$bin/st" --bench-gemv > /tmp/s15d/bench.log 2>&1; echo "bench rc $?"
cp "$out/gemv_bench_configs.log" /tmp/s15d/bench-configs.log 2>/dev/null
grep -E "^\||copy" /tmp/s15d/bench.log | grep -v -- "---" | cut -c1-250
echo "== done ($((SECONDS-s)) s)"
mkdir -p "$out/logs" && cp /tmp/s15d/* "$out/logs/" 2>/dev/null; true
