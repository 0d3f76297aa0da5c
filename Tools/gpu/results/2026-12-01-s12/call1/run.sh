#!/usr/bin/env bash
# s12 call 1: the bf16 8-bit deep picks (s11 NEXT item 1) checked; M = 16 sweeps of the
# interleaved-strip (`iy`) staged candidates for 2- and 8-bit f16 (item 2); bf16 sweeps (item 3).
set -uo pipefail
dir=.gpu-s12a; bin=/tmp/qj-s12a; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s12a
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
iy2=r16w8n4c1u4pmx2iy,r16w8n4c1u4ps4mx2b2iye,r16w8n4c1u4plmx2iy,r16w8n4c1u4ps4mx2iy,r16w4n4c1u4ps2mx2iy
iy8=r16w8n4c1u8ps4mx2iy,r16w8n4c1u4pmx2iy,r16w8n4c1u4pmx3iy,r16w8n4c1u8pmx2iy,r16w8n4c1u4plmx2iy,r16w8n4c1u4ps4mx2iy,r16w8n2c1u4ps2mx2iy,r16w4n4c1u4ps2mx2iy
sweep() { # name bits activation rows configs shapes limit
  QUANTJIT_GEMV_BITS=$2 QUANTJIT_GEMV_ACTIVATION=$3 QUANTJIT_GEMV_ROWS=$4 QUANTJIT_GEMV_SHAPES=$6 \
    env ${5:+QUANTJIT_GEMV_CONFIGS=$5} timeout $7 "$bin/st" --bench-gemv > /tmp/s12a/$1.log 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" /tmp/s12a/$1-configs.log 2>/dev/null
  grep -E "^\||copy|empty" /tmp/s12a/$1.log | cut -c1-250
}
all=8192x8192,28672x8192,8192x28672
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    iy2) sweep $step 2 f16 16 $iy2 $all 150 ;;
    iy8) sweep $step 8 f16 16 $iy8 $all 150 ;;
    bf2-*) sweep $step 2 bf16 1,16 "" ${step#bf2-} 150 ;;
    bf8-*) sweep $step 8 bf16 1,16 "" ${step#bf8-} 150 ;;
    *) timeout 250 "$bin/st" "$step" > /tmp/s12a/$step.log 2>&1; echo "rc $?"
      grep -E "^(PASS|FAIL)" /tmp/s12a/$step.log | cut -c1-500 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s12a-logs.tgz" -C /tmp s12a 2>/dev/null; true
