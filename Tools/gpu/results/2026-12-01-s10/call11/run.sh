#!/usr/bin/env bash
# s10 call 11: the new 8-bit GPTQ and FP8 W8A16 picks (words in strips) with bf16 activations
# (and f16 v1 once more), each against its row-major twin, `quantjit bench` (events per launch,
# weights rotating through 1 GiB); the pick is what `quantjit bench` chooses without --config.
set -uo pipefail
dir=.gpu-s10k; bin=/tmp/qj-s10k; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s10k
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for round in ${ROUNDS:-1 2}; do
  for weights in "--bits 8 --group-size 128 --zero-points symmetric --activation bf16" "--bits 8 --group-size 128 --zero-points v1 --activation bf16" "--fp8 --activation bf16" "--bits 8 --group-size 128 --zero-points v1"; do
    for shape in "8192 8192" "28672 8192" "8192 28672"; do
      set -- $shape; n=$1; k=$2
      for m in 1 16; do
        line=$(timeout 60 "$bin/qj" bench gemv --device cuda $weights -m $m -n $n -k $k 2>&1 | tee -a /tmp/s10k/bench.log | grep -E "_gpu_r" | tail -1 | sed -E "s/ +/ /g")
        pick=$(echo "$line" | grep -oE "_gpu_r[a-z0-9]+" | sed 's/_gpu_//')
        echo "r$round | $weights | $m×$n×$k | pick | $line"
        twin=${pick/y/}
        line=$(timeout 60 "$bin/qj" bench gemv --device cuda $weights -m $m -n $n -k $k --config $twin 2>&1 | tee -a /tmp/s10k/bench.log | grep -E "_gpu_r" | tail -1 | sed -E "s/ +/ /g")
        echo "r$round | $weights | $m×$n×$k | twin | $line"
      done
    done
  done
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s10k-logs.tgz" -C /tmp s10k 2>/dev/null; true
