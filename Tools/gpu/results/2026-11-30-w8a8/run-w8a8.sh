#!/usr/bin/env bash
# Runs on the GPU machine: the W8A8 and activation-quantization checks of quantjit-gpu-selftest,
# each in its own process (an illegal instruction poisons a CUDA context), optionally under
# compute-sanitizer memcheck, the W8A8 bench and the torch W8A8 anchors in the same call.
# Logs go to $OUT. Binaries and this script travel in QUANTJIT_GPU_DIR (default .gpu): copy it
# there with the binary (it produced the logs of this folder as .gpu-w/run-w8a8.sh).
#
# usage: bash run-w8a8.sh [--memcheck] [--bench] [--anchors]
# environment: QUANTJIT_W8A8_CHECKS (default "actquant-gpu w8a8-gemm"), QUANTJIT_W8A8_ROWS (e.g. 1,16:
# only those M in the bench and the torch anchors)
set -uo pipefail
gpu_dir="${QUANTJIT_GPU_DIR:-.gpu}"
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
for check in ${QUANTJIT_W8A8_CHECKS:-actquant-gpu w8a8-gemm}; do
    echo "== $check"
    timeout 240 "$bin/quantjit-gpu-selftest" "$check" 2>&1 | tee "$log_dir/selftest-$check.log"
    [ "${PIPESTATUS[0]}" = 0 ] || status=1
done
if [ "$memcheck" = 1 ]; then
    echo "== compute-sanitizer --tool memcheck w8a8-gemm-memcheck actquant-gpu"
    timeout 150 compute-sanitizer --tool memcheck --report-api-errors no "$bin/quantjit-gpu-selftest" w8a8-gemm-memcheck actquant-gpu 2>&1 \
        | tee "$log_dir/memcheck.log" | tail -8
fi
if [ "$bench" = 1 ]; then
    echo "== quantjit-gpu-selftest --bench-w8a8"
    timeout 300 "$bin/quantjit-gpu-selftest" --bench-w8a8 2>&1 | tee "$log_dir/w8a8_bench.log"
fi
if [ "$anchors" = 1 ]; then
    script=Tools/bench/torch_w8a8_anchors.py
    [ -f "$gpu_dir/torch_w8a8_anchors.py" ] && script="$gpu_dir/torch_w8a8_anchors.py"
    echo "== torch W8A8 anchors ($script)"
    PYTHONUNBUFFERED=1 timeout 300 python3 "$script" ${QUANTJIT_W8A8_ROWS:+--rows "$QUANTJIT_W8A8_ROWS"} 2>&1 | tee "$log_dir/torch_w8a8_anchors.log"
fi
exit "$status"
