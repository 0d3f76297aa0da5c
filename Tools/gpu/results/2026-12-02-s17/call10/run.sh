#!/usr/bin/env bash
# s17 call 10: bf16 v1 at M = 1 below N = 16384: the pick r8w12c1u4plmiy against r8w12c1u4pmb2iy
# (call 9: 40.0 against 35.9 µs on 8192 × 28672), now also on 8192 × 8192, three rounds (.gpu-s17c).
set -uo pipefail
out="${OUT:-/tmp}"; s=$SECONDS
for r in 1 2 3; do
  QUANTJIT_GEMV_ACTIVATION=bf16 CONFIGS=r8w12c1u4pmb2iy,r8w12c1u4plmiy ROWS=1 SHAPES=8192x8192,8192x28672 \
    bash Tools/gpu/gemv-steps.sh .gpu-s17c bench | grep -E "^M .*µs"
  mv "$out/gemv-steps-logs.tgz" "$out/bf16-$r.tgz"; rm -rf /tmp/gemv-steps
done
echo "## done ($((SECONDS - s)) s)"
