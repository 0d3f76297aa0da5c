#!/usr/bin/env bash
# s17 call 7 (.gpu-s17d = b36f0ff + `oneWaveSchedules` as candidates): register schedules whose
# 28672-column grid is resident at once, against the picks, two rounds; then the candidates check.
set -uo pipefail
out="${OUT:-/tmp}"; s=$SECONDS
for r in 1 2; do
  CONFIGS=r16w2c1u4pmi,r16w2c1u4pmiy,r16w2c1u4plmiy,r16w3c1u4pmi,r16w3c1u4plmiy ROWS=16 bash Tools/gpu/gemv-steps.sh .gpu-s17d bench | grep -E "µs|registers"
  mv "$out/gemv-steps-logs.tgz" "$out/m16-$r.tgz"; rm -rf /tmp/gemv-steps
  CONFIGS=r8w3c1u4plmiy,r8w3c1u4plmi,r8w4c1u4plmb6iy,r8w2c1u4plmiy ROWS=1 bash Tools/gpu/gemv-steps.sh .gpu-s17d bench | grep -E "µs|registers"
  mv "$out/gemv-steps-logs.tgz" "$out/m1-$r.tgz"; rm -rf /tmp/gemv-steps
done
bash Tools/gpu/gemv-steps.sh .gpu-s17d gptq-gemv-mma-candidates | grep -E "PASS|FAIL|rc"
mv "$out/gemv-steps-logs.tgz" "$out/check.tgz"
echo "## done ($((SECONDS - s)) s)"
