#!/usr/bin/env bash
# Runs on the GPU machine (helper w8a8, 2026-11-30 afternoon): the W8A8 decode kernel's checks
# (each in its own process), compute-sanitizer memcheck of it, executor-routes, then the decode
# bench and the torch W8A8 anchors at M = 1, 16 in the same call. Logs go to $OUT.
# usage: bash .gpu-w/run-decode.sh [--no-checks] [--no-routes]
set -uo pipefail
dir="$(dirname "$0")"
out="${OUT:-/tmp}"
bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv,noheader || true
checks=1; routes=1
for a in "$@"; do case "$a" in --no-checks) checks=0 ;; --no-routes) routes=0 ;; esac; done
status=0
if [ "$checks" = 1 ]; then
    for check in w8a8-decode; do
        echo "== $check"
        timeout 90 $bin/quantjit-gpu-selftest $check 2>&1 | tee "$out/selftest-$check.log" | tail -4
        [ "${PIPESTATUS[0]}" != 0 ] && status=1
    done
    echo "== compute-sanitizer --tool memcheck w8a8-decode-memcheck"
    timeout 90 compute-sanitizer --tool memcheck --report-api-errors no $bin/quantjit-gpu-selftest w8a8-decode-memcheck 2>&1 \
        | tee "$out/memcheck-w8a8-decode.log" | tail -6
fi
if [ "$routes" = 1 ]; then
    echo "== executor-routes"
    timeout 100 $bin/quantjit-gpu-selftest executor-routes 2>&1 | tee "$out/selftest-executor-routes.log" | tail -4
fi
echo "== quantjit-gpu-selftest --bench-w8a8-decode"
timeout 150 $bin/quantjit-gpu-selftest --bench-w8a8-decode 2>&1 | tee "$out/w8a8_decode_bench.log"
echo "== torch W8A8 anchors (M = 1, 16)"
PYTHONUNBUFFERED=1 timeout 100 python3 "$dir/torch_w8a8_anchors.py" --repetitions 40 --rows 1,16 --json "$out/torch_w8a8_anchors.json" 2>&1 | tee "$out/torch_w8a8_anchors.log"
exit "$status"
