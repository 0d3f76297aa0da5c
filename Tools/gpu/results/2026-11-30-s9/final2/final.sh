#!/usr/bin/env bash
# Session 9 (call 8, final picks): the side by side: quantjit bench gemm --device cuda (4-bit g128 v1/sym, M = 1, 16, 4096),
# Marlin (.gpu-m), torch cuBLAS fp16, all in this call.
set -uo pipefail
dir="$(dirname "$0")"; out=/tmp/s9final2; mkdir -p $out; bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit.xz" > $bin/quantjit && chmod +x $bin/quantjit || exit 2
head -2 "$dir/BUILD-INFO"
start=$SECONDS
echo "== quantjit bench ($((SECONDS-start)) s)"
for shape in "8192 8192" "28672 8192" "8192 28672"; do
    set -- $shape
    for zp in v1 symmetric; do
        for m in 1 16 4096; do
            timeout 40 $bin/quantjit bench gemm --device cuda -m "$m" -n "$1" -k "$2" --bits 4 --group-size 128 --zero-points $zp >> "$out/bench.log" 2>&1
        done
    done
done
grep -E "^(shape|gptq_)" "$out/bench.log" | sed -E 's/GPTQ 4-bit g128 //; s/ f16 activations; //' | cut -c1-175
echo "== Marlin ($((SECONDS-start)) s)"
[ -f .gpu-m/run-marlin.sh ] && OUT=$out timeout 90 bash .gpu-m/run-marlin.sh > "$out/marlin.log" 2>&1; grep -E "^\| [0-9]|check M" "$out/nohint.log" "$out/marlin_nohint.log" 2>/dev/null | tail -14
echo "== torch anchors ($((SECONDS-start)) s)"
timeout 90 python3 Tools/bench/torch_anchors.py --rows 1,16,4096 --json "$out/torch_anchors.json" > "$out/torch_anchors.log" 2>&1; grep -E "^\|" "$out/torch_anchors.log" | head -14
echo "== done ($((SECONDS-start)) s)"
tar czf "${OUT:-/tmp}/s9final2-logs.tgz" -C /tmp s9final2 2>/dev/null; true
