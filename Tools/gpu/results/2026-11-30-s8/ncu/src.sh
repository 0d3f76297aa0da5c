#!/usr/bin/env bash
set -uo pipefail
dir=.gpu-s8b; bin=/tmp/qj-s8b; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s8c
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
for spec in "m16-28672 16 28672 8192" "m1-8192 1 8192 8192"; do
  set -- $spec; name=$1
  timeout 200 ncu --clock-control none -k regex:gptq_gemv --launch-skip 8 --launch-count 1 --section SourceCounters --section WarpStateStats \
    --import-source no --export /tmp/s8c/$name --force-overwrite "$bin/qj" bench gemm --device cuda -m $2 -n $3 -k $4 --repeats 10 > /tmp/s8c/$name.run.txt 2>&1
  echo "$name rc $?"
  ncu --import /tmp/s8c/$name.ncu-rep --page source --csv --print-source sass > /tmp/s8c/$name.sass.csv 2>&1; echo "src rc $?"; head -3 /tmp/s8c/$name.sass.csv | cut -c1-600
done
tar czf "$out/s8c.tgz" -C /tmp s8c; true
