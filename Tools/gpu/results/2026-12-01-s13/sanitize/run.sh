#!/usr/bin/env bash
# s13: compute-sanitizer on the main build of the suite (.gpu-s13h): `race-CHECK` runs a check
# under --tool racecheck, `mem-CHECK` under --tool memcheck.
set -uo pipefail
dir=.gpu-s13h; bin=/tmp/qj-s13h; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s13san
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    mem-*) timeout 200 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" "${step#mem-}" > /tmp/s13san/$step.log 2>&1
      grep -E "^(PASS|FAIL)|ERROR SUMMARY" /tmp/s13san/$step.log | cut -c1-300 ;;
    race-*) timeout 200 compute-sanitizer --tool racecheck --report-api-errors no "$bin/st" "${step#race-}" > /tmp/s13san/$step.log 2>&1
      grep -E "^(PASS|FAIL)|RACECHECK SUMMARY|ERROR SUMMARY" /tmp/s13san/$step.log | cut -c1-300 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s13san-logs.tgz" -C /tmp s13san 2>/dev/null; true
