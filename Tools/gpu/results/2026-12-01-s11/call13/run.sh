#!/usr/bin/env bash
# s11 call 13: 8-bit bf16 at K >= 16384 (8192 x 28672): the strips of before against interleaved words at
# M = 1 and 16 (the class needs one arrangement for every M), quantjit of 816309c as in call 11.
set -uo pipefail
dir=.gpu-s11k; bin=/tmp/qj-s11m; out="${OUT:-/tmp}"; mkdir -p "$bin" /tmp/s11m
xz -dc "$dir/quantjit.xz" > "$bin/qj" && chmod +x "$bin/qj" || exit 2
head -2 "$dir/BUILD-INFO"; s=$SECONDS
for round in ${ROUNDS:-1 2}; do
  for zeros in symmetric v1; do
    while read -r m n k configs; do
      for config in $configs; do
        line=$(timeout 60 "$bin/qj" bench gemv --device cuda --bits 8 --group-size 128 --zero-points $zeros --activation bf16 \
          -m $m -n $n -k $k --config $config 2>&1 | tee -a /tmp/s11m/bench.log | grep -E "_gpu_r|rror" | tail -1 | sed -E "s/ +/ /g" | cut -c1-160)
        echo "r$round | $zeros | $m×$n×$k | $config | $line"
      done
    done <<'CASES'
1 8192 28672 r8w8c1u8pzy r8w8c1u8pb2zit r8w8c1u8pzi
16 8192 28672 r16w8c1u4pzy r16w8n4c1u8ps4mx2zi
CASES
  done
done
echo "== done ($((SECONDS-s)) s)"
tar czf "$out/s11m-logs.tgz" -C /tmp s11m 2>/dev/null; true
