#!/usr/bin/env bash
# s7 call 8: the head's self-test: the checks its changes touch (4-bit g16 default, tiled W8A8 decode), each in its own process.
set -uo pipefail
dir=.gpu-s7h; bin=/tmp/qj-s7h; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s7h
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for c in "$@"; do
  echo "== $c ($((SECONDS-s)) s)"
  timeout 150 "$bin/st" $c > /tmp/s7h/$c.log 2>&1; grep -E "^(PASS|FAIL|skipped)" /tmp/s7h/$c.log | cut -c1-300
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s7h-logs.tgz" -C /tmp s7h 2>/dev/null; true
