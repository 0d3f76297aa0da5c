#!/usr/bin/env bash
# s13 call 5: the M = 16 picks held to 3 blocks per SM (b3, 80 registers) or as 4-warp blocks 5 per SM (b5),
# with all compute cut (no spills) and real (they spill). Build .gpu-s13e = main 0118d00 + call5/experiment.patch
# (QUANTJIT_X_MINBLOCKS=1 adds them as candidates).
#   bnd   the bounded picks beside the picks (real results, spills)
#   bnnx  the same with mma, dequantization and activation bytes cut
set -uo pipefail
bin=/tmp/qj-s13e; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13e
xz -dc .gpu-s13e/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13e/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
rings=r16w8c1u4pmb3iy,r16w8n4c1u8pmx2b3i,r16w8n4c1u4ps4mx2b3iye,r16w4c1u4pmb5iy,r16w8n4c1u4pmx2b3iy,r16w8n4c1u4ps4mx2b3iye,r16w8c1u4plmb3iy,r16w4c1u4plmb5iy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bnd*|bnnx*) x=(QUANTJIT_X_MINBLOCKS=1); case "$step" in bnnx*) x+=(QUANTJIT_X_NOMMA=1 QUANTJIT_X_NODEQ=1 QUANTJIT_X_NOX=1);; esac
           env "${x[@]}" QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=$rings QUANTJIT_GEMV_SHAPES=$all \
             timeout 250 "$bin/st" --bench-gemv > /tmp/s13e/$step.log 2>&1; echo "rc $?"
           cp "$out/gemv_bench_configs.log" /tmp/s13e/$step-configs.log 2>/dev/null; grep -E "^\||copy" /tmp/s13e/$step.log | cut -c1-250 ;;
    *) QUANTJIT_X_MINBLOCKS=1 timeout 250 "$bin/st" "$step" > /tmp/s13e/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s13e/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13e-logs.tgz" -C /tmp s13e 2>/dev/null; true
