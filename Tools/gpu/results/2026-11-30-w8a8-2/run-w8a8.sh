#!/usr/bin/env bash
# Runs on the GPU machine: the W8A8 checks of quantjit-gpu-selftest, each in its own process (an
# illegal instruction poisons a CUDA context), optionally under compute-sanitizer memcheck, the
# W8A8 bench and the torch W8A8 anchors in the same call. Logs go to $OUT. The binary, this
# script and torch_w8a8_anchors.py travel in QUANTJIT_GPU_DIR (default .gpu-w).
#
# usage: bash run-w8a8.sh [--memcheck] [--bench] [--anchors]
# environment: QUANTJIT_W8A8_CHECKS (default "w8a8-gemm-wgmma w8a8-gemm"), QUANTJIT_W8A8_MEMCHECKS
# (default "w8a8-gemm-wgmma-memcheck w8a8-gemm-memcheck"), QUANTJIT_W8A8_ROWS (e.g. 1024,4096: only
# those M in the bench and the torch anchors). A failing w8a8-gemm-wgmma check sets
# QUANTJIT_W8A8_NO_WGMMA=1: the bench then times mma.sync only.
set -uo pipefail
gpu_dir="${QUANTJIT_GPU_DIR:-.gpu-w}"
log_dir="${OUT:-/tmp}"
bin=/tmp/quantjit-bin
mkdir -p "$bin"
xz -dc "$gpu_dir/quantjit-gpu-selftest.xz" > "$bin/quantjit-gpu-selftest" && chmod +x "$bin/quantjit-gpu-selftest" || exit 2
[ -f "$gpu_dir/BUILD-INFO" ] && cat "$gpu_dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv,noheader || true
memcheck=0; bench=0; anchors=0
for a in "$@"; do
    case "$a" in --memcheck) memcheck=1 ;; --bench) bench=1 ;; --anchors) anchors=1 ;; esac
done
status=0
for check in ${QUANTJIT_W8A8_CHECKS:-w8a8-gemm-wgmma w8a8-gemm}; do
    echo "== $check"
    timeout 75 "$bin/quantjit-gpu-selftest" "$check" 2>&1 | tee "$log_dir/selftest-$check.log" | tail -4
    if [ "${PIPESTATUS[0]}" != 0 ]; then
        status=1
        # A failing wgmma check keeps the wgmma variants out of the bench.
        [ "$check" = w8a8-gemm-wgmma ] && export QUANTJIT_W8A8_NO_WGMMA=1
    fi
done
if [ "$memcheck" = 1 ]; then
    checks="${QUANTJIT_W8A8_MEMCHECKS:-w8a8-gemm-wgmma-memcheck w8a8-gemm-memcheck}"
    echo "== compute-sanitizer --tool memcheck $checks"
    timeout 90 compute-sanitizer --tool memcheck --report-api-errors no "$bin/quantjit-gpu-selftest" $checks 2>&1 \
        | tee "$log_dir/memcheck.log" | tail -8
fi
if [ "$bench" = 1 ]; then
    echo "== quantjit-gpu-selftest --bench-w8a8"
    timeout 180 "$bin/quantjit-gpu-selftest" --bench-w8a8 2>&1 | tee "$log_dir/w8a8_bench.log"
fi
if [ "$anchors" = 1 ]; then
    script=Tools/bench/torch_w8a8_anchors.py
    [ -f "$gpu_dir/torch_w8a8_anchors.py" ] && script="$gpu_dir/torch_w8a8_anchors.py"
    echo "== torch W8A8 anchors ($script)"
    PYTHONUNBUFFERED=1 timeout 120 python3 "$script" --repetitions 20 ${QUANTJIT_W8A8_ROWS:+--rows "$QUANTJIT_W8A8_ROWS"} 2>&1 | tee "$log_dir/torch_w8a8_anchors.log"
fi
exit "$status"
