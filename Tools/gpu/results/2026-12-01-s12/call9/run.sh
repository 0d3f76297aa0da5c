#!/usr/bin/env bash
# s12 call 9: the side by side for the decode GEMVs whose picks changed this session, with torch's
# fp16 cuBLAS matmul in the same call: `quantjit bench gemv --device cuda --fp8` (FP8 W8A16, f16 and
# bf16), the 4-bit g128 picks (v1, symmetric) as the reference, then Tools/bench/torch_anchors.py.
set -uo pipefail
dir=.gpu-s12q; out=/tmp/s12q; mkdir -p $out; bin=/tmp/qj-s12q; mkdir -p $bin
xz -dc "$dir/quantjit.xz" > $bin/quantjit && chmod +x $bin/quantjit || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for shape in "8192 8192" "28672 8192" "8192 28672"; do
  set -- $shape
  for m in 1 16; do
    for act in f16 bf16; do
      timeout 40 $bin/quantjit bench gemv --device cuda --fp8 --activation $act -m $m -n $1 -k $2 >> $out/fp8.log 2>&1
    done
    for zp in v1 symmetric; do
      timeout 40 $bin/quantjit bench gemm --device cuda -m $m -n $1 -k $2 --bits 4 --group-size 128 --zero-points $zp >> $out/gptq4.log 2>&1
    done
  done
done
echo "== quantjit done ($((SECONDS-s)) s)"
grep -E "^(shape|fp8_|gptq_)" $out/fp8.log $out/gptq4.log | cut -c1-220
timeout 120 python3 Tools/bench/torch_anchors.py --rows 1,16 --json $out/torch_anchors.json > $out/torch_anchors.log 2>&1
grep -E "^\|" $out/torch_anchors.log | head -14
echo "== done ($((SECONDS-s)) s)"
tar czf "${OUT:-/tmp}/s12q-logs.tgz" -C /tmp s12q 2>/dev/null; true
