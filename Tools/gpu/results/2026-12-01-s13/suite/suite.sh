#!/usr/bin/env bash
# s13: the whole self-test on main (build .gpu-s13h), every check in its own process, split over
# two device calls (the 600 s limit): `suite.sh 1` runs `--list` up to gptq-gemm-wgmma,
# `suite.sh 2` the rest. The *-memcheck subsets run under compute-sanitizer in calls of their own.
set -uo pipefail
part="${1:?usage: suite.sh 1|2}"
out=/tmp/s13suite; mkdir -p $out; bin=/tmp/qj-s13h; mkdir -p $bin
xz -dc .gpu-s13h/quantjit-gpu-selftest.xz > $bin/st && chmod +x $bin/st || exit 2
head -2 .gpu-s13h/BUILD-INFO
checks=($($bin/st --list | grep -v -- '-memcheck$'))
# Part 1 ends with gptq-gemm-wgmma (about 270 s of the GEMV and GEMM checks), part 2 is the rest.
cut=0; for i in "${!checks[@]}"; do [ "${checks[$i]}" = gptq-gemm-wgmma ] && cut=$((i + 1)); done
if [ "$part" = 1 ]; then checks=("${checks[@]:0:$cut}"); else checks=("${checks[@]:$cut}"); fi
start=$SECONDS; passed=0; failed=0
for check in "${checks[@]}"; do
    timeout 300 $bin/st "$check" > $out/check-$check.log 2>&1
    rc=$?
    line=$(grep -E "^(PASS|FAIL) " $out/check-$check.log | tail -1)
    [ -z "$line" ] && line="FAIL $check: exit $rc, no result line: $(tail -3 $out/check-$check.log | tr '\n' ' ')"
    echo "$line" | cut -c1-330 | tee -a "$out/suite-$part.log"
    if [ $rc = 0 ]; then passed=$((passed+1)); else failed=$((failed+1)); fi
done
echo "suite part $part: $passed passed, $failed failed ($((SECONDS-start)) s)" | tee -a "$out/suite-$part.log"
tar czf "${OUT:-/tmp}/s13suite-$part.tgz" -C /tmp s13suite 2>/dev/null; true
