#!/usr/bin/env bash
# s17 calls 3–4: .gpu-s17c = call 1's change + the 7-block bound on the symmetric M = 1 pick for
# N ≥ 16384 (`r8w4c1u4plmb7i`); .gpu-s17a = main 55776cc. The picks of every width the twice-emitted
# loop touches (4-bit f16 and bf16, 2-, 8-bit, FP8 W8A16), M = 1 and 16, then (new build only) the
# checks of those kernels. usage: bash run.sh DIR bench|checks|sweep…
set -uo pipefail
out="${OUT:-/tmp}"; s=$SECONDS; dir=$1; shift; tag=${dir#.gpu-s17}
bin=/tmp/st-$tag; xz -dc "$dir/quantjit-gpu-selftest.xz" > $bin && chmod +x $bin || exit 2
head -2 "$dir/BUILD-INFO"; mkdir -p $out/$tag
bench() {  # bench NAME [VAR=VALUE…]: --bench-gemv (picks, or the CONFIGS named) at M = 1,16
  local name=$1; shift
  env QUANTJIT_GEMV_ROWS=1,16 QUANTJIT_GEMV_CONFIGS="${CONFIGS:-}" "$@" timeout 200 $bin --bench-gemv${BF16:+-bf16} > $out/$tag/$name.log 2>&1
  echo "## $name rc $? ($((SECONDS - s)) s)"
  cp "$out/gemv_bench_configs.log" $out/$tag/$name-configs.log 2>/dev/null
  grep -E "µs" $out/$tag/$name-configs.log | sed -E 's/median ([0-9.]{5})[0-9]*/median \1/; s/, min.*graph ([0-9.]{5})[0-9]*/ graph \1/' | cut -c1-110
  grep -hE "registers" $out/$tag/$name-configs.log | sed -E 's/gptq_gemv_mma_b[0-9]+_g[-0-9]+_//; s/, 0 B local.*//' | sort -u | tr '\n' ';' | cut -c1-900; echo
}
for what in "$@"; do
  case $what in
    bench)
      CONFIGS=r16w8c1u4pmiy,r16w8c1u4pmb2it,r16w4c1u4plm bench b4
      bench b8 QUANTJIT_GEMV_BITS=8
      bench b2 QUANTJIT_GEMV_BITS=2
      bench fp8 QUANTJIT_GEMV_BITS=fp8
      BF16=1 bench bf16 ;;
    checks)
      for c in gptq-gemv-mma gptq-gemv-mma-bf16 fp8-gemv-mma gptq-gemv-dependent-launch determinism executor-routes; do
        timeout 240 $bin $c > $out/$tag/check-$c.log 2>&1; echo "## $c rc $? ($((SECONDS - s)) s)"
        grep -E "^(PASS|FAIL)|^  " $out/$tag/check-$c.log | cut -c1-300 | head -4
      done ;;
  esac
done
echo "## done ($((SECONDS - s)) s)"
