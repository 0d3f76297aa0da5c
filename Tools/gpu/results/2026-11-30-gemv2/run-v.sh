#!/usr/bin/env bash
# Runs on the GPU machine (one call): the tensor-core GEMV's correctness checks, the
# determinism check (GEMV and GEMM), and compute-sanitizer memcheck and racecheck over the GEMV's
# sanitizer cases, all in parallel processes (no timing in them); then, alone on the GPU, the
# GEMV bench (--bench-gemv: every candidate config, fixed costs, copy bandwidth).
# Binaries and this script travel in QUANTJIT_GPU_DIR (default .gpu-v); logs go to $OUT.
#
# usage: bash run-v.sh [--no-checks | --quick]   (--quick: only gptq-gemv-mma-candidates and determinism)
set -uo pipefail
gpu_dir="${QUANTJIT_GPU_DIR:-.gpu-v}"
log="${OUT:-/tmp}"
bin=/tmp/quantjit-bin-v
mkdir -p "$bin"
xz -dc "$gpu_dir/quantjit-gpu-selftest.xz" > "$bin/quantjit-gpu-selftest" && chmod +x "$bin/quantjit-gpu-selftest" || exit 2
selftest="$bin/quantjit-gpu-selftest"
[ -f "$gpu_dir/BUILD-INFO" ] && cat "$gpu_dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv,noheader || true
start=$(date +%s)
if [ "${1:-}" = "--quick" ]; then
    # Re-tuning: the candidate configs against the reference, and determinism, then the bench.
    timeout 60 stdbuf -oL "$selftest" gptq-gemv-mma-candidates > "$log/checks.log" 2>&1 &
    timeout 60 stdbuf -oL "$selftest" determinism > "$log/determinism.log" 2>&1 &
    wait
    echo "== checks ($(( $(date +%s) - start )) s)"
    for f in checks determinism; do echo "-- $f"; tail -c 1500 "$log/$f.log"; done
elif [ "${1:-}" != "--no-checks" ]; then
    timeout 110 stdbuf -oL "$selftest" gptq-gemv-mma fp8-gemv-mma > "$log/checks.log" 2>&1 &
    timeout 110 stdbuf -oL "$selftest" determinism > "$log/determinism.log" 2>&1 &
    timeout 110 compute-sanitizer --tool racecheck --report-api-errors no "$selftest" gptq-gemv-mma-memcheck > "$log/racecheck.log" 2>&1 &
    timeout 110 compute-sanitizer --tool memcheck --report-api-errors no "$selftest" gptq-gemv-mma-memcheck > "$log/memcheck.log" 2>&1 &
    wait
    echo "== checks ($(( $(date +%s) - start )) s)"
    for f in checks determinism memcheck racecheck; do echo "-- $f"; tail -c 1500 "$log/$f.log"; done
fi
echo "== quantjit-gpu-selftest --bench-gemv"
timeout 200 stdbuf -oL "$selftest" --bench-gemv > "$log/gemv_bench.log" 2>&1
echo "bench rc $? ($(( $(date +%s) - start )) s)"
cat "$log/gemv_bench.log"
