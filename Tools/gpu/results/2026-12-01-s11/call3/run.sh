#!/usr/bin/env bash
# s11 call 3: print call 2's ncu reports (carried in .gpu-next/reps): details, raw metrics, SASS source counters.
set -uo pipefail
out="${OUT:-/tmp}"; mkdir -p "$out/reps"
for rep in .gpu-next/reps/*.ncu-rep; do
  name=$(basename "$rep" .ncu-rep)
  ncu --import "$rep" --page details > "$out/reps/$name-details.txt" 2>&1
  ncu --import "$rep" --page raw --csv > "$out/reps/$name-raw.csv" 2>&1
  ncu --import "$rep" --page source --csv --print-source sass > "$out/reps/$name-sass.csv" 2>&1
  echo "$name: $(wc -c < "$out/reps/$name-details.txt") $(wc -c < "$out/reps/$name-raw.csv") $(wc -c < "$out/reps/$name-sass.csv")"
done
