#!/usr/bin/env bash
# Lead's side-by-side bench (session 4 rerun with the new M <= 8 picks; f16 only): `quantjit bench --device cuda` (the executor's GPTQ kernels, 4-bit
# g128 v1 and sym, M = 1, 16, 4096, f16), then Marlin
# (.gpu-m/run-marlin.sh) and torch's cuBLAS fp16 (Tools/bench/torch_anchors.py), all in this call.
set -uo pipefail
dir="$(dirname "$0")"
out="${OUT:-/tmp}"
bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit.xz" > $bin/quantjit && chmod +x $bin/quantjit || exit 2
for shape in "8192 8192" "28672 8192" "8192 28672"; do
    set -- $shape
    for zp in v1 symmetric; do
        for m in 1 16 4096; do
            [ "$zp" = symmetric ] && [ "$m" = 4096 ] && continue
            timeout 40 $bin/quantjit bench gemm --device cuda -m "$m" -n "$1" -k "$2" --bits 4 --group-size 128 --zero-points $zp 2>&1 | tee -a "$out/bench.log"
        done
    done
done
echo "== Marlin"
[ -f .gpu-m/run-marlin.sh ] && timeout 90 bash .gpu-m/run-marlin.sh 2>&1 | tail -30
echo "== torch anchors (fp16 cuBLAS)"
timeout 90 python3 Tools/bench/torch_anchors.py --rows 1,16,4096 --json "$out/torch_anchors.json" 2>&1 | tee "$out/torch_anchors.log"
