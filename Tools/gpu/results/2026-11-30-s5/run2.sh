#!/usr/bin/env bash
# run2.sh: interleaved GEMV words + hoisted shared addresses (session 5). Each step in its own process.
set -uo pipefail
dir=.gpu-s5; bin=/tmp/qj-s5; out="${OUT:-/tmp}"
mkdir -p "$bin"
xz -dc "$dir/quantjit-gpu-selftest.xz" > "$bin/st" && chmod +x "$bin/st" || exit 2
cat "$dir/BUILD-INFO"
s=$SECONDS
for step in "$@"; do
  echo "== $step ($((SECONDS-s)) s)"
  case "$step" in
    cand) timeout 150 "$bin/st" gptq-gemv-mma-candidates 2>&1 | grep -E "PASS|FAIL|passed" ;;
    gemv) timeout 300 "$bin/st" gptq-gemv-mma 2>&1 | grep -E "PASS|FAIL|passed" ;;
    bench16|bench1) rows=${step#bench}
         QUANTJIT_GEMV_ROWS=$rows timeout 250 "$bin/st" --bench-gemv > "$out/bench$rows.log" 2>&1; grep -E "^\| $rows " "$out/bench$rows.log"
         cp "$out/gemv_bench_configs.log" "$out/configs$rows.log"
         grep -E " (r16w8c1u4plm|r16w8n4c1u4pmx2|r16w8c1u4pm|r16w8n4c1u8pmx2|r8w10c1u4plm|r8w12c1u4pmb2|r8w16c1u2pmb2|r8w12c1u4plm|r8w4c1u4plm)i?:" "$out/configs$rows.log" \
           | sed -E 's/ µs, min [0-9.]+ µs, graph / graph /; s/([0-9]+\.[0-9])[0-9]+/\1/g' ;;
  esac
done
echo "== done ($((SECONDS-s)) s)"
