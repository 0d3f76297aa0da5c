#!/usr/bin/env bash
# Lead, final device call 1 of session 4: every self-test check in its own process (run-all.sh's loop,
# sanitizers left to call 2), then the GEMV at M = 1 (every candidate; confirms the new M <= 8 picks).
set -uo pipefail
dir="$(dirname "$0")"; out="${OUT:-/tmp}"; bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader || true
start=$SECONDS; passed=0; failed=0
for check in $($bin/quantjit-gpu-selftest --list); do
    case "$check" in *-memcheck) continue ;; esac
    timeout 120 $bin/quantjit-gpu-selftest "$check" > /tmp/check-$check.log 2>&1
    rc=$?
    line=$(grep -E "^(PASS|FAIL) " /tmp/check-$check.log | tail -1)
    [ -z "$line" ] && line="FAIL $check: exit $rc, no result line: $(tail -3 /tmp/check-$check.log | tr '\n' ' ')"
    echo "$line" | cut -c1-400 | tee -a "$out/suite.log"
    if [ $rc = 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); fi
done
echo "suite: $passed passed, $failed failed ($((SECONDS-start)) s)" | tee -a "$out/suite.log"
echo "== --bench-gemv at M = 1 ($((SECONDS-start)) s)"
QUANTJIT_GEMV_ROWS=1 timeout 90 $bin/quantjit-gpu-selftest --bench-gemv 2>&1 | grep -v "^device\|^empty\|^GEMV r" | tee "$out/bench-gemv-m1.log"
echo "== done ($((SECONDS-start)) s)"
