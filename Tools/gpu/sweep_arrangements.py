#!/usr/bin/env python3
"""Best decode-GEMV schedule per word arrangement, from `quantjit-gpu-selftest --bench-gemv` logs.

A decode GEMV pick serves every M <= 16 of a shape class with one arrangement of `qweight`
(words as packed, interleaved `i`, in strips `y`, or both `iy`), so a sweep is read per
arrangement: for each layout (v1 / sym, or the FP8 and other kernel prefixes), shape and M, the
fastest candidate of each arrangement. With several logs of the same sweep (rounds), a config's
time is the mean of its rounds and only configs timed in every round count.

    python3 Tools/gpu/sweep_arrangements.py call1/bench1-configs.log [call1/bench2-configs.log ...]
"""
import re
import sys
from collections import defaultdict

KERNEL = re.compile(r"^(\w+?)_gpu_(r\d+\S*?):")
TIMING = re.compile(r"^M (\d+) N (\d+) K (\d+) (\S+): median ([\d.]+)")


def arrangement(name):
    tail = re.sub(r"^r\d+w\d+(n\d+)?c\d+u\d+", "", name)
    return ("i" if "i" in tail else "") + ("y" if "y" in tail else "") or "-"


def read(path):
    """{(kernel family, M, N, K): {config: µs}} of one log; the family is the kernel name before `_gpu_`."""
    family, times = None, defaultdict(dict)
    with open(path) as log:
        for line in log:
            kernel = KERNEL.match(line)
            if kernel:
                family = kernel.group(1)
                continue
            timing = TIMING.match(line)
            if timing:
                m, n, k, config, micros = timing.groups()
                times[(family, int(m), int(n), int(k))][config] = float(micros)
    return times


def main(paths):
    if not paths:
        sys.exit(__doc__)
    rounds = [read(p) for p in paths]
    for key in sorted(set().union(*rounds)):
        per_round = [r.get(key, {}) for r in rounds]
        common = set.intersection(*(set(r) for r in per_round))
        mean = {c: sum(r[c] for r in per_round) / len(per_round) for c in common}
        family, m, n, k = key
        print(f"{family}  M={m} {n}x{k}")
        for arr in ["-", "i", "y", "iy"]:
            candidates = {c: t for c, t in mean.items() if arrangement(c) == arr}
            if candidates:
                best = min(candidates, key=candidates.get)
                print(f"    {arr:>2}  {best:<28} {candidates[best]:7.1f} µs  ({len(candidates)} configs)")


if __name__ == "__main__":
    main(sys.argv[1:])
