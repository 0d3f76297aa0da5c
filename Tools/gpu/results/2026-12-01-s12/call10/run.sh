#!/usr/bin/env bash
# s12 call 10: second and third rounds for the bf16 rows where call 6 (4-bit) and call 1 (8-bit
# at 8192 × 8192) found candidates a few % faster than the picks: the top three of every row
# beside the picks, self-test of c6434f6 (.gpu-s12g).
set -uo pipefail
dir=.gpu-s12g; bin=/tmp/qj-s12j; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12j
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
four=r16w8c1u4pmiy,r16w8n2c1u4ps2mx2iy,r16w8n4c1u4plmx2iy,r16w8n4c1u4pmx2b2ie,r16w8n4c1u4pmx2ie,r16w8n4c1u4pmx2iy,r16w8n4c1u4ps4mx2b2ie,r16w8n4c1u4ps4mx2b2iye,r16w8n4c1u4ps4mx2ie,r16w8n4c1u4ps4mx2iy,r16w8n4c1u4ps4mx2iye,r16w8n4c1u8pmx2i,r8w10c1u4plmiy,r8w12c1u4plmiy,r8w12c1u4pmb2i,r8w12c1u4pmb2iy,r8w16c1u2pmb2iy,r8w4c1u4plm,r8w4c1u4plmi,r8w4c1u4plmiy,r8w4c1u8plmiy,r8w4c1u8pmiy,r8w8c1u4plmiy,r8w8c1u8pmiy
eight=r8w12c1u4pmb2ziy,r8w8c1u8pmzy,r16w8n4c1u4ps4mx2zie,r16w8n4c1u8ps4mx2ziy,r16w8c1u4pmzy
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    four*) env QUANTJIT_GEMV_CONFIGS=$four QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 QUANTJIT_GEMV_ACTIVATION=bf16 QUANTJIT_GEMV_ROWS=1,16 \
        timeout 200 "$bin/st" --bench-gemv > /tmp/s12j/$step.log 2>&1; echo "rc $?" ;;
    eight*) env QUANTJIT_GEMV_BITS=8 QUANTJIT_GEMV_CONFIGS=$eight QUANTJIT_GEMV_SHAPES=8192x8192 QUANTJIT_GEMV_ACTIVATION=bf16 QUANTJIT_GEMV_ROWS=1,16 \
        timeout 200 "$bin/st" --bench-gemv > /tmp/s12j/$step.log 2>&1; echo "rc $?" ;;
  esac
  cp "$out/gemv_bench_configs.log" /tmp/s12j/$step-configs.log 2>/dev/null
  grep -E "^\||copy" /tmp/s12j/$step.log | grep -v '^|---' | cut -c1-200
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12j-logs.tgz" -C /tmp s12j 2>/dev/null; true
