#!/usr/bin/env bash
# Run 6 (helper w8a8, 2026-11-30 afternoon): in one device call, in this order: the w8a8-decode
# check (float64 reference, every candidate incl. the new t2 schedules), the decode bench for FP8
# per-tensor at M = 1 and 16 (QUANTJIT_W8A8_DECODE_SPECS=e4m3_tensor), then the torch W8A8
# anchors at M = 1, 16. Logs go to $OUT.
set -uo pipefail
dir="$(dirname "$0")"
out="${OUT:-/tmp}"
start=$(date +%s)
bin=/tmp/quantjit-bin; mkdir -p $bin
xz -T4 -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv,noheader || true
status=0
echo "== w8a8-decode ($(( $(date +%s) - start )) s)"
timeout 70 $bin/quantjit-gpu-selftest w8a8-decode > "$out/selftest-w8a8-decode.log" 2>&1; rc=$?
tail -4 "$out/selftest-w8a8-decode.log"; [ $rc != 0 ] && status=1
echo "== quantjit-gpu-selftest --bench-w8a8-decode, FP8 per-tensor ($(( $(date +%s) - start )) s)"
QUANTJIT_W8A8_DECODE_SPECS=e4m3_tensor timeout 45 $bin/quantjit-gpu-selftest --bench-w8a8-decode > "$out/w8a8_decode_bench.log" 2>&1
grep "^|" "$out/w8a8_decode_bench.log"
echo "== torch W8A8 anchors (M = 1, 16) ($(( $(date +%s) - start )) s)"
PYTHONUNBUFFERED=1 timeout 45 python3 "$dir/torch_w8a8_anchors.py" --repetitions 40 --rows 1,16 --json "$out/torch_w8a8_anchors.json" > "$out/torch_w8a8_anchors.log" 2>&1
grep "per-tensor" "$out/torch_w8a8_anchors.log"
echo "== done ($(( $(date +%s) - start )) s)"
exit "$status"
