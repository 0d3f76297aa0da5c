#!/usr/bin/env python3
"""nocse.py IN.ptx OUT.ptx: an activation-loads cut (quantjit dump-ptx ... --cut activation-loads)
whose two row halves get different constant activations, so that ptxas cannot merge the two
identical mma of each pair (in the cut's PTX every mma reads the same B register; h = 0 and
h = 1 alternate, h innermost). Every second mma that reads the constant pair reads a new register
holding 0x24012401 instead of 0x24002400 (both f16x2 ~ 1/64)."""
import re
import sys

src = open(sys.argv[1]).read().split("\n")
const = None
for line in src:
    m = re.search(r"mov\.b32\s+(%r\d+), 603988992;", line)  # 0x24002400
    if m:
        const = m.group(1)
        break
if const is None:
    sys.exit(f"{sys.argv[1]}: no mov.b32 of 0x24002400")
pair = "{%s, %s}" % (const, const)
out, k = [], 0
for line in src:
    if re.search(r"mov\.b32\s+%s, 603988992;" % re.escape(const), line):
        out += [line, "\tmov.b32 \t%rq, 604054529;"]  # 0x24012401
        continue
    if re.match(r"\s*\.reg \.b32\s+%r<", line):
        out += [line, "\t.reg .b32 \t%rq;"]
        continue
    if "mma.sync" in line and pair in line:
        if k % 2 == 1:
            line = line.replace(pair, "{%rq, %rq}")
        k += 1
    out.append(line)
open(sys.argv[2], "w").write("\n".join(out))
print(f"{sys.argv[2]}: {k} mma read {const}; {k // 2} moved to %rq", file=sys.stderr)
