#!/usr/bin/env bash
# Runs on the GPU machine: the steps of a decode-GEMV experiment with the self-test built into DIR
# (a carried copy of .gpu/, e.g. .gpu-s17a). What each session's Tools/gpu/results/*/callN/run.sh
# repeated, in one place.
#
# usage: CONFIGS=name,… ROWS=16 SHAPES=8192x8192,… bash Tools/gpu/gemv-steps.sh DIR STEP…
#   bench          quantjit-gpu-selftest --bench-gemv: the configs CONFIGS names plus the picks
#                  (CONFIGS empty or unset: the picks only), at M = ROWS (default 16) on SHAPES
#                  (default the three issue shapes)
#   bench-CUTS     the same with QUANTJIT_GEMV_CUT=CUTS (a timing bound: wrong outputs)
#   mem-CHECK      the self-test check CHECK under compute-sanitizer memcheck
#   race-CHECK     the same under racecheck
#   CHECK          the self-test check CHECK (e.g. gptq-gemv-mma-candidates)
# Logs: /tmp/gemv-steps/, packed into $OUT/gemv-steps-logs.tgz at the end. Exit status 0.
set -uo pipefail
dir="${1:?usage: bash Tools/gpu/gemv-steps.sh DIR STEP…}"; shift
bin=/tmp/gemv-steps-bin; logs=/tmp/gemv-steps; out="${OUT:-/tmp}"; mkdir -p "$bin" "$logs"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
head -2 "$dir/BUILD-INFO"; start=$SECONDS
rows="${ROWS:-16}"; shapes="${SHAPES:-8192x8192,28672x8192,8192x28672}"
for step in "$@"; do
  echo "== $step ($((SECONDS - start)) s)"
  log="$logs/$step-m$rows"
  case "$step" in
    bench*)
      cut=(); [ "$step" != bench ] && cut=(QUANTJIT_GEMV_CUT="${step#bench-}")
      env "${cut[@]}" QUANTJIT_GEMV_ROWS="$rows" QUANTJIT_GEMV_CONFIGS="${CONFIGS:-}" QUANTJIT_GEMV_SHAPES="$shapes" \
        timeout 240 "$bin/st" --bench-gemv > "$log.log" 2>&1; echo "rc $?"
      cp "$out/gemv_bench_configs.log" "$log-configs.log" 2>/dev/null
      grep -E "^\||copy|FAIL|rror" "$log.log" | grep -v -- "---" | cut -c1-250
      grep -E "µs" "$log-configs.log" | sed -E 's/median ([0-9.]{5})[0-9]*/median \1/; s/, min.*graph ([0-9.]{5})[0-9]*/ graph \1/' | cut -c1-200
      grep -E "registers" "$log-configs.log" | sed -E 's/gptq_gemv_mma_b4_g128_//' | cut -c1-90 ;;
    mem-*|race-*)
      tool=memcheck; [ "${step%%-*}" = race ] && tool=racecheck
      timeout 240 compute-sanitizer --tool "$tool" --report-api-errors no "$bin/st" "${step#*-}" > "$log.log" 2>&1
      grep -E "^(PASS|FAIL)|RACECHECK SUMMARY|ERROR SUMMARY" "$log.log" | cut -c1-300 ;;
    *) timeout 240 "$bin/st" "$step" > "$log.log" 2>&1; echo "rc $?"
       grep -E "^(PASS|FAIL)|^  " "$log.log" | cut -c1-400 | head -12 ;;
  esac
done
echo "== done ($((SECONDS - start)) s)"
tar czf "$out/gemv-steps-logs.tgz" -C /tmp gemv-steps 2>/dev/null; true
