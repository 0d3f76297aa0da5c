#!/usr/bin/env bash
# s11 call 11: 8-bit GPTQ with bf16 activations: the picks of before (packedWordSchedule) against the
# f16 picks' schedules of the eleventh session (with the bf16 subnormal dequantization `z` where
# the picks of before take it, N < 16384), `quantjit bench` (events per launch, weights rotating
# through 1 GiB), where the f16 picks gained most: M = 16 on both large shapes, M = 1 on 28672 × 8192.
set -uo pipefail
dir=.gpu-s11k; bin=/tmp/qj-s11k; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11k
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for round in ${ROUNDS:-1 2}; do
  for zeros in symmetric v1; do
    while read -r m n k configs; do
      for config in $configs; do
        line=$(timeout 60 "$bin/qj" bench gemv --device cuda --bits 8 --group-size 128 --zero-points $zeros --activation bf16 \
          -m $m -n $n -k $k --config $config 2>&1 | tee -a /tmp/s11k/bench.log | grep -E "_gpu_r|rror" | tail -1 | sed -E "s/ +/ /g" | cut -c1-160)
        echo "r$round | $zeros | $m×$n×$k | $config | $line"
      done
    done <<'CASES'
1 28672 8192 r8w4c1u8py r8w4c1u4plm
16 28672 8192 r16w4c1u4py r16w8n4c1u8pmx2
16 8192 28672 r16w8c1u4pzy r16w8n4c1u4ps4mx2z r16w8n4c1u8ps4mx2zi r16w8n4c1u4ps4mx2zie
CASES
  done
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11k-logs.tgz" -C /tmp s11k 2>/dev/null; true
