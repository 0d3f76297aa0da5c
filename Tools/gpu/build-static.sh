#!/usr/bin/env bash
# Builds release binaries that start on the GPU machine (Ubuntu 24.04, no Swift, no LLVM):
# the Swift runtime linked in (--static-swift-stdlib) and LLVM linked from its static archives,
# then stripped and xz-compressed into .gpu/ (git-ignored), ready to travel with the device
# tool's `carry: [".gpu"]`. See Tools/gpu/README.md.
#
# usage: Tools/gpu/build-static.sh [PRODUCT ...]
#   PRODUCT defaults to: quantjit-gpu-selftest quantjit
# environment:
#   LLVM_CONFIG           llvm-config to use (default llvm-config-19)
#   QUANTJIT_STATIC_JOBS  parallel compile jobs (default 1: the build machines are shared)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
products=("$@")
[ ${#products[@]} -gt 0 ] || products=(quantjit-gpu-selftest quantjit)
llvm_config="${LLVM_CONFIG:-llvm-config-19}"
scratch="$root/.build-static"
out="$root/.gpu"
jobs="${QUANTJIT_STATIC_JOBS:-1}"

for tool in swift "$llvm_config" strip xz; do
    command -v "$tool" >/dev/null || { echo "build-static: $tool not found" >&2; exit 1; }
done
for archive in libz.a libzstd.a; do
    if ! cc -print-file-name="$archive" | grep -q /; then
        echo "build-static: $archive not found (apt-get install zlib1g-dev libzstd-dev)" >&2
        exit 1
    fi
done

# LLVM's static archives, in one linker group (they reference one another in cycles).
# llvm-config's --system-libs also lists libz3 and libxml2, which nothing here needs.
linker_flags=(-Xlinker "-L$("$llvm_config" --libdir)" -Xlinker --start-group)
for lib in $("$llvm_config" --link-static --libs orcjit x86codegen x86asmparser nvptxcodegen passes); do
    linker_flags+=(-Xlinker "$lib")
done
linker_flags+=(-Xlinker --end-group)
for lib in -l:libz.a -l:libzstd.a -lrt -ldl -lm; do
    linker_flags+=(-Xlinker "$lib")
done

for product in "${products[@]}"; do
    if ! grep -q "name: \"$product\"" Package.swift; then
        echo "build-static: Package.swift has no product $product (Tools/gpu/README.md shows the target to add)" >&2
        exit 1
    fi
done

mkdir -p "$out"
for product in "${products[@]}"; do
    echo "build-static: building $product (release, static Swift runtime, static LLVM)"
    QUANTJIT_STATIC_LLVM=1 swift build -c release --static-swift-stdlib \
        --scratch-path "$scratch" --product "$product" --jobs "$jobs" "${linker_flags[@]}"
    binary="$(QUANTJIT_STATIC_LLVM=1 swift build -c release --scratch-path "$scratch" --show-bin-path)/$product"
    stripped="$scratch/$product.stripped"
    strip -o "$stripped" "$binary"

    # What it needs at run time: only glibc-era system libraries, glibc 2.39 at most.
    needed="$(objdump -p "$stripped" | awk '/NEEDED/ {print $2}' | tr '\n' ' ')"
    glibc="$(objdump -T "$stripped" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -1)"
    echo "build-static: $product needs: $needed(newest symbol $glibc)"
    for library in $needed; do
        case "$library" in
            libc.so.6 | libm.so.6 | libstdc++.so.6 | libgcc_s.so.1 | ld-linux-x86-64.so.2) ;;
            *) echo "build-static: $product links $library, which the GPU machine may lack" >&2; exit 1 ;;
        esac
    done
    if [ "$(printf '%s\n' "$glibc" GLIBC_2.39 | sort -V | tail -1)" != GLIBC_2.39 ]; then
        echo "build-static: $product needs $glibc, newer than the GPU machine's glibc 2.39" >&2
        exit 1
    fi

    xz -T1 -6 -c "$stripped" > "$out/$product.xz.partial"
    mv "$out/$product.xz.partial" "$out/$product.xz"
    echo "build-static: $out/$product.xz ($(du -k "$stripped" | cut -f1) KiB stripped, $(du -k "$out/$product.xz" | cut -f1) KiB xz)"
done

# Which source the binaries came from, for whoever runs them.
{
    echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: $(git rev-parse HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
    echo "llvm: $("$llvm_config" --version)"
    echo "swift: $(swift --version 2>&1 | head -1)"
    for file in "$out"/*.xz; do
        echo "$(basename "$file"): $(sha256sum "$file" | cut -d' ' -f1)"
    done
} > "$out/BUILD-INFO"
cat "$out/BUILD-INFO"
