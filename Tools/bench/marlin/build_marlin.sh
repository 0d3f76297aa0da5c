#!/usr/bin/env bash
# Builds upstream Marlin (IST-DASLab/marlin) with QuantJIT's extern "C" shim into
# libmarlin_anchor.so, the anchor that Tools/bench/marlin_anchors.py times on the GPU machine.
# Marlin's source and the built library are never committed (Tools/bench/marlin/README.md).
#
# usage: Tools/bench/marlin/build_marlin.sh MARLIN_SRC [OUT_DIR]
#   MARLIN_SRC  a checkout/export of IST-DASLab/marlin (has marlin/marlin_cuda_kernel.cu)
#   OUT_DIR     where libmarlin_anchor.so and BUILD-INFO-marlin go (default: .)
# environment:
#   CUDA_ROOT   a CUDA 13 toolkit root with bin/nvcc (default: the nvcc on PATH, else
#               /usr/local/cuda). Without a toolkit, assemble one from PyPI wheels:
#                 Tools/bench/marlin/build_marlin.sh --toolchain DIR   (then CUDA_ROOT=DIR/nvidia/cu13)
#   MARLIN_ARCH nvcc -gencode flags (default: SASS for sm_90 and sm_80 from compute_80, plus
#               compute_80 PTX; Marlin uses sm_80 features only: mma.sync, cp.async, ldmatrix)
#   MARLIN_OPT  extra nvcc flags (default: -O3)
# The library links the CUDA runtime statically (libcudart_static.a), so on the GPU machine it
# needs only the driver's libcuda.so.1.
set -euo pipefail

if [ "${1:-}" = "--toolchain" ]; then
    dir="${2:?usage: build_marlin.sh --toolchain DIR}"
    mkdir -p "$dir/wheels"
    pip download --no-deps -q -d "$dir/wheels" "nvidia-cuda-nvcc==13.0.*" "nvidia-nvvm==13.0.*" \
        "nvidia-cuda-runtime==13.0.*" "nvidia-cuda-crt==13.0.*" "nvidia-cuda-cccl==13.0.*"
    for wheel in "$dir"/wheels/*.whl; do unzip -q -o "$wheel" -d "$dir"; done
    echo "toolchain: CUDA_ROOT=$dir/nvidia/cu13"
    exit 0
fi

src="${1:?usage: build_marlin.sh MARLIN_SRC [OUT_DIR]}"
out="${2:-.}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kernel="$src/marlin/marlin_cuda_kernel.cu"
[ -f "$kernel" ] || { echo "no $kernel" >&2; exit 1; }
variant="upstream"
if [ "${MARLIN_NO_CACHE_HINT:-0}" = 1 ]; then
    # Diagnostic variant: the weight loads without Marlin's L2 evict_first cache policy (the
    # change reported to cure its illegal-instruction crash on Blackwell, IST-DASLab/marlin#40).
    patched="$(mktemp -d)/marlin_cuda_kernel.cu"
    sed -e '/createpolicy.fractional.L2::evict_first/d' \
        -e 's/cp.async.cg.shared.global.L2::cache_hint \[%0\], \[%1\], %2, p;/cp.async.cg.shared.global [%0], [%1], %2;/' \
        "$kernel" > "$patched"
    grep -q "cache_hint" "$patched" && { echo "cache-hint patch did not apply" >&2; exit 1; }
    kernel_src="$kernel"; kernel="$patched"; variant="no L2 cache hint on B loads"
fi

if [ -n "${CUDA_ROOT:-}" ]; then nvcc="$CUDA_ROOT/bin/nvcc"
elif command -v nvcc >/dev/null; then nvcc="$(command -v nvcc)"
else nvcc=/usr/local/cuda/bin/nvcc; fi
root="$(cd "$(dirname "$nvcc")/.." && pwd)"
libdir="$root/lib"; [ -d "$root/lib64" ] && libdir="$root/lib64"

arch="${MARLIN_ARCH:--gencode arch=compute_80,code=sm_90 -gencode arch=compute_80,code=sm_80 -gencode arch=compute_80,code=compute_80}"
opt="${MARLIN_OPT:--O3}"
# What torch's CUDAExtension (Marlin's setup.py) passes to nvcc besides the arch flags.
torchlike="--expt-relaxed-constexpr -D__CUDA_NO_HALF_OPERATORS__ -D__CUDA_NO_HALF_CONVERSIONS__ -D__CUDA_NO_BFLOAT16_CONVERSIONS__ -D__CUDA_NO_HALF2_OPERATORS__"
mkdir -p "$out"
start=$(date +%s)
# shellcheck disable=SC2086
"$nvcc" $opt -std=c++17 $torchlike $arch -Xcompiler -fPIC -shared -cudart static -L"$libdir" \
    -o "$out/libmarlin_anchor.so" "$kernel" "$here/marlin_anchor_shim.cu" -lrt -lpthread -ldl
end=$(date +%s)
strip --strip-unneeded "$out/libmarlin_anchor.so" 2>/dev/null || true

commit="$(git -C "$src" rev-parse HEAD 2>/dev/null || cat "$src/MARLIN-COMMIT" 2>/dev/null || echo unknown)"
{
    echo "libmarlin_anchor.so built $(date -u +%FT%TZ) on $(uname -n) in $((end - start)) s"
    echo "marlin source: IST-DASLab/marlin $commit (${kernel_src:-$kernel} sha256 $(sha256sum "${kernel_src:-$kernel}" | cut -d' ' -f1)); variant: $variant"
    echo "shim: $(git -C "$here" rev-parse --short HEAD 2>/dev/null) $(sha256sum "$here/marlin_anchor_shim.cu" | cut -d' ' -f1)"
    echo "nvcc: $("$nvcc" --version | tail -2 | tr '\n' ' ')"
    echo "host compiler: $(g++ --version | head -1)"
    echo "flags: $opt -std=c++17 $torchlike $arch -cudart static"
    echo "library sha256: $(sha256sum "$out/libmarlin_anchor.so" | cut -d' ' -f1), $(stat -c %s "$out/libmarlin_anchor.so") bytes"
    echo "needs: $(ldd "$out/libmarlin_anchor.so" 2>/dev/null | awk '{print $1}' | tr '\n' ' ')"
} > "$out/BUILD-INFO-marlin"
cat "$out/BUILD-INFO-marlin"
