#!/usr/bin/env bash
# s6 call 1: is M = 16 on 28672x8192 held by the 224-block grid (264 slots)? Same config on N = 28672, 33792 (264 blocks), 16896 (132),
# and split-K sweeps. quantjit bench gemm --device cuda, 4-bit g128 f16.
set -uo pipefail
dir="$(dirname "$0")"; out=/tmp/diag; mkdir -p $out; bin=/tmp/qjb; mkdir -p $bin
xz -dc "$dir/quantjit.xz" > $bin/quantjit && chmod +x $bin/quantjit || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
b() { timeout 40 $bin/quantjit bench gemm --device cuda --bits 4 --group-size 128 "$@" >> $out/bench.log 2>&1; grep -E "^gptq_" $out/bench.log | tail -1 | cut -c1-200; }
for zp in symmetric v1; do
  for n in 28672 33792 16896; do b -m 16 -n $n -k 8192 --zero-points $zp --config r16w8n4c1u8pmx2i; done
  for n in 28672 33792; do b -m 16 -n $n -k 8192 --zero-points $zp --config r16w8n4c1u4pmx2i; done
  for s in 2 3 4 5 6 7 8; do b -m 16 -n 28672 -k 8192 --zero-points $zp --config r16w8n4c1u4ps${s}mx2i; done
  for s in 2 4; do b -m 16 -n 28672 -k 8192 --zero-points $zp --config r16w8n4c1u8ps${s}mx2i; done
  for s in 2 3 4 7; do b -m 16 -n 28672 -k 8192 --zero-points $zp --config r16w8c1u4ps${s}mi; done
  for n in 28672 33792; do b -m 1 -n $n -k 8192 --zero-points $zp; done
done
for n in 8192 8448; do b -m 16 -n $n -k 28672 --zero-points symmetric; done
echo "== done ($((SECONDS-s)) s)"
tar czf "${OUT:-/tmp}/diag-logs.tgz" -C /tmp diag 2>/dev/null; true
