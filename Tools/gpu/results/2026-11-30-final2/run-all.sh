#!/usr/bin/env bash
# Lead's full-suite device run: every self-test check, each in its own process (an illegal
# instruction poisons a CUDA context), then compute-sanitizer memcheck and racecheck on the
# kernel checks that have sanitizer-sized variants. Logs go to $OUT.
set -uo pipefail
dir="$(dirname "$0")"
out="${OUT:-/tmp}"
bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.mem --format=csv,noheader || true
start=$(date +%s)
passed=0; failed=0
for check in $($bin/quantjit-gpu-selftest --list); do
    case "$check" in *-memcheck) continue ;; esac
    timeout 120 $bin/quantjit-gpu-selftest "$check" > "$out/check-$check.log" 2>&1
    rc=$?
    line=$(grep -E "^(PASS|FAIL) " "$out/check-$check.log" | tail -1)
    [ -z "$line" ] && line="FAIL $check: exit $rc, no result line"
    echo "$line" | tee -a "$out/suite.log"
    if [ $rc = 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); fi
done
echo "suite: $passed passed, $failed failed ($(( $(date +%s) - start )) s)" | tee -a "$out/suite.log"
memchecks="${QUANTJIT_MEMCHECKS:-$($bin/quantjit-gpu-selftest --list | grep -- '-memcheck$' | tr '\n' ' ')}"
echo "== memcheck: $memchecks"
timeout 170 compute-sanitizer --tool memcheck --report-api-errors no $bin/quantjit-gpu-selftest $memchecks > "$out/memcheck.log" 2>&1
tail -4 "$out/memcheck.log"
racechecks="${QUANTJIT_RACECHECKS:-gptq-gemv-mma-memcheck w8a8-decode-memcheck}"
echo "== racecheck: $racechecks"
timeout 110 compute-sanitizer --tool racecheck --report-api-errors no $bin/quantjit-gpu-selftest $racechecks > "$out/racecheck.log" 2>&1
tail -4 "$out/racecheck.log"
echo "total $(( $(date +%s) - start )) s"
[ $failed = 0 ]
