#!/usr/bin/env bash
# Lead, final device call 2 of session 4 (binary b89af67): gptq-gemv-dependent-launch twice
# (own processes, random inputs each), determinism (the new M <= 8 picks), then
# the sanitizers of call2.sh.
set -uo pipefail
dir="$(dirname "$0")"; out="${OUT:-/tmp}"; bin=/tmp/quantjit-bin; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/quantjit-gpu-selftest && chmod +x $bin/quantjit-gpu-selftest || exit 2
cat "$dir/BUILD-INFO"; start=$SECONDS
for check in gptq-gemv-dependent-launch gptq-gemv-dependent-launch determinism; do
  timeout 100 $bin/quantjit-gpu-selftest $check 2>&1 | grep -E "^(PASS|FAIL)" | cut -c1-300
done
echo "== checks done ($((SECONDS-start)) s)"
bash "$dir/call2.sh"
