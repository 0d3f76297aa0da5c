#!/usr/bin/env bash
# s13 call 11: a timing prototype of NEXT.md item 3 — the staged M = 16 picks with their mma.sync
# and activation ld.shared replaced by wgmma.m64n16k16 (A: the dequantized weight fragments in
# registers, B: a descriptor into the staged chunk, whose layout is NOT the canonical one: wrong
# results, timing only; the 4 column warps of one K range form the warpgroup; wait_group 0 per
# group run). Build .gpu-s13l = main + call11/experiment.patch (QUANTJIT_X_WGMMA=1; sm_90a PTX).
set -uo pipefail
bin=/tmp/qj-s13l; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13l
xz -dc .gpu-s13l/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13l/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
staged=r16w8n4c1u8pmx2i,r16w8n4c1u4pmx2i,r16w8n4c1u4ps4mx2i,r16w8n4c1u4pmx2iy,r16w8n4c1u4ps4mx2iy,r16w8n4c1u4ps4mx2iye
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  x=(); case "$step" in wg*) x=(QUANTJIT_X_WGMMA=1);; esac
  env "${x[@]}" QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=$staged QUANTJIT_GEMV_SHAPES=$all \
    timeout 200 "$bin/st" --bench-gemv > /tmp/s13l/$step.log 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" /tmp/s13l/$step-configs.log 2>/dev/null
  grep -E "^\||copy|rror" /tmp/s13l/$step.log | grep -v -- "---" | cut -c1-250
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13l-logs.tgz" -C /tmp s13l 2>/dev/null; true
