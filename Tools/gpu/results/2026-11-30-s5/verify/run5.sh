#!/usr/bin/env bash
# run5.sh: verification of the final picks (session 5, last call). Each step in its own process.
set -uo pipefail
dir=.gpu-s5; bin=/tmp/qj-s5; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"
s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    cand|determinism|gptq-gemv-dependent-launch|gptq-gemv-mma-bf16) c=$step; [ $step = cand ] && c=gptq-gemv-mma-candidates
         timeout 150 "$bin/st" $c 2>&1 | grep -E "^PASS|^FAIL|passed" | cut -c1-400 ;;
    memcheck) timeout 150 compute-sanitizer --tool memcheck --report-api-errors no "$bin/st" gptq-gemv-mma-memcheck gptq-gemv-dependent-launch 2>&1 \
                | grep -E "^PASS|^FAIL|passed|ERROR SUMMARY" | cut -c1-200 ;;
    bench16) QUANTJIT_GEMV_ROWS=16 timeout 250 "$bin/st" --bench-gemv > "$out/$step.log" 2>&1
         mv "$out/gemv_bench_configs.log" "$out/configs-$step.log"
         grep -E "^\| 16 " "$out/$step.log"; python3 "$dir/summ.py" "$out/configs-$step.log" | grep pick ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
