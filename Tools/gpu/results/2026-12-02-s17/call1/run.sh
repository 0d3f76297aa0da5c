#!/usr/bin/env bash
# s17 calls 1–2: the decode GEMV's weight loop emitted twice (activations in registers unmasked when
# K is a whole number of bodies; no row-past-M masks at all). .gpu-s17a = main 55776cc (before),
# .gpu-s17b = the change; the 64 MiB carry limit takes one of them per call, so the A/B alternates
# across calls on the same warm machine. usage: bash run.sh DIR check|bench|race…
set -uo pipefail
out="${OUT:-/tmp}"; s=$SECONDS; dir=$1; shift; tag=${dir#.gpu-s17}
steps() {  # steps NAME STEP…: gemv-steps.sh on DIR, its logs kept as NAME
  local name=$1; shift
  echo "#### $name ($((SECONDS - s)) s)"
  bash Tools/gpu/gemv-steps.sh "$dir" "$@"
  mv "$out/gemv-steps-logs.tgz" "$out/$tag-$name.tgz" 2>/dev/null; rm -rf /tmp/gemv-steps
}
regs=r16w8c1u4pmiy,r16w8c1u4pmb2it,r16w4c1u4plm
for what in "$@"; do
  case $what in
    check) steps check gptq-gemv-mma-candidates ;;
    bench) CONFIGS=$regs ROWS=16 steps m16 bench; ROWS=1 steps m1 bench ;;
    race) steps race race-gptq-gemv-mma-memcheck ;;
    mem) steps mem mem-gptq-gemv-mma-memcheck ;;
  esac
done
echo "#### done ($((SECONDS - s)) s)"
