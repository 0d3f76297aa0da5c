#!/usr/bin/env bash
# s17 call 9: the v1 M = 1 picks that the mask change made 1–2 % slower (f16 28672 × 8192, bf16
# 8192 × 28672) against the call 5 sweep's runner-up and neighbours, three rounds (.gpu-s17c).
set -uo pipefail
out="${OUT:-/tmp}"; s=$SECONDS
for r in 1 2 3; do
  CONFIGS=r8w8n2c1u8pmx2iy,r8w16c1u2plmb2iy,r8w12c1u4plmiy ROWS=1 SHAPES=28672x8192,8192x28672 \
    bash Tools/gpu/gemv-steps.sh .gpu-s17c bench | grep -E "^M .*µs"
  mv "$out/gemv-steps-logs.tgz" "$out/f16-$r.tgz"; rm -rf /tmp/gemv-steps
  QUANTJIT_GEMV_ACTIVATION=bf16 CONFIGS=r8w12c1u4pmb2iy,r8w12c1u4plmiy,r8w8n2c1u8pmx2iy,r8w16c1u2plmb2iy ROWS=1 SHAPES=28672x8192,8192x28672 \
    bash Tools/gpu/gemv-steps.sh .gpu-s17c bench | grep -E "^M .*µs"
  mv "$out/gemv-steps-logs.tgz" "$out/bf16-$r.tgz"; rm -rf /tmp/gemv-steps
done
echo "## done ($((SECONDS - s)) s)"
