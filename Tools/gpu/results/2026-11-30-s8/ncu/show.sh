#!/usr/bin/env bash
for f in .gpu-s8b/*.ncu-rep; do
  echo "=== $f"
  ncu --import $f --page details --print-details all 2>&1 | sed -E 's/ {2,}/ /g' | awk '/Section: (Warp State|Scheduler|Occupancy|Launch|Memory Workload)/{p=1} /Section: (GPU Speed|Compute Workload|Instruction)/{p=0} p' | grep -vE "^ ?-+|Metric Name|Table Name|OPT|INF|WRN|^\s*$" | cut -c1-120 | head -90
  ncu --import $f --page raw 2>&1 | grep -E "issue_stalled_[a-z_]+_per_warp_active.pct |average_warps_issue_stalled_[a-z_]+_per_issue_active.ratio " | sed -E 's/ +/ /g' | awk '$NF+0 > 0.02' | cut -c1-140
done
