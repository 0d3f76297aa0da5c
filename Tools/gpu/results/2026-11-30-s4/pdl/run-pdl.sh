#!/usr/bin/env bash
# Lead, session 4 of 2026-11-30: the decode GEMV's dependent launch (griddepcontrol + programmatic
# stream serialization): checks (own processes), memcheck of the new check, then --bench-gemv-pdl.
set -uo pipefail
dir="$(dirname "$0")"; out="${OUT:-/tmp}"; bin=/tmp/qj-pdl; mkdir -p $bin
xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin/st && chmod +x $bin/st || exit 2
cat "$dir/BUILD-INFO"
nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader
s=$SECONDS
for check in gptq-gemv-dependent-launch gptq-gemv-mma gptq-gemv-mma-bf16; do
  echo "== $check ($((SECONDS-s)) s)"; timeout 150 $bin/st $check 2>&1 | tee "$out/check-$check.log" | tail -3
done
echo "== memcheck gptq-gemv-dependent-launch ($((SECONDS-s)) s)"
timeout 200 compute-sanitizer --tool memcheck --report-api-errors no $bin/st gptq-gemv-dependent-launch 2>&1 | tee "$out/memcheck-pdl.log" | tail -4
echo "== --bench-gemv-pdl ($((SECONDS-s)) s)"
timeout 200 $bin/st --bench-gemv-pdl 2>&1 | tee "$out/bench-pdl.log"
echo "== done ($((SECONDS-s)) s)"
