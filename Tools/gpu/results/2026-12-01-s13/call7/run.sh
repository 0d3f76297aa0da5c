#!/usr/bin/env bash
# s13 call 7: folded scales (GPUGEMVConfig.foldedScales, suffix f) and two column words a lane at
# M = 16: the foldedConfigs candidates timed beside the picks, then checked against float64.
# Build .gpu-s13g = main d11771c + the uncommitted foldedScales change (git diff in call7/).
set -uo pipefail
bin=/tmp/qj-s13g; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13g
xz -dc .gpu-s13g/quantjit-gpu-selftest.xz > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 .gpu-s13g/BUILD-INFO; s=$SECONDS
all=8192x8192,28672x8192,8192x28672
folded=r16w8c1u4pmfiy,r16w8c2u2pmfiy,r16w8c2u2ps2mfiy,r16w8n4c1u8pmfx2i,r16w8n4c2u4pmfx2i,r16w8n4c2u4ps2mfx2i,r16w8n4c1u4ps4mfx2iye,r16w8n4c2u2ps4mfx2iye,r16w8n4c2u2ps8mfx2iye,r16w8c1u4plmfiy,r16w8c2u2plmfiy,r16w8c2u2ps2lmfiy,r16w8n4c1u4pmfx2iy,r16w8n4c2u2pmfx2iy,r16w8n4c2u2ps2mfx2iy,r16w8n4c1u4ps4mfx2b2iye,r16w8n4c2u2ps4mfx2b2iye,r16w8n4c2u2ps8mfx2b2iye
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    f16*) QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=$folded QUANTJIT_GEMV_SHAPES=$all \
             timeout 250 "$bin/st" --bench-gemv > /tmp/s13g/$step.log 2>&1; echo "rc $?"
           cp "$out/gemv_bench_configs.log" /tmp/s13g/$step-configs.log 2>/dev/null; grep -E "^\||copy" /tmp/s13g/$step.log | cut -c1-250 ;;
    *) timeout 300 "$bin/st" "$step" > /tmp/s13g/$step.log 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)" /tmp/s13g/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13g-logs.tgz" -C /tmp s13g 2>/dev/null; true
