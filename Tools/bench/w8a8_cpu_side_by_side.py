#!/usr/bin/env python3
"""CPU INT8 W8A8 side by side: QuantJIT's VNNI GEMV/GEMM and llama.cpp's Q8_0 matmul (ggml), in
one run, on the same thread count, interleaved round by round so both see the same machine state.

Q8_0 is llama.cpp's int8 × int8 path: int8 weights with one f16 scale per 32, activations
quantized to int8 per 32 inside the matmul. QuantJIT's W8A8 kernels take int8 weights with one
f32 scale per output channel and activations quantized per token by a separate kernel
(`actquant_int8_token_sym`), so the GEMM comparison adds that kernel's time at the same rows; the
GEMV comparison does not (one row's quantization is ~1 µs of ggml's time).

For each round: `quantjit bench-w8a8 --json` (GEMV at one row with weights rotated over
--rotate-mib, GEMM at --rows, the quantizer at --rows) and Tools/bench/gguf/ggml_mulmat_bench
--types Q8_0 at one row and --rows (weights rotated over --rotate-mib), who goes first
alternating. Prints the median over --rounds of each run's median as a Markdown table.

    python3 Tools/bench/w8a8_cpu_side_by_side.py --quantjit .build/release/quantjit --threads 2 \\
        --ggml native=/root/ggml-native

A --ggml DIR is as for Tools/bench/gguf_side_by_side.py (whose helpers this script uses).
"""
import argparse, datetime, os, statistics, subprocess, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gguf_side_by_side import ROOT, build_ggml_bench, ggml_paths, run_json_lines, uptime  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quantjit", default=os.path.join(ROOT, ".build", "release", "quantjit"))
    p.add_argument("--ggml", default="native=/root/ggml-native", metavar="NAME=DIR", help="the ggml build to compare with")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--size", type=int, default=4096, help="n = k of the weight")
    p.add_argument("--rows", type=int, default=512, help="activation rows of the GEMM")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--rotate-mib", type=int, default=512)
    a = p.parse_args()
    if not os.access(a.quantjit, os.X_OK):
        sys.exit(f"no quantjit at {a.quantjit}: run `swift build -c release --product quantjit` (or pass --quantjit)")
    name, _, directory = a.ggml.partition("=")
    include, lib, version = ggml_paths(directory)
    ggml = build_ggml_bench(name, include, lib)

    load_before, started = uptime(), datetime.datetime.now(datetime.timezone.utc)
    shape = ["-n", str(a.size), "-k", str(a.size)]
    common = ["--threads", str(a.threads), "--repeats", str(a.repeats), "--rotate-mib", str(a.rotate_mib)]
    ours = {"gemv": [], "gemm": [], "quant": []}
    theirs = {1: [], a.rows: []}
    copies, host, ggml_host, variants = [], "", {}, {}
    def run_ours():
        report = run_json_lines([a.quantjit, "bench-w8a8", "--rows", str(a.rows), "--json"] + shape + common)[0]
        copies.append(report["copyGBps"])
        for row in report["rows"]:
            v = row["variant"]
            key = "gemv" if v.startswith("w8a8_gemv") else "gemm" if v.startswith("w8a8_gemm") \
                else "quant" if v.startswith("actquant_int8_token") else None
            if key:
                ours[key].append(row["medianSeconds"] * 1e6)
                variants[key] = v
        return report["host"]

    def run_ggml():
        lines = run_json_lines([ggml, "--types", "Q8_0", "--rows", f"1,{a.rows}", "--repack", "0"] + shape + common)
        for line in lines[1:]:
            theirs[line["row"]["m"]].append(line["row"]["us"])
        return lines[0]["host"]

    for r in range(a.rounds):
        if r % 2 == 0:
            host, ggml_host = run_ours(), run_ggml()
        else:
            ggml_host, host = run_ggml(), run_ours()
        print(f"round {r + 1}/{a.rounds} done (load {uptime()})", file=sys.stderr, flush=True)

    med = statistics.median
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    size = a.size
    print(f"## CPU INT8 W8A8 side by side with llama.cpp Q8_0, {size}×{size}, {a.threads} threads, {started:%Y-%m-%d %H:%M} UTC\n")
    print(f"- load average (1/5/15 min) before: {load_before}, after: {uptime()}; `nproc` = {os.cpu_count()}")
    print(f"- STREAM-like copy, {a.threads} threads, same run: median {med(copies):.1f} GB/s")
    print(f"- QuantJIT {commit}: {host}; " + ", ".join(f"`{v}`" for v in variants.values()))
    features = ", ".join(k for k in ("avx512", "avx512_vnni", "avx_vnni", "amx_int8") if ggml_host.get(k))
    origin = f"llama-cpp-python {version}" if version else "cmake build"
    print(f"- llama.cpp `{name}`: ggml {ggml_host.get('ggml_version')} ({ggml_host.get('ggml_commit')}), {origin}; "
          f"CPU features: {features or 'none beyond AVX2'}; GGML_OP_MUL_MAT on Q8_0 weights (activations quantized to Q8_0 inside)")
    print(f"- weights rotated over {a.rotate_mib} MiB at one row; median over {a.rounds} rounds of each run's median of "
          f"{a.repeats} calls; ratio = llama.cpp time / QuantJIT time (> 1: QuantJIT faster)\n")
    gemv, gemm, quant = med(ours["gemv"]), med(ours["gemm"]), med(ours["quant"])
    q8_bytes = size * size * 34 / 32
    print("| kernel | rows | QuantJIT µs | QuantJIT GB/s or GOP/s | llama.cpp Q8_0 µs | llama.cpp GB/s or GOP/s | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    t1 = med(theirs[1])
    print(f"| GEMV (QuantJIT: activations already int8) | 1 | {gemv:.1f} | {size * size / gemv / 1e3:.1f} GB/s | {t1:.1f} | "
          f"{q8_bytes / t1 / 1e3:.1f} GB/s | {t1 / gemv:.2f} |")
    tm = med(theirs[a.rows])
    ops = 2 * a.rows * size * size
    print(f"| GEMM + per-token int8 quantization | {a.rows} | {gemm:.1f} + {quant:.1f} | {ops / (gemm + quant) / 1e3:.0f} GOP/s | {tm:.1f} | "
          f"{ops / tm / 1e3:.0f} GOP/s | {tm / (gemm + quant):.2f} |")


if __name__ == "__main__":
    main()
