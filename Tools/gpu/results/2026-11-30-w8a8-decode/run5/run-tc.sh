#!/usr/bin/env bash
# Helper w8a8: the tensorChannel scaling check and the executor's routes (one process each). Logs to $OUT.
set -uo pipefail
dir="$(dirname "$0")"; out="${OUT:-/tmp}"
bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
cat "$dir/BUILD-INFO"
status=0
for check in w8a8-tensor-channel executor-routes; do
    echo "== $check"
    timeout 100 $bin/quantjit-gpu-selftest $check 2>&1 | tee "$out/selftest-$check.log" | tail -4
    [ "${PIPESTATUS[0]}" != 0 ] && status=1
done
exit "$status"
