#!/usr/bin/env python3
"""The anchors QuantJIT's GPU kernels are measured against, timed with CUDA events on the GPU
machine (torch only, nothing to install):

- fp16 (and with --dtype, bf16) dense matmul through torch (cuBLAS): y = x @ W^T with x M x K
  and W N x K, for M in {1, 16, 4096} and (N, K) in {8192 x 8192, 28672 x 8192, 8192 x 28672};
- device-to-device copy bandwidth (bytes read + bytes written).

Each number is the median of individually event-timed repetitions after a warm-up, on random
data (never zeros). Weights rotate among copies whose total exceeds the L2 many times over, so
a repetition never finds its weights in cache. Prints a Markdown table; with --json PATH (or
$OUT set) also writes the numbers as JSON.

usage: python3 Tools/bench/torch_anchors.py [--repetitions 50] [--warmup 10] [--rows 1,16,4096]
       [--dtype fp16,bf16] [--json PATH]
"""
import argparse
import json
import os
import statistics

import torch

SHAPES = [(8192, 8192), (28672, 8192), (8192, 28672)]  # (N, K)
ROWS = [1, 16, 4096]  # M
ROTATE_BYTES = 1 << 30  # weights in rotation per shape: ~17x the H200's 60 MB L2
DTYPES = {"fp16": torch.float16, "bf16": torch.bfloat16}


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


GRAPH_LAUNCHES = 20


def graph_ms(step, launches, replays=10):
    """Per-call time of `launches` back-to-back calls captured in a CUDA graph (median of
    `replays` replays, each between its own events, divided by `launches`)."""
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for i in range(3):
            step(i)
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for i in range(launches):
            step(i)
    times = event_times_ms(lambda _: graph.replay(), replays, 2)
    return statistics.median(times) / launches


def matmul_anchor(m, n, k, repetitions, warmup, dtype="fp16"):
    kind = DTYPES[dtype]
    weight_bytes = 2 * n * k
    copies = max(1, -(-ROTATE_BYTES // weight_bytes))
    weights = [torch.randn(n, k, device="cuda", dtype=kind) for _ in range(copies)]
    x = torch.randn(m, k, device="cuda", dtype=kind)
    out = torch.empty(m, n, device="cuda", dtype=kind)

    # Check the product once against an fp32 computation of the same inputs.
    reference = x.float() @ weights[0].float().t()
    result = torch.nn.functional.linear(x, weights[0])
    relative = ((result.float() - reference).norm() / reference.norm()).item()
    assert relative < 1e-2, f"{dtype} matmul M={m} N={n} K={k}: relative error {relative}"

    def step(i):
        torch.matmul(x, weights[i % copies].t(), out=out)

    times = event_times_ms(step, repetitions, warmup)
    median = statistics.median(times)
    try:
        graph = graph_ms(step, GRAPH_LAUNCHES)
    except Exception as error:  # keep the per-launch anchor even if capture fails
        print(f"graph capture failed at M={m} N={n} K={k}: {error}", flush=True)
        graph = float("nan")
    flops = 2.0 * m * n * k
    moved = 2.0 * (m * k + n * k + m * n)
    del weights
    torch.cuda.empty_cache()
    return {
        "M": m, "N": n, "K": k, "median_ms": median, "min_ms": min(times),
        "tflops": flops / (median * 1e-3) / 1e12, "gbps": moved / (median * 1e-3) / 1e9,
        "relative_error": relative, "graph_ms": graph, "dtype": dtype,
    }


def copy_anchor(gigabytes, repetitions, warmup):
    count = int(gigabytes * (1 << 30)) // 2
    source = torch.randn(count, device="cuda", dtype=torch.float16)
    destination = torch.empty_like(source)

    def step(_):
        destination.copy_(source)

    times = event_times_ms(step, repetitions, warmup)
    assert torch.equal(destination, source), "device copy differs"
    median = statistics.median(times)
    moved = 2.0 * source.numel() * source.element_size()
    del source, destination
    torch.cuda.empty_cache()
    return {"bytes_each_way": count * 2, "median_ms": median, "min_ms": min(times),
            "gbps": moved / (median * 1e-3) / 1e9}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--json", default=None)
    parser.add_argument("--rows", default=",".join(map(str, ROWS)), help="comma-separated M values")
    parser.add_argument("--dtype", default="fp16", help="comma-separated matmul dtypes: fp16, bf16")
    args = parser.parse_args()
    dtypes = args.dtype.split(",")
    for dtype in dtypes:
        if dtype not in DTYPES:
            parser.error(f"--dtype {dtype}: one of {', '.join(DTYPES)}")

    properties = torch.cuda.get_device_properties(0)
    header = (f"{properties.name}, {properties.multi_processor_count} SMs, "
              f"{properties.total_memory >> 20} MiB; torch {torch.__version__}, CUDA {torch.version.cuda}")
    print(f"# torch anchors: {header}")

    copy = copy_anchor(2.0, args.repetitions, args.warmup)
    print(f"\ndevice-to-device copy, 2 GiB: median {copy['median_ms']:.3f} ms, "
          f"{copy['gbps']:.0f} GB/s (read + write)\n")

    results = {dtype: [] for dtype in dtypes}
    print(f"graph: {GRAPH_LAUNCHES} back-to-back matmuls in a CUDA graph, median of 10 replays / {GRAPH_LAUNCHES}")
    for dtype in dtypes:
        print(f"\n{dtype} matmul (torch.matmul, cuBLAS):\n")
        print("| M | N | K | median ms | TFLOP/s | GB/s (min bytes) | graph ms | graph GB/s |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n, k in SHAPES:
            for m in [int(r) for r in args.rows.split(",")]:
                row = matmul_anchor(m, n, k, args.repetitions, args.warmup, dtype)
                results[dtype].append(row)
                graph_gbps = row["gbps"] * row["median_ms"] / row["graph_ms"]
                print(f"| {m} | {n} | {k} | {row['median_ms']:.4f} | {row['tflops']:.1f} | {row['gbps']:.0f} | "
                      f"{row['graph_ms']:.4f} | {graph_gbps:.0f} |", flush=True)

    path = args.json or (os.path.join(os.environ["OUT"], "torch_anchors.json") if os.environ.get("OUT") else None)
    if path:
        with open(path, "w") as file:
            json.dump({"device": header, "copy": copy, **{f"matmul_{dtype}": rows for dtype, rows in results.items()},
                       "repetitions": args.repetitions, "warmup": args.warmup}, file, indent=1)
        print(f"\nwrote {path}")


if __name__ == "__main__":
    main()
