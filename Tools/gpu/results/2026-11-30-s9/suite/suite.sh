#!/usr/bin/env bash
# Session 9 (call 6): every self-test check in its own process (memcheck subsets: see the wgmma and GEMV calls).
set -uo pipefail
dir="$(dirname "$0")"; out=/tmp/s9suite; mkdir -p $out; bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
head -2 "$dir/BUILD-INFO"
start=$SECONDS; passed=0; failed=0
for check in $($bin/quantjit-gpu-selftest --list); do
    case "$check" in *-memcheck) continue ;; esac
    timeout 120 $bin/quantjit-gpu-selftest "$check" > /tmp/check-$check.log 2>&1
    rc=$?
    line=$(grep -E "^(PASS|FAIL) " /tmp/check-$check.log | tail -1)
    [ -z "$line" ] && line="FAIL $check: exit $rc, no result line: $(tail -3 /tmp/check-$check.log | tr '\n' ' ')"
    echo "$line" | cut -c1-330 | tee -a "$out/suite.log"
    if [ $rc = 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); fi
done
echo "suite: $passed passed, $failed failed ($((SECONDS-start)) s)" | tee -a "$out/suite.log"
echo "== done ($((SECONDS-start)) s)"
tar czf "${OUT:-/tmp}/s9suite-logs.tgz" -C /tmp s9suite /tmp/check-*.log 2>/dev/null; true
