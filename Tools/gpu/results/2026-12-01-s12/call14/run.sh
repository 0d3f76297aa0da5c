#!/usr/bin/env bash
# s12 call 14: the 2-bit occupancy candidates (twoBitOccupancyConfigs: b3/b4, split-K, narrower
# blocks) beside the 2-bit f16 picks, two rounds; and the check of every candidate
# (gptq-gemv-mma-candidates) with them in it.
set -uo pipefail
dir=.gpu-s12n; bin=/tmp/qj-s12n; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12n
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
occ=r8w8n2c1u2pmx2b3i,r8w8n2c1u2pmx2b4i,r8w8n2c1u4pmx2b3i,r8w8n2c1u2ps2mx2b3i,r8w8n2c1u2ps2mx2b4i,r8w8n2c1u4ps2mx2b3i,r8w8n2c1u2ps4mx2b3i,r8w8n2c1u2ps4mx2b4i,r8w8n2c1u4ps4mx2b3i,r8w8n4c1u2pmx2b3i,r8w8n4c1u2pmx2b4i,r8w8n4c1u4pmx2b3i,r8w8n4c1u4pmx2b4i,r8w8n4c1u2ps2mx2b3i,r8w8n4c1u2ps2mx2b4i,r8w8n4c1u4ps2mx2b3i,r8w8n4c1u4ps2mx2b4i,r8w8n4c1u2ps4mx2b3i,r8w8n4c1u2ps4mx2b4i,r8w8n4c1u4ps4mx2b3i,r8w8n4c1u4ps4mx2b4i,r16w8n4c1u2pmx2b3i,r16w8n4c1u2ps2mx2b3i,r16w8n4c1u2ps4mx2b3i
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    bench*) env QUANTJIT_GEMV_BITS=2 QUANTJIT_GEMV_CONFIGS=$occ QUANTJIT_GEMV_SHAPES=8192x8192,28672x8192,8192x28672 QUANTJIT_GEMV_ROWS=1,16 \
        timeout 200 "$bin/st" --bench-gemv > /tmp/s12n/$step.log 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" /tmp/s12n/$step-configs.log 2>/dev/null
      grep -E "^\|" /tmp/s12n/$step.log | grep -v '^|---' | cut -c1-200 ;;
    *) timeout 280 "$bin/st" "$step" > /tmp/s12n/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s12n/$step.log | cut -c1-300 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12n-logs.tgz" -C /tmp s12n 2>/dev/null; true
