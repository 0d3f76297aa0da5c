#!/usr/bin/env python3
"""The torch anchors of QuantJIT's W8A8 GEMMs, timed with CUDA events on the GPU machine (torch
only, nothing to install), for y = x @ W^T with x M x K and W N x K, M in {1, 16, 1024, 4096},
(N, K) in {8192 x 8192, 28672 x 8192, 8192 x 28672}:

- torch._scaled_mm, FP8 e4m3, bf16 output: per-tensor scales (scalar x scalar) and rowwise
  scales (per token [M, 1] x per channel [1, N]); and, where this torch accepts them, block-wise
  scales (1 x 128 activation groups x 128 x 128 weight blocks, DeepSeek style);
- torch._int_mm, int8 x int8 -> int32 (it refuses M <= 16; such rows say so);
- device-to-device copy bandwidth (bytes read + bytes written).

Each number is the median of individually event-timed repetitions after a warm-up (as
Tools/bench/torch_anchors.py), on random codes. Weights rotate among copies whose total exceeds
the L2 many times over. Each op's output is checked once against an fp32 computation of the
same codes. Prints a Markdown table; with --json PATH (or $OUT set) also writes JSON.

usage: python3 Tools/bench/torch_w8a8_anchors.py [--repetitions 40] [--warmup 5] [--rows 1,16,1024,4096] [--json PATH]
"""
import argparse
import json
import os
import statistics

import torch

SHAPES = [(8192, 8192), (28672, 8192), (8192, 28672)]  # (N, K)
ROWS = [1, 16, 1024, 4096]
ROTATE_BYTES = 1 << 30


def event_times_ms(step, repetitions, warmup):
    """Times each call of step(i) alone with a pair of CUDA events; returns the list in ms."""
    for i in range(warmup):
        step(i)
    torch.cuda.synchronize()
    pairs = []
    for i in range(repetitions):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        step(i)
        end.record()
        pairs.append((start, end))
    torch.cuda.synchronize()
    return [start.elapsed_time(end) for start, end in pairs]


def copy_bandwidth():
    n = 1 << 31
    source = torch.empty(n, dtype=torch.uint8, device="cuda").fill_(0x5A)
    destination = torch.empty_like(source)
    times = event_times_ms(lambda _: destination.copy_(source), 10, 2)
    return 2 * n / (statistics.median(times) / 1e3) / 1e9


def random_codes(rows, cols, dtype):
    """Random 8-bit codes: int8 over [-128, 127], e4m3 from random bytes without NaN."""
    raw = torch.randint(-128, 128, (rows, cols), dtype=torch.int8, device="cuda")
    if dtype == torch.int8:
        return raw
    raw = torch.where((raw & 0x7F) == 0x7F, raw & 0x7E, raw)  # 0x7F / 0xFF are NaN in e4m3fn
    return raw.view(torch.float8_e4m3fn)


def relative_error(result, reference):
    return ((result.float() - reference).norm() / reference.norm()).item()


def anchors(m, n, k, repetitions, warmup):
    """Times every op on one shape; returns {op: (ms or None, note)}."""
    weight_bytes = n * k
    copies = max(1, -(-ROTATE_BYTES // weight_bytes))
    results = {}

    # FP8: weights N x K row-major; _scaled_mm wants the second operand column-major (w.t()).
    w8 = [random_codes(n, k, torch.float8_e4m3fn) for _ in range(copies)]
    x8 = random_codes(m, k, torch.float8_e4m3fn)
    reference = x8.float() @ w8[0].float().t()
    one = torch.tensor(1.0, device="cuda")
    per_tensor = (one, one)
    rowwise = (torch.full((m, 1), 1.0, device="cuda"), torch.full((1, n), 1.0, device="cuda"))
    for name, (sa, sb) in [("fp8 _scaled_mm per-tensor", per_tensor), ("fp8 _scaled_mm rowwise", rowwise)]:
        try:
            y = torch._scaled_mm(x8, w8[0].t(), scale_a=sa, scale_b=sb, out_dtype=torch.bfloat16)
            error = relative_error(y, reference)
            assert error < 1e-2, f"{name} M={m} N={n} K={k}: relative error {error}"
            times = event_times_ms(lambda i: torch._scaled_mm(x8, w8[i % copies].t(), scale_a=sa, scale_b=sb,
                                                              out_dtype=torch.bfloat16), repetitions, warmup)
            results[name] = (statistics.median(times), f"rel. error {error:.1e}")
        except Exception as e:  # noqa: BLE001 - report what torch refuses
            results[name] = (None, f"refused: {str(e).splitlines()[0][:100]}")

    # Block-wise scales (1 x 128 activations, 128 x 128 weights), where this torch has them.
    try:
        sa = torch.ones(m, -(-k // 128), device="cuda")
        sb = torch.ones(-(-k // 128), -(-n // 128), device="cuda")
        y = torch._scaled_mm(x8, w8[0].t(), scale_a=sa, scale_b=sb, out_dtype=torch.bfloat16)
        error = relative_error(y, reference)
        assert error < 1e-2, f"block-wise M={m}: relative error {error}"
        times = event_times_ms(lambda i: torch._scaled_mm(x8, w8[i % copies].t(), scale_a=sa, scale_b=sb,
                                                          out_dtype=torch.bfloat16), repetitions, warmup)
        results["fp8 _scaled_mm block128"] = (statistics.median(times), f"rel. error {error:.1e}")
    except Exception as e:  # noqa: BLE001
        results["fp8 _scaled_mm block128"] = (None, f"refused: {str(e).splitlines()[0][:100]}")
    del w8

    wi = [random_codes(n, k, torch.int8) for _ in range(copies)]
    xi = random_codes(m, k, torch.int8)
    try:
        y = torch._int_mm(xi, wi[0].t())
        reference = xi.double() @ wi[0].double().t()
        assert torch.equal(y.double(), reference), f"_int_mm M={m} N={n} K={k} is not exact"
        times = event_times_ms(lambda i: torch._int_mm(xi, wi[i % copies].t()), repetitions, warmup)
        results["int8 _int_mm"] = (statistics.median(times), "exact")
    except Exception as e:  # noqa: BLE001
        results["int8 _int_mm"] = (None, f"refused: {str(e).splitlines()[0][:100]}")
    del wi
    torch.cuda.empty_cache()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repetitions", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--rows", default=",".join(map(str, ROWS)))
    parser.add_argument("--json", default=None)
    arguments = parser.parse_args()
    rows = [int(r) for r in arguments.rows.split(",")]
    print(f"torch {torch.__version__}, {torch.cuda.get_device_name()}, CUDA {torch.version.cuda}")
    copy = copy_bandwidth()
    print(f"device-to-device copy, 2 GiB: {copy:.0f} GB/s (read + write, median of 10)\n")
    print("| op | M | N | K | median µs | TFLOP/s | GB/s (min bytes) | of copy | note |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    records = []
    for n, k in SHAPES:
        for m in rows:
            for op, (ms, note) in anchors(m, n, k, arguments.repetitions, arguments.warmup).items():
                record = {"op": op, "m": m, "n": n, "k": k, "ms": ms, "note": note}
                records.append(record)
                if ms is None:
                    print(f"| {op} | {m} | {n} | {k} | | | | | {note} |")
                    continue
                out_bytes = (4 if op.startswith("int8") else 2) * m * n
                gbps = (n * k + m * k + out_bytes) / (ms / 1e3) / 1e9
                tflops = 2 * m * n * k / (ms / 1e3) / 1e12
                print(f"| {op} | {m} | {n} | {k} | {ms * 1e3:.1f} | {tflops:.1f} | {gbps:.0f} | {100 * gbps / copy:.1f} % | {note} |",
                      flush=True)
    path = arguments.json or (os.path.join(os.environ["OUT"], "torch_w8a8_anchors.json") if "OUT" in os.environ else None)
    if path:
        with open(path, "w") as f:
            json.dump({"torch": torch.__version__, "device": torch.cuda.get_device_name(), "copy_gbps": copy,
                       "results": records}, f, indent=1)


if __name__ == "__main__":
    main()
