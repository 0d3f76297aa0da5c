#!/usr/bin/env bash
# GEMV third round, one device call: correctness (gptq-gemv-mma incl. staged-activation cases,
# gptq-gemv-mma-candidates, determinism) and compute-sanitizer memcheck/racecheck over
# gptq-gemv-mma-memcheck, in parallel processes; then --bench-gemv alone on the GPU.
# usage: bash .gpu-v/run-v3.sh [--quick] [--no-checks]
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
    timeout 90 stdbuf -oL "$selftest" gptq-gemv-mma-candidates > "$log/checks.log" 2>&1 &
    timeout 90 stdbuf -oL "$selftest" determinism > "$log/determinism.log" 2>&1 &
    wait
    echo "== checks ($(( $(date +%s) - start )) s)"
    for f in checks determinism; do echo "-- $f"; tail -c 2500 "$log/$f.log"; done
elif [ "${1:-}" != "--no-checks" ]; then
    timeout 120 stdbuf -oL "$selftest" gptq-gemv-mma gptq-gemv-mma-candidates fp8-gemv-mma > "$log/checks.log" 2>&1 &
    timeout 120 stdbuf -oL "$selftest" determinism > "$log/determinism.log" 2>&1 &
    timeout 120 compute-sanitizer --tool racecheck --report-api-errors no "$selftest" gptq-gemv-mma-memcheck > "$log/racecheck.log" 2>&1 &
    timeout 120 compute-sanitizer --tool memcheck --report-api-errors no "$selftest" gptq-gemv-mma-memcheck > "$log/memcheck.log" 2>&1 &
    wait
    echo "== checks ($(( $(date +%s) - start )) s)"
    for f in checks determinism memcheck racecheck; do echo "-- $f"; tail -c 2500 "$log/$f.log"; done
fi
echo "== quantjit-gpu-selftest --bench-gemv"
timeout 200 stdbuf -oL "$selftest" --bench-gemv > "$log/gemv_bench.log" 2>&1
echo "bench rc $? ($(( $(date +%s) - start )) s)"
cat "$log/gemv_bench.log"
