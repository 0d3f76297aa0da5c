#!/usr/bin/env bash
# Runs on the GPU machine, in the repository root of the tree the device tool sent, with the
# binaries of Tools/gpu/build-static.sh carried in .gpu/: unpacks them, prints the machine,
# runs the CUDA self-test, with --bench also times the GPTQ GPU kernels
# (quantjit-gpu-selftest --bench), and with --anchors the torch anchors
# (Tools/bench/torch_anchors.py). Logs go to $OUT when the device tool sets it.
#
# With --bench-gemm it times the tensor-core GPTQ GEMM for large M (quantjit-gpu-selftest --bench-gemm,
# then --bench-gemm-async and --bench-gemm-wgmma, each in a process of its own).
# With --bench-gemv it times the tensor-core GPTQ GEMV (quantjit-gpu-selftest --bench-gemv), with
# --anchor-rows LIST passes --rows LIST to the torch anchors, and with --sanitize CHECK runs that
# self-test check under compute-sanitizer's memcheck at the end.
#
# usage: bash Tools/gpu/run-on-gpu.sh [--bench] [--bench-gemv] [--bench-gemm] [--anchors] [--anchor-rows 1,16]
#                                     [--sanitize CHECK] [--] [quantjit-gpu-selftest arguments]
# exit status: the self-test's (0 when every check passed).
set -uo pipefail

anchors=0
bench=0
bench_gemv=0
bench_gemm=0
anchor_rows=""
sanitize=""
while [ $# -gt 0 ]; do
    case "$1" in
        --anchors) anchors=1; shift ;;
        --bench) bench=1; shift ;;
        --bench-gemv) bench_gemv=1; shift ;;
        --bench-gemm) bench_gemm=1; shift ;;
        --anchor-rows) anchor_rows="$2"; shift 2 ;;
        --sanitize) sanitize="$2"; shift 2 ;;
        --) shift; break ;;
        *) break ;;
    esac
done

gpu_dir="${QUANTJIT_GPU_DIR:-.gpu}"
bin_dir="${QUANTJIT_GPU_BIN:-/tmp/quantjit-bin}"
log_dir="${OUT:-/tmp}"
mkdir -p "$bin_dir"

shopt -s nullglob
archives=("$gpu_dir"/*.xz)
if [ ${#archives[@]} -eq 0 ]; then
    echo "run-on-gpu: no $gpu_dir/*.xz here: build with Tools/gpu/build-static.sh and carry $gpu_dir" >&2
    exit 2
fi
for archive in "${archives[@]}"; do
    name="$(basename "$archive" .xz)"
    xz -dc "$archive" > "$bin_dir/$name" && chmod +x "$bin_dir/$name" || { echo "run-on-gpu: cannot unpack $archive" >&2; exit 2; }
done
[ -f "$gpu_dir/BUILD-INFO" ] && cat "$gpu_dir/BUILD-INFO"

echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv,noheader || true
echo "glibc $(ldd --version | head -1 | awk '{print $NF}'), kernel $(uname -r)"

status=0
if [ -x "$bin_dir/quantjit-gpu-selftest" ]; then
    echo "== quantjit-gpu-selftest"
    "$bin_dir/quantjit-gpu-selftest" "$@" 2>&1 | tee "$log_dir/selftest.log"
    status=${PIPESTATUS[0]}
else
    echo "run-on-gpu: $gpu_dir has no quantjit-gpu-selftest.xz" >&2
    status=2
fi

if [ -x "$bin_dir/quantjit" ]; then
    echo "== quantjit --help (the static CLI starts)"
    "$bin_dir/quantjit" --help 2>&1 | head -5
fi

if [ "$bench" = 1 ] && [ -x "$bin_dir/quantjit-gpu-selftest" ]; then
    echo "== quantjit-gpu-selftest --bench"
    "$bin_dir/quantjit-gpu-selftest" --bench 2>&1 | tee "$log_dir/gptq_bench.log"
fi

if [ "$bench_gemv" = 1 ] && [ -x "$bin_dir/quantjit-gpu-selftest" ]; then
    echo "== quantjit-gpu-selftest --bench-gemv"
    "$bin_dir/quantjit-gpu-selftest" --bench-gemv 2>&1 | tee "$log_dir/gemv_bench.log"
fi

if [ "$bench_gemm" = 1 ] && [ -x "$bin_dir/quantjit-gpu-selftest" ]; then
    echo "== quantjit-gpu-selftest --bench-gemm"
    "$bin_dir/quantjit-gpu-selftest" --bench-gemm 2>&1 | tee "$log_dir/gemm_bench.log"
    echo "== quantjit-gpu-selftest --bench-gemm-async (cp.async configs, own process)"
    "$bin_dir/quantjit-gpu-selftest" --bench-gemm-async 2>&1 | tee "$log_dir/gemm_async_bench.log"
    echo "== quantjit-gpu-selftest --bench-gemm-wgmma (wgmma GEMM, sm_90a, own process)"
    "$bin_dir/quantjit-gpu-selftest" --bench-gemm-wgmma 2>&1 | tee "$log_dir/gemm_wgmma_bench.log"
fi

if [ "$anchors" = 1 ]; then
    script=Tools/bench/torch_anchors.py
    [ -f "$gpu_dir/torch_anchors.py" ] && script="$gpu_dir/torch_anchors.py"
    rows_option=()
    [ -n "$anchor_rows" ] && rows_option=(--rows "$anchor_rows")
    echo "== torch anchors ($script ${rows_option[*]})"
    PYTHONUNBUFFERED=1 python3 "$script" "${rows_option[@]}" 2>&1 | tee "$log_dir/torch_anchors.log"
fi

if [ -n "$sanitize" ] && [ -x "$bin_dir/quantjit-gpu-selftest" ]; then
    echo "== compute-sanitizer --tool memcheck quantjit-gpu-selftest $sanitize"
    compute-sanitizer --tool memcheck --report-api-errors no "$bin_dir/quantjit-gpu-selftest" $sanitize 2>&1 \
        | tee "$log_dir/memcheck.log" | tail -20
    echo "== compute-sanitizer --tool racecheck quantjit-gpu-selftest $sanitize"
    compute-sanitizer --tool racecheck --report-api-errors no "$bin_dir/quantjit-gpu-selftest" $sanitize 2>&1 \
        | tee "$log_dir/racecheck.log" | tail -6
fi
exit "$status"
