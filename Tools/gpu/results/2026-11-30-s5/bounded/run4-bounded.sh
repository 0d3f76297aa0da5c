#!/usr/bin/env bash
# run4.sh: M = 16 u8 staged-activation sweep (session 5, call 9). Each step in its own process.
set -uo pipefail
dir=.gpu-s5; bin=/tmp/qj-s5; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"
s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    cand) timeout 150 "$bin/st" gptq-gemv-mma-candidates 2>&1 | grep -E "PASS|FAIL|passed" | cut -c1-300 ;;
    bench16a|bench16b) QUANTJIT_GEMV_ROWS=16 timeout 250 "$bin/st" --bench-gemv > "$out/$step.log" 2>&1
         mv "$out/gemv_bench_configs.log" "$out/configs-$step.log"
         python3 "$dir/summ.py" "$out/configs-$step.log"
         grep -E "u8p(s[24])?mx2b2i[:,]" "$out/configs-$step.log" | grep -v "^gptq" | sed -E 's/ µs, min [0-9.]+ µs, graph / graph /; s/([0-9]+\.[0-9])[0-9]+/\1/g'
         grep -E "^gptq.*u8p(s[24])?mx2b2i:" "$out/configs-$step.log" | sed -E 's/, 0 B local.*//' | sort -u ;;
    determinism) timeout 150 "$bin/st" determinism 2>&1 | grep -E "^PASS|^FAIL|passed" | cut -c1-200 ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
