#!/usr/bin/env bash
# s10 call 12: 2-bit GPTQ decode picks against their strip twins (words as packed,
# in 32-column strips), `quantjit bench` (events per launch, weights rotating through 1 GiB).
set -uo pipefail
dir=.gpu-s10l; bin=/tmp/qj-s10l; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10l
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
pick() { # m n k -> the 8-bit / FP8 pick's name
  local m=$1 n=$2 k=$3
  if [ "$m" -gt 8 ]; then [ "$n" -ge 16384 ] && echo r16w4c1u4p || echo r16w8c1u4p
  elif [ "$n" -ge 16384 ]; then echo r8w4c1u8p
  elif [ "$k" -ge 16384 ]; then echo r8w8c1u8p
  else echo r8w10c1u4p; fi
}
for round in ${ROUNDS:-1}; do
  for weights in "--bits 2 --group-size 128 --zero-points symmetric" "--bits 2 --group-size 128 --zero-points v1"; do
    for shape in "8192 8192" "28672 8192" "8192 28672"; do
      set -- $shape; n=$1; k=$2
      for m in 1 16; do
        p=$(pick $m $n $k)
        for config in $p ${p}y; do
          line=$(timeout 60 "$bin/qj" bench gemv --device cuda $weights -m $m -n $n -k $k --config $config 2>&1 | tee -a /tmp/s10l/bench.log | grep -E "_gpu_r" | tail -1 | sed -E "s/ +/ /g")
          echo "r$round | $weights | $m×$n×$k | $config | $line"
        done
      done
    done
  done
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10l-logs.tgz" -C /tmp s10l 2>/dev/null; true
