#!/usr/bin/env bash
# Lead's final device run: executor-routes, then the W8A8 checks and the M <= 16 W8A8 bench with torch anchors.
set -uo pipefail
dir="$(dirname "$0")"
bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest
echo "== executor-routes"
timeout 80 $bin/quantjit-gpu-selftest executor-routes 2>&1 | tee "${OUT:-/tmp}/executor-routes.log" | tail -6
QUANTJIT_GPU_DIR="$dir" QUANTJIT_W8A8_ROWS=1,16 bash "$dir/run-w8a8.sh" --bench --anchors
