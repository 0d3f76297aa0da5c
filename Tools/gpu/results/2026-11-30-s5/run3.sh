#!/usr/bin/env bash
# run3.sh: interleaved words + paired bodies (session 5, call 4). Each step in its own process.
set -uo pipefail
dir=.gpu-s5; bin=/tmp/qj-s5; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"
s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    cand) timeout 150 "$bin/st" gptq-gemv-mma-candidates 2>&1 | grep -E "PASS|FAIL|passed" | cut -c1-400 ;;
    gemv) timeout 300 "$bin/st" gptq-gemv-mma 2>&1 | grep -E "PASS|FAIL|passed" | cut -c1-400 ;;
    bf16) timeout 200 "$bin/st" gptq-gemv-mma-bf16 2>&1 | grep -E "PASS|FAIL|passed" | cut -c1-400 ;;
    fp8) timeout 200 "$bin/st" fp8-gemv-mma 2>&1 | grep -E "PASS|FAIL|passed" | cut -c1-400 ;;
    det) timeout 200 "$bin/st" determinism 2>&1 | grep -E "PASS|FAIL|passed" | cut -c1-400 ;;
    bench16a|bench16b|bench1) rows=${step#bench}; rows=${rows%[ab]}
         QUANTJIT_GEMV_ROWS=$rows timeout 250 "$bin/st" --bench-gemv > "$out/$step.log" 2>&1
         cp "$out/gemv_bench_configs.log" "$out/configs-$step.log"
         python3 "$dir/summ.py" "$out/configs-$step.log" ;;
  esac
done
rm -f "$out/gemv_bench_configs.log"
echo "== done ($((SECONDS-s)) s)"
