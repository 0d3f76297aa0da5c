#!/usr/bin/env python3
"""Marlin (IST-DASLab/marlin, 4-bit symmetric fp16 x int4 GEMM) as an anchor for QuantJIT's
GPTQ GPU kernels, timed on the GPU machine with CUDA events like torch_anchors.py:

- Marlin is built from its upstream source by Tools/bench/marlin/build_marlin.sh into
  libmarlin_anchor.so (Marlin's kernel + our extern "C" shim, CUDA runtime linked statically)
  and called through ctypes; torch only allocates memory and times the copy anchor;
- 4-bit, group size 128, f16 activations, (N, K) in {8192 x 8192, 28672 x 8192, 8192 x 28672},
  M in {1, 16, 4096}; Marlin's own tile choice (thread_k/thread_n = -1), max_par 16, all SMs;
- per launch: each call between its own events, timed in C (no Python between the events),
  median of --repetitions after --warmup; graph (M <= 16): 20 back-to-back calls in a CUDA
  graph, median of 10 replays / 20;
- weights: random packed words and small random fp16 scales (Marlin's speed does not depend on
  the values: no data-dependent branches or early exits), rotated through >= 1 GiB of copies so
  a call never finds its weights in L2; bytes = packed weights + scales + x + y, as for ours;
- each M runs in its own process (a kernel fault poisons the CUDA context; upstream Marlin is
  reported to crash on H200 at small M with recent nvcc), so a crash at one M is reported and
  the others still run;
- with --marlin-py DIR (the folder holding Marlin's python package `marlin/`), first a
  correctness check per M: Marlin's own Layer.pack on a random 4-bit g128 weight, the product
  against a float64 reference.

usage: python3 Tools/bench/marlin_anchors.py [--lib PATH] [--marlin-py DIR] [--rows 1,16,4096]
           [--repetitions 50] [--warmup 10] [--no-graph] [--json PATH]
"""
import argparse
import ctypes
import json
import math
import os
import statistics
import subprocess
import sys
import types

SHAPES = [(8192, 8192), (28672, 8192), (8192, 28672)]  # (N, K)
ROWS = [1, 16, 4096]
ROTATE_BYTES = 1 << 30
GROUP = 128
MAX_PAR = 16
GRAPH_LAUNCHES = 20
CHECK_SHAPE = (1024, 2048)  # (N, K) of the correctness check


def load_library(path):
    lib = ctypes.CDLL(path)
    p, i = ctypes.c_void_p, ctypes.c_int
    lib.marlin_anchor_mul.argtypes = [p, p, p, p, i, i, i, p, i, i, p, i, i, i, i]
    lib.marlin_anchor_mul.restype = i
    lib.marlin_anchor_time.argtypes = [p, ctypes.POINTER(p), p, ctypes.POINTER(p), i, i, i, i, p, i, i, p,
                                       i, i, i, i, i, i, ctypes.POINTER(ctypes.c_float)]
    lib.marlin_anchor_time.restype = i
    lib.marlin_anchor_error_string.argtypes = [i, ctypes.c_char_p, i]
    lib.marlin_anchor_sync.restype = i
    lib.marlin_anchor_runtime_version.restype = i
    return lib


def describe(lib, code):
    """Marlin's return code as words (1, 2: Marlin's shape errors; 100 + e: CUDA error e)."""
    if code == 1:
        return "Marlin: problem shape not compatible with its tiles (ERR_PROB_SHAPE)"
    if code == 2:
        return "Marlin: no kernel for this tile shape (ERR_KERN_SHAPE)"
    buffer = ctypes.create_string_buffer(256)
    lib.marlin_anchor_error_string(code - 100 if code >= 100 else code, buffer, 256)
    return f"CUDA error {code - 100 if code >= 100 else code}: {buffer.value.decode()}"


class Marlin:
    """Calls into libmarlin_anchor.so on torch's current stream."""

    def __init__(self, lib, torch):
        self.lib, self.torch = lib, torch
        self.sms = torch.cuda.get_device_properties(0).multi_processor_count

    def mul(self, a, b, c, s, workspace, thread_k=-1, thread_n=-1, sms=-1, max_par=MAX_PAR):
        m, k = a.shape
        n = c.shape[1]
        groupsize = -1 if s.shape[0] == 1 else k // s.shape[0]
        stream = self.torch.cuda.current_stream().cuda_stream
        code = self.lib.marlin_anchor_mul(a.data_ptr(), b.data_ptr(), c.data_ptr(), s.data_ptr(), m, n, k,
                                          workspace.data_ptr(), groupsize, 0, stream, thread_k, thread_n,
                                          self.sms if sms == -1 else sms, max_par)
        if code != 0:
            raise RuntimeError(f"marlin M={m} N={n} K={k}: {describe(self.lib, code)}")


def copy_gbps(torch, repetitions, warmup):
    source = torch.randn((1 << 30) // 2, device="cuda", dtype=torch.float16)  # 1 GiB each way
    destination = torch.empty_like(source)
    for _ in range(warmup):
        destination.copy_(source)
    pairs = []
    for _ in range(repetitions):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        destination.copy_(source)
        end.record()
        pairs.append((start, end))
    torch.cuda.synchronize()
    median = statistics.median(s.elapsed_time(e) for s, e in pairs)
    gbps = 2.0 * source.numel() * 2 / (median * 1e-3) / 1e9
    del source, destination
    torch.cuda.empty_cache()
    return gbps


def check(torch, marlin, marlin_py, m):
    """Marlin's own Layer.pack on random 4-bit g128 weights; relative error against float64."""
    sys.modules["marlin_cuda"] = types.SimpleNamespace(mul=marlin.mul)  # instead of its torch extension
    sys.path.insert(0, marlin_py)
    import marlin as upstream  # Marlin's python package (not ours): layout and permutations
    n, k = CHECK_SHAPE
    generator = torch.Generator().manual_seed(1000 + m)
    q = torch.randint(0, 16, (k, n), generator=generator)
    # scales with 4 significant bits, so (q - 8) * s and its division by s are exact in fp16
    s = torch.randint(1, 16, (k // GROUP, n), generator=generator).half() / 1024
    w = ((q - 8).half() * s.repeat_interleave(GROUP, 0))  # K x N, fake-quantized
    linear = torch.nn.Linear(k, n, bias=False).half()
    linear.weight.data = w.t().contiguous()
    layer = upstream.Layer(k, n, groupsize=GROUP)
    layer.pack(linear, s.t().contiguous())
    layer = layer.cuda()
    x = torch.randn(m, k, generator=generator).half()
    y = layer(x.cuda())
    torch.cuda.synchronize()
    reference = x.cuda().double() @ w.cuda().double()
    relative = ((y.double() - reference).norm() / reference.norm()).item()
    return {"M": m, "N": n, "K": k, "relative_error": relative, "ok": bool(relative < 1e-2)}


def time_shape(torch, lib, marlin, m, n, k, repetitions, warmup, graph):
    weight_bytes = k * n // 2 + (k // GROUP) * n * 2
    copies = max(1, -(-ROTATE_BYTES // weight_bytes))
    info = torch.iinfo(torch.int32)
    bs = [torch.randint(info.min, info.max, (k // 16, 2 * n), device="cuda", dtype=torch.int32) for _ in range(copies)]
    ss = [(torch.rand(k // GROUP, n, device="cuda") * 1e-3 + 1e-4).half() for _ in range(copies)]
    x = torch.randn(m, k, device="cuda", dtype=torch.float16)
    y = torch.empty(m, n, device="cuda", dtype=torch.float16)
    workspace = torch.zeros(n // 128 * MAX_PAR, device="cuda", dtype=torch.int32)
    b_ptrs = (ctypes.c_void_p * copies)(*[t.data_ptr() for t in bs])
    s_ptrs = (ctypes.c_void_p * copies)(*[t.data_ptr() for t in ss])
    times = (ctypes.c_float * repetitions)()
    stream = torch.cuda.current_stream().cuda_stream
    code = lib.marlin_anchor_time(x.data_ptr(), b_ptrs, y.data_ptr(), s_ptrs, copies, m, n, k, workspace.data_ptr(),
                                  GROUP, 0, stream, -1, -1, marlin.sms, MAX_PAR, warmup, repetitions, times)
    if code != 0:
        raise RuntimeError(describe(lib, code))
    assert torch.isfinite(y).all().item(), "non-finite Marlin output"
    median = statistics.median(times)
    row = {"M": m, "N": n, "K": k, "median_ms": median, "min_ms": min(times), "copies": copies,
           "tflops": 2.0 * m * n * k / (median * 1e-3) / 1e12,
           "bytes": weight_bytes + 2 * (m * k + m * n), "graph_ms": float("nan")}
    row["gbps"] = row["bytes"] / (median * 1e-3) / 1e9
    if graph:
        try:
            row["graph_ms"] = graph_ms(torch, lambda i: marlin.mul(x, bs[i % copies], y, ss[i % copies], workspace))
        except Exception as error:  # keep the per-launch numbers if capture fails
            row["graph_error"] = f"{type(error).__name__}: {error}"[:300]
    del bs, ss
    torch.cuda.empty_cache()
    return row


def graph_ms(torch, step, replays=10):
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(side):
        for i in range(3):
            step(i)
    torch.cuda.current_stream().wait_stream(side)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        for i in range(GRAPH_LAUNCHES):
            step(i)
    graph.replay()
    pairs = []
    for _ in range(replays):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        graph.replay()
        end.record()
        pairs.append((start, end))
    torch.cuda.synchronize()
    return statistics.median(s.elapsed_time(e) for s, e in pairs) / GRAPH_LAUNCHES


def child(args):
    """One M in this process; prints one `RESULT {json}` line per result."""
    import torch
    m = int(args.child)
    lib = load_library(args.lib)
    marlin = Marlin(lib, torch)
    emit = lambda kind, payload: print("RESULT " + json.dumps({"kind": kind, **payload}), flush=True)
    properties = torch.cuda.get_device_properties(0)
    emit("device", {"name": properties.name, "sms": properties.multi_processor_count, "torch": torch.__version__,
                    "torch_cuda": torch.version.cuda, "marlin_cudart": lib.marlin_anchor_runtime_version()})
    emit("copy", {"M": m, "gbps": copy_gbps(torch, 20, 3)})
    if args.marlin_py:
        try:
            emit("check", check(torch, marlin, args.marlin_py, m))
        except Exception as error:
            emit("check", {"M": m, "ok": False, "error": f"{type(error).__name__}: {error}"[:500]})
    graph = not args.no_graph and m <= 16  # launch overhead matters only for the short kernels
    for n, k in SHAPES:
        try:
            emit("time", time_shape(torch, lib, marlin, m, n, k, args.repetitions, args.warmup, graph))
        except Exception as error:
            sticky = lib.marlin_anchor_sync()
            emit("error", {"M": m, "N": n, "K": k, "error": f"{type(error).__name__}: {error}"[:500],
                           "sync": describe(lib, 100 + sticky) if sticky else "clean"})


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lib", default=os.environ.get("MARLIN_LIB", os.path.join(here, "libmarlin_anchor.so")))
    parser.add_argument("--marlin-py", default=None, help="folder with Marlin's python package marlin/ (check)")
    parser.add_argument("--rows", default=",".join(map(str, ROWS)))
    parser.add_argument("--repetitions", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--no-graph", action="store_true")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per M (one process each)")
    parser.add_argument("--json", default=None)
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        return child(args)

    forwarded = ["--lib", args.lib, "--repetitions", str(args.repetitions), "--warmup", str(args.warmup)]
    forwarded += (["--marlin-py", args.marlin_py] if args.marlin_py else []) + (["--no-graph"] if args.no_graph else [])
    results, failures = [], []
    for m in [int(r) for r in args.rows.split(",")]:
        command = [sys.executable, os.path.abspath(__file__), "--child", str(m)] + forwarded
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout)
            stdout, stderr, rc = done.stdout, done.stderr, done.returncode
        except subprocess.TimeoutExpired as expired:
            stdout, stderr, rc = expired.stdout or "", (expired.stderr or "") + "\n(timeout)", "timeout"
            stdout = stdout.decode() if isinstance(stdout, bytes) else stdout
            stderr = stderr.decode() if isinstance(stderr, bytes) else stderr
        if os.environ.get("OUT"):
            with open(os.path.join(os.environ["OUT"], "marlin_children.log"), "a") as log:
                log.write(f"$ {' '.join(command)}\nexit {rc}\n--- stdout\n{stdout}\n--- stderr\n{stderr}\n")
        for line in stdout.splitlines():
            if line.startswith("RESULT "):
                results.append(json.loads(line[7:]))
            else:
                print(f"[M={m}] {line}")
        if rc != 0:
            failures.append({"M": m, "rc": rc, "stderr_tail": stderr[-2000:]})
            print(f"[M={m}] process exit {rc}; stderr tail:\n{stderr[-2000:]}", flush=True)
        elif stderr.strip():
            print(f"[M={m}] stderr: {stderr[-800:]}")

    device = next((r for r in results if r["kind"] == "device"), {})
    copies = [r["gbps"] for r in results if r["kind"] == "copy"]
    copy = statistics.median(copies) if copies else float("nan")
    print(f"# Marlin anchors ({os.path.basename(os.path.dirname(os.path.abspath(args.lib))) or '.'}/"
          f"{os.path.basename(args.lib)}): {device.get('name')}, {device.get('sms')} SMs; torch {device.get('torch')} "
          f"(CUDA {device.get('torch_cuda')}); libmarlin_anchor cudart {device.get('marlin_cudart')}")
    print(f"copy (1 GiB, read + write), median over processes: {copy:.0f} GB/s "
          f"({', '.join(f'{c:.0f}' for c in copies)})\n")
    for r in results:
        if r["kind"] == "check":
            detail = f"relative error {r['relative_error']:.2e}" if "relative_error" in r else r.get("error")
            print(f"check M={r['M']} {CHECK_SHAPE[0]}x{CHECK_SHAPE[1]} (Marlin's Layer.pack, float64 ref): "
                  f"{'PASS' if r['ok'] else 'FAIL'} {detail}")
    print("\n| M | N×K | per launch µs | GB/s | % of copy | TFLOP/s | graph µs | graph % of copy |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        if r["kind"] == "time":
            graph_pct = 100 * r["bytes"] / (r["graph_ms"] * 1e-3) / 1e9 / copy if not math.isnan(r["graph_ms"]) else float("nan")
            small = r["M"] <= 16  # bandwidth figures mean something only for the memory-bound decode shapes
            print(f"| {r['M']} | {r['N']}×{r['K']} | {r['median_ms'] * 1e3:.1f} | "
                  + (f"{r['gbps']:.0f} | {100 * r['gbps'] / copy:.1f} % | " if small else "– | – | ")
                  + f"{r['tflops']:.1f} | " + (f"{r['graph_ms'] * 1e3:.1f} | {graph_pct:.1f} % |" if small else "– | – |"))
            if "graph_error" in r:
                print(f"  (graph capture failed: {r['graph_error']})")
        elif r["kind"] == "error":
            print(f"| {r['M']} | {r['N']}×{r['K']} | FAILED: {r['error']} (after: {r['sync']}) | | | | | |")
    for f in failures:
        print(f"M={f['M']}: process failed ({f['rc']})")
    path = args.json or (os.path.join(os.environ["OUT"], "marlin_anchors.json") if os.environ.get("OUT") else None)
    if path:
        with open(path, "w") as file:
            json.dump({"device": device, "copy_gbps": copy, "results": results, "failures": failures,
                       "repetitions": args.repetitions, "warmup": args.warmup, "group": GROUP, "max_par": MAX_PAR},
                      file, indent=1)
        print(f"\nwrote {path}")
    return 1 if failures or any(r["kind"] == "error" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
