#!/usr/bin/env bash
# QuantJIT: the Marlin anchor on the GPU machine, self-contained (this folder + python3 + torch).
# The folder (carried as e.g. .gpu-m/) holds: this script, marlin_anchors.py, libmarlin_anchor.so
# + BUILD-INFO-marlin (Tools/bench/marlin/build_marlin.sh), marlin-py/marlin/__init__.py (Marlin's
# python package, for the correctness check) and optionally variants/<name>/libmarlin_anchor.so.
#
#   bash .gpu-m/run-marlin.sh [--variants] [marlin_anchors.py options, e.g. --rows 1,16]
#
# Logs to $OUT (default /tmp/marlin-out): marlin_env.txt, marlin_anchors.log/.json,
# marlin_child_M*.log. With --variants, and only if the upstream build failed at some M, the
# failing M are re-run with each variants/* library and with the driver's JIT of the compute_80
# PTX (CUDA_FORCE_PTX_JIT=1), each into $OUT/variant-<name>/.
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export OUT="${OUT:-/tmp/marlin-out}"
mkdir -p "$OUT"
variants=0
if [ "${1:-}" = "--variants" ]; then variants=1; shift; fi
start=$(date +%s)
{
    date -u +%FT%TZ
    nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm,temperature.gpu,power.draw --format=csv 2>&1
    echo "python: $(python3 --version 2>&1)"
    cat "$here/BUILD-INFO-marlin"
    cat "$here/marlin-py/MARLIN-COMMIT" 2>/dev/null
} | tee "$OUT/marlin_env.txt"

check=()
[ -f "$here/marlin-py/marlin/__init__.py" ] && check=(--marlin-py "$here/marlin-py")
python3 "$here/marlin_anchors.py" --lib "$here/libmarlin_anchor.so" "${check[@]}" --timeout 40 "$@" \
    2>&1 | tee "$OUT/marlin_anchors.log"
rc=${PIPESTATUS[0]}
rows=""

if [ "$rc" -ne 0 ] && [ "$variants" = 1 ]; then
    rows=$(python3 -c "
import json, sys
d = json.load(open('$OUT/marlin_anchors.json'))
started = {r['M'] for r in d['results'] if r['kind'] == 'copy'}  # got past torch's start-up
bad = sorted({r['M'] for r in d['results'] if r['kind'] == 'error'} | {f['M'] for f in d['failures'] if f['M'] in started})
small = [m for m in bad if m <= 16]
print(','.join(map(str, small or bad)))" 2>/dev/null)
fi
if [ "$rc" -ne 0 ] && [ "$variants" = 1 ] && [ -z "$rows" ]; then
    echo "== no Marlin failure to diagnose (the runs failed before reaching Marlin): no variants"
elif [ "$rc" -ne 0 ] && [ "$variants" = 1 ]; then
    echo "== upstream build failed at M = $rows: diagnostic variants"
    run_variant() {  # name lib [env...]
        local name="$1" lib="$2"; shift 2
        mkdir -p "$OUT/variant-$name"
        echo "== variant $name ($lib $*)"
        env "$@" OUT="$OUT/variant-$name" python3 "$here/marlin_anchors.py" --lib "$lib" "${check[@]}" \
            --rows "$rows" --no-graph --repetitions 20 --warmup 3 --timeout 30 2>&1 | tee "$OUT/variant-$name/marlin_anchors.log"
    }
    run_variant ptxjit "$here/libmarlin_anchor.so" CUDA_FORCE_PTX_JIT=1 CUDA_CACHE_DISABLE=1
    for dir in "$here"/variants/*/; do
        [ -f "$dir/libmarlin_anchor.so" ] || continue
        cp "$dir/BUILD-INFO-marlin" "$OUT/variant-$(basename "$dir").BUILD-INFO" 2>/dev/null
        run_variant "$(basename "$dir")" "$dir/libmarlin_anchor.so"
    done
fi
echo "marlin anchor: exit $rc, $(( $(date +%s) - start )) s wall"
exit "$rc"
