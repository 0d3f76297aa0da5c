#!/usr/bin/env bash
# s14 call 2: what the wgmma GEMV's structure costs (build .gpu-s14b = main 5362b81 + call2/experiment.patch).
# Each step times the symmetric and v1 M = 16 picks and four wgmma twins on the two large shapes with one knob:
# base (fence/commit per word, wait_group 1), wait0, wait2, step (dequantize/fence/commit per wgmma, wait 1),
# step3 (per wgmma, wait 3), nofold (no scale multiply: wrong results, a bound).
set -uo pipefail
dir=.gpu-s14b; bin=/tmp/qj-s14b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s14b
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
wg=r16w8n4c1u4pmx2b2ieg,r16w8n4c1u4ps4mx2ig,r16w8n4c1u4pmx2ig,r16w8n4c1u4ps4mx2b2ieg
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    base) x=();; wait0) x=(QUANTJIT_X_WAIT=0);; wait2) x=(QUANTJIT_X_WAIT=2);; step) x=(QUANTJIT_X_GRAIN=step);;
    step3) x=(QUANTJIT_X_GRAIN=step QUANTJIT_X_WAIT=3);; nofold) x=(QUANTJIT_X_NOFOLD=1);;
    *) timeout 200 "$bin/st" "$step" > /tmp/s14b/$step.log 2>&1; echo "rc $?"; grep -E "^(PASS|FAIL)" /tmp/s14b/$step.log | cut -c1-300; continue;;
  esac
  env "${x[@]}" QUANTJIT_GEMV_ROWS=16 QUANTJIT_GEMV_CONFIGS=$wg QUANTJIT_GEMV_SHAPES=28672x8192,8192x28672 \
    timeout 200 "$bin/st" --bench-gemv > "/tmp/s14b/$step.log" 2>&1; echo "rc $?"
  cp "$out/gemv_bench_configs.log" "/tmp/s14b/$step-configs.log" 2>/dev/null
  grep -E "_(sym|v1)_.*g: .*registers" "/tmp/s14b/$step-configs.log" | sed -E 's/gptq_gemv_mma_b4_g128_//' | cut -c1-60
  grep -E "µs" "/tmp/s14b/$step-configs.log" | sed -E 's/median ([0-9.]{5})[0-9]*/median \1/; s/min ([0-9.]{5})[0-9]*/min \1/; s/graph ([0-9.]{5})[0-9]*/graph \1/' | cut -c1-120
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s14b-logs.tgz" -C /tmp s14b 2>/dev/null; true
