#!/bin/bash
# Reproduces the s15 SASS counts: PTX from quantjit dump-ptx, ptxas 13.0 (sm_90, -O3), nvdisasm,
# count.py. Everything large goes to $WORK (default /tmp/s15r); the tables print to stdout.
#   bash run.sh [QUANTJIT] [WORK]
set -euo pipefail
Q=${1:-/tmp/quantjit-s15}          # a copy of .build/debug/quantjit
W=${2:-/tmp/s15r}
BIN=${BIN:-/tmp/sassvenv/lib/python3.11/site-packages/nvidia/cu13/bin}   # ptxas 13.0.88, nvdisasm 13.2.86
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$W/loops"
cd "$W"
C="gemv --bits 4 --group-size 128 --activation f16 --target sm_90 -m 16"
A="-n 8192 -k 28672 --config r16w8n4c1u4ps4mx2iye"     # symmetric pick, 8192 x 28672
B="-n 28672 -k 8192 --config r16w8n4c1u8pmx2i"         # symmetric pick, 28672 x 8192
V="--zero-points v1 -n 8192 -k 28672 --config r16w8n4c1u4ps4mx2b2iye"
# name | dump-ptx arguments (the kernel-name header goes to stderr; `sed 1d` drops the first
# line of stdout, a bare "//" comment)
while IFS='|' read -r name args; do
  [ -z "$name" ] && continue
  nice -n 10 "$Q" dump-ptx $C $args 2>/dev/null | sed 1d > "$name.ptx"
done <<EOF
a|$A
a-cut-activation-loads|$A --cut activation-loads
a-cut-mma|$A --cut mma
a-cut-dequantization|$A --cut dequantization
a-cut-activation-bytes|$A --cut activation-bytes
b|$B
b-cut-activation-loads|$B --cut activation-loads
v1|$V
v1-cut-activation-loads|$V --cut activation-loads
a-no-e|-n 8192 -k 28672 --config r16w8n4c1u4ps4mx2iy
a-paired|-n 8192 -k 28672 --config r16w8n4c1u4ps4mx2b2it
r-8192|-n 8192 -k 8192 --config r16w8c1u4pmiy
r-8192-cut-activation-loads|-n 8192 -k 8192 --config r16w8c1u4pmiy --cut activation-loads
EOF
# The activation-loads cut feeds both row halves the same constant, so ptxas merges each pair of
# identical mma (32 -> 16 HMMA). "-nocse": the same PTX with the second half's B operand a
# different constant (0x24012401), which keeps all 32 HMMA.
for f in a-cut-activation-loads b-cut-activation-loads v1-cut-activation-loads r-8192-cut-activation-loads; do
  python3 "$HERE/nocse.py" "$f.ptx" "$f-nocse.ptx"
done
for p in *.ptx; do
  f=${p%.ptx}
  nice -n 10 "$BIN/ptxas" -arch=sm_90 -O3 -v "$p" -o "$f.cubin" 2> "$f.ptxas.log"
  nice -n 10 "$BIN/nvdisasm" -c -g "$f.cubin" > "$f.sass"
done
for f in *.ptxas.log; do
  printf '%-40s %s\n' "${f%.ptxas.log}" "$(grep -o 'Used [0-9]* registers\|[0-9]* bytes spill stores\|[0-9]* bytes smem' "$f" | tr '\n' ' ')"
done
nice -n 10 python3 "$HERE/count.py" --opcodes --listing loops --json counts-8192x28672.json \
  pick=a.sass cut_xloads=a-cut-activation-loads.sass cut_xloads_nocse=a-cut-activation-loads-nocse.sass \
  cut_mma=a-cut-mma.sass cut_deq=a-cut-dequantization.sass cut_xbytes=a-cut-activation-bytes.sass \
  no_e=a-no-e.sass paired_b2=a-paired.sass
nice -n 10 python3 "$HERE/count.py" --opcodes --listing loops --json counts-other.json \
  u8=b.sass u8_cut_xloads=b-cut-activation-loads.sass u8_cut_xloads_nocse=b-cut-activation-loads-nocse.sass \
  v1=v1.sass v1_cut_xloads_nocse=v1-cut-activation-loads-nocse.sass \
  reg8192=r-8192.sass reg8192_cut_xloads=r-8192-cut-activation-loads.sass reg8192_cut_xloads_nocse=r-8192-cut-activation-loads-nocse.sass
