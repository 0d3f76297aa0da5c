#!/usr/bin/env bash
# QuantJIT: the Marlin anchor on the GPU machine, self-contained (this folder + python3 + torch).
# The folder (carried as e.g. .gpu-m/) holds: this script, marlin_anchors.py, libmarlin_anchor.so
# + BUILD-INFO-marlin (upstream Marlin, Tools/bench/marlin/build_marlin.sh), nohint/ (the same
# with MARLIN_NO_CACHE_HINT=1) and marlin-py/marlin/__init__.py (Marlin's python package, for the
# correctness check through Marlin's own Layer.pack).
#
#   bash .gpu-m/run-marlin.sh [marlin_anchors.py options, e.g. --repetitions 50]
#
# Upstream Marlin built with nvcc 13.0 faults (CUDA 715, illegal instruction) on the H200 at
# M <= 16 (Tools/gpu/results/2026-11-30-marlin/), so this times
#   1. upstream Marlin at M = 4096 (where it runs and is correct);
#   2. "nohint" Marlin (upstream less the L2 evict_first cache policy on its weight loads) at
#      M = 1, 16, 4096: the Marlin anchor for decode, and at 4096 the cost of the change.
# Each M runs in its own process. About 25 s. Logs to $OUT (default /tmp/marlin-out):
# marlin_env.txt, marlin_{upstream,nohint}.{log,json}, marlin_children.log.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export OUT="${OUT:-/tmp/marlin-out}"
mkdir -p "$OUT"
start=$(date +%s)
{
    date -u +%FT%TZ
    nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,temperature.gpu,power.draw --format=csv 2>&1
    echo "python: $(python3 --version 2>&1)"
    echo "== upstream"; cat "$here/BUILD-INFO-marlin"
    echo "== nohint"; cat "$here/nohint/BUILD-INFO-marlin"
    cat "$here/marlin-py/MARLIN-COMMIT" 2>/dev/null
} | tee "$OUT/marlin_env.txt"

check=()
[ -f "$here/marlin-py/marlin/__init__.py" ] && check=(--marlin-py "$here/marlin-py")
rc=0
python3 "$here/marlin_anchors.py" --lib "$here/libmarlin_anchor.so" "${check[@]}" --rows 4096 \
    --timeout 40 --json "$OUT/marlin_upstream.json" "$@" 2>&1 | tee "$OUT/marlin_upstream.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
python3 "$here/marlin_anchors.py" --lib "$here/nohint/libmarlin_anchor.so" "${check[@]}" --rows 1,16,4096 \
    --timeout 40 --json "$OUT/marlin_nohint.json" "$@" 2>&1 | tee "$OUT/marlin_nohint.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
echo "marlin anchor: exit $rc, $(( $(date +%s) - start )) s wall"
exit "$rc"
