#!/usr/bin/env python3
"""GGUF GEMV/GEMM side by side: QuantJIT's JIT kernels and llama.cpp's ggml, in one run, on
the same thread count, interleaved per type so both see the same machine state.

For each round and each type this runs `quantjit bench-gguf --json` (activation quantization
plus the JIT kernel, as the model runner calls them) and Tools/bench/gguf/ggml_mulmat_bench
(one GGML_OP_MUL_MAT through ggml_graph_compute, ggml's plain CPU path, built here with cc
against each ggml build given with --ggml). Both rotate the weight through copies spanning
--rotate-mib so it streams from memory, both report the median of --repeats calls; this
script prints the median over --rounds of those medians as one Markdown table, with the
STREAM-like copy bandwidth that quantjit measured in the same run and the machine load.

    python3 Tools/bench/gguf_side_by_side.py --threads 2 \\
        --ggml native=/root/ggml-native --ggml avx2=/root/venv-gguf [--smollm2]

A --ggml DIR is either a cmake install prefix of ggml/llama.cpp (include/ggml.h, lib/libggml.so)
or a Python environment where llama-cpp-python is installed (its wheel carries the headers and
the libraries). See Tools/bench/gguf/README.md for how to get one.
"""
import argparse, collections, datetime, glob, json, os, statistics, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_SOURCE = os.path.join(ROOT, "Tools", "bench", "gguf", "ggml_mulmat_bench.c")
HOW_TO_GET_GGML = """\
No ggml found at {path}. Get llama.cpp's ggml (llama-cpp-python 0.3.36 vendors it) one of two ways:
  (a) python3 -m venv /root/venv-llama-native
      CMAKE_ARGS="-DGGML_NATIVE=ON" /root/venv-llama-native/bin/pip install llama-cpp-python==0.3.36
      # builds llama.cpp from source, ~6 minutes on 2 cores; then --ggml native=/root/venv-llama-native
  (b) only ggml, from the sdist's vendor/llama.cpp, with cmake from PyPI (pip install cmake ninja):
      cmake -S vendor/llama.cpp -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \\
            -DBUILD_SHARED_LIBS=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \\
            -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_CURL=OFF -DCMAKE_INSTALL_PREFIX=/root/ggml-native
      cmake --build build --target ggml ggml-cpu ggml-base llama && cmake --install build
      # then --ggml native=/root/ggml-native
GCC 12 with -march=native miscompiles ggml's AMX path (SIGILL on batches > 1); that only matters
on CPUs with AMX (Intel Sapphire Rapids and later): there add -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF.
The fixture build (Tools/fixtures/gguf/README.md) is AVX2-only (-DGGML_NATIVE=OFF): fine as a
reference for numbers, a weak anchor for speed."""


def ggml_paths(directory):
    """(include dir, lib dir, llama-cpp-python version or None) of a ggml install or a venv."""
    if os.path.exists(os.path.join(directory, "include", "ggml.h")):
        for lib in ("lib", "lib64"):
            if os.path.exists(os.path.join(directory, lib, "libggml.so")):
                return os.path.join(directory, "include"), os.path.join(directory, lib), None
    for site in glob.glob(os.path.join(directory, "lib", "python3*", "site-packages")):
        include, lib = os.path.join(site, "include"), os.path.join(site, "llama_cpp", "lib")
        if os.path.exists(os.path.join(include, "ggml.h")) and os.path.exists(os.path.join(lib, "libggml.so")):
            dist = glob.glob(os.path.join(site, "llama_cpp_python-*.dist-info"))
            version = os.path.basename(dist[0])[len("llama_cpp_python-"):-len(".dist-info")] if dist else "?"
            return include, lib, version
    sys.exit(HOW_TO_GET_GGML.format(path=directory))


def build_ggml_bench(name, include, lib):
    """Compiles ggml_mulmat_bench.c against one ggml build; returns the binary's path."""
    out_dir = os.path.join(ROOT, ".build", "gguf-side-by-side", name)
    os.makedirs(out_dir, exist_ok=True)
    binary = os.path.join(out_dir, "ggml_mulmat_bench")
    cmd = [os.environ.get("CC", "cc"), "-O2", "-std=c11", "-D_GNU_SOURCE", "-Wall", "-Wextra", f"-I{include}", BENCH_SOURCE,
           f"-L{lib}", f"-Wl,-rpath,{lib}", "-lggml", "-lggml-base", "-lggml-cpu", "-o", binary]
    subprocess.run(cmd, check=True)
    return binary


def run_json_lines(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    return [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]


def uptime():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quantjit", default=os.path.join(ROOT, ".build", "debug", "quantjit"),
                   help="quantjit binary (debug is fine: the kernels are JIT-compiled at -O3, Executor is built -O)")
    p.add_argument("--ggml", action="append", metavar="NAME=DIR",
                   help="a ggml build to compare with (repeatable); default avx2=/root/venv-gguf")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--types", default="Q4_0,Q4_1,Q8_0,Q4_K,Q6_K")
    p.add_argument("--strategy", default="int8", choices=["int8", "fma"], help="QuantJIT's strategy (int8 is the runner's default)")
    p.add_argument("--gemv-config", action="append", default=[], metavar="CFG",
                   help="also time QuantJIT's GEMV with this tile config (e.g. m1n1u2; repeatable), checked against the default's output")
    p.add_argument("--rows", type=int, default=512, help="activation rows of the GEMM (n of the issue)")
    p.add_argument("--size", type=int, default=4096, help="n = k of the weight")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--rotate-mib", type=int, default=512)
    p.add_argument("--repack", action="store_true",
                   help="also time the first --ggml build with its weights in the CPU_REPACK buffer (llama.cpp's default for Q4_0/Q4_K/IQ4_NL on x86)")
    p.add_argument("--smollm2", action="store_true", help="also run Tools/bench/smollm2_side_by_side.py")
    p.add_argument("--python", default="/root/venv-gguf/bin/python", help="a Python with llama-cpp-python, for --smollm2")
    a = p.parse_args()

    if not os.access(a.quantjit, os.X_OK):
        sys.exit(f"no quantjit at {a.quantjit}: run `swift build --product quantjit` (or pass --quantjit)")
    builds = []
    for spec in a.ggml or ["avx2=/root/venv-gguf"]:
        name, _, directory = spec.partition("=")
        include, lib, version = ggml_paths(directory)
        builds.append({"name": name, "lib": lib, "version": version, "binary": build_ggml_bench(name, include, lib)})

    load_before, started = uptime(), datetime.datetime.now(datetime.timezone.utc)
    types = a.types.split(",")
    # samples[(column, type, n)]: one (median µs, fastest µs) per round.
    samples = collections.defaultdict(list)
    copies, variants, differences, hosts = [], {}, {}, {}
    common = ["--threads", str(a.threads), "--repeats", str(a.repeats), "--rotate-mib", str(a.rotate_mib)]
    shape = ["-n", str(a.size), "-k", str(a.size)]
    for r in range(a.rounds):
        for t in types:
            runners = ["QuantJIT"] + [f"QuantJIT {c}" for c in a.gemv_config] + [b["name"] for b in builds]
            runners = runners[r % len(runners):] + runners[:r % len(runners)]  # who goes first rotates
            for who in runners:
                if who.startswith("QuantJIT"):
                    config = who.partition(" ")[2]
                    extra = ["--rows", "1", "--gemv-config", config] if config else ["--rows", str(a.rows)]
                    report = run_json_lines([a.quantjit, "bench-gguf", "--types", t, "--strategy", a.strategy, "--json"]
                                            + shape + extra + common)[0]
                    copies.append(report["copyGBps"])
                    hosts["QuantJIT"] = f"{report['host']}, LLVM {report['llvm']}"
                    for row in report["rows"][:1] if config else report["rows"]:
                        samples[(who, t, row["m"])].append((row["microseconds"], row["minMicroseconds"]))
                        variants[(who, t, row["m"])] = row["variant"]
                        if config:
                            differences[(t, config)] = max(differences.get((t, config), 0), row["differenceFromDefault"])
                else:
                    b = next(b for b in builds if b["name"] == who)
                    lines = run_json_lines([b["binary"], "--types", t, "--rows", f"1,{a.rows}", "--repack",
                                            "1" if a.repack and b is builds[0] else "0"] + shape + common)
                    hosts[who] = lines[0]["host"]
                    for line in lines[1:]:
                        row = line["row"]
                        column = who + (" repack" if row["repack"] else "")
                        samples[(column, t, row["m"])].append((row["us"], row["min_us"]))
            print(f"round {r + 1}/{a.rounds} {t} done (load {uptime()})", file=sys.stderr, flush=True)

    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"## GGUF GEMV/GEMM side by side, {a.size}×{a.size}, {a.threads} threads, {started:%Y-%m-%d %H:%M} UTC\n")
    print(f"- load average (1/5/15 min) before: {load_before}, after: {uptime()}; `nproc` = {os.cpu_count()}")
    print(f"- STREAM-like copy, {a.threads} threads, same run (one per quantjit call): median "
          f"{statistics.median(copies):.1f} GB/s (min {min(copies):.1f}, max {max(copies):.1f})")
    print(f"- QuantJIT {commit}: {hosts['QuantJIT']}; strategy {a.strategy}")
    for b in builds:
        h = hosts[b["name"]]
        features = ", ".join(k for k in ("avx512", "avx512_vnni", "avx512_vbmi", "avx_vnni", "amx_int8") if h.get(k))
        origin = f"llama-cpp-python {b['version']}" if b["version"] else "cmake build"
        print(f"- llama.cpp `{b['name']}`: ggml {h['ggml_version']} ({h['ggml_commit']}), {origin}, {b['lib']}; "
              f"CPU features compiled in: {features or 'none beyond AVX2'}; plain CPU path (ggml_graph_compute, weights in ordinary memory)")
    if a.repack:
        print(f"- `{builds[0]['name']} repack`: the same with the weights in ggml's CPU_REPACK buffer, llama.cpp's default "
              "layout for Q4_0/Q4_K/IQ4_NL on x86 (— where ggml has none for the type)")
    print(f"- weights rotated over {a.rotate_mib} MiB; GB/s = (weight bytes + 4·n·k + 4·n·{a.size}) / time; "
          f"GFLOP/s = 2·n·{a.size}² / time; ratio = llama.cpp time / QuantJIT time (> 1: QuantJIT faster)")
    columns = list(dict.fromkeys(c for c, _, _ in samples))
    llama_columns = [c for c in columns if not c.startswith("QuantJIT")]
    print(f"\nMedian over {a.rounds} rounds of each run's median of {a.repeats} calls:\n")
    print_table(samples, columns, llama_columns, types, a, lambda xs: statistics.median(x[0] for x in xs))
    print(f"\nFastest call of all {a.rounds}×{a.repeats} (what each reaches when the machine lets it):\n")
    print_table(samples, columns, llama_columns, types, a, lambda xs: min(x[1] for x in xs))
    print("\nQuantJIT variants: " + ", ".join(f"{t} n={m}{' (' + c[9:] + ')' if c != 'QuantJIT' else ''}: `{v}`"
                                           for (c, t, m), v in variants.items()))
    if differences:
        print("\nAlternative GEMV configs against the default variant (itself tested against the scalar reference), "
              "max |y − y_default| / max |y_default|: " + ", ".join(f"{t} {c}: {d:.2g}" for (t, c), d in differences.items()))

    if a.smollm2:
        env = dict(os.environ)
        native = next((b for b in builds if os.path.exists(os.path.join(b["lib"], "libllama.so"))), None)
        if native and not native["version"]:
            env["LLAMA_CPP_LIB_PATH"] = native["lib"]  # llama-cpp-python loads libllama (and ggml) from here
        print(f"\n## SmolLM2 (llama.cpp libraries: {env.get('LLAMA_CPP_LIB_PATH', 'those of ' + a.python)})\n")
        sys.stdout.flush()
        subprocess.run([a.python, os.path.join(ROOT, "Tools", "bench", "smollm2_side_by_side.py"), "--threads", str(a.threads),
                        "--quantjit", a.quantjit], check=True, env=env)
        print(f"\nload average after: {uptime()}")


def print_table(samples, columns, llama_columns, types, a, stat):
    """One Markdown table: per QuantJIT column µs, GB/s, GFLOP/s, and per llama.cpp column the same
    plus the ratio to QuantJIT's default (an alternative QuantJIT config gets its ratio to the first
    llama.cpp column)."""
    header, rule = "| type | n |", "|---|---:|"
    for c in columns:
        header += f" {c if c.startswith('QuantJIT') else 'llama.cpp ' + c} µs | GB/s | GFLOP/s |"
        rule += "---:|---:|---:|"
        if c != "QuantJIT":
            header += " ratio |" if c in llama_columns else f" vs {llama_columns[0] if llama_columns else '—'} |"
            rule += "---:|"
    print(header)
    print(rule)
    for t in types:
        for m in (1, a.rows):
            moved = weight_bytes(t, a.size) + 4 * m * a.size * 2
            flops = 2 * m * a.size * a.size
            value = {c: stat(samples[(c, t, m)]) for c in columns if samples.get((c, t, m))}
            line = f"| {t} | {m} |"
            for c in columns:
                if c not in value:
                    line += " — | — | — |" + ("" if c == "QuantJIT" else " — |")
                    continue
                us = value[c]
                line += f" {us:.1f} | {moved / us / 1e3:.1f} | {flops / us / 1e3:.1f} |"
                if c in llama_columns:
                    line += f" {us / value['QuantJIT']:.2f} |"
                elif c != "QuantJIT":
                    anchor = value.get(llama_columns[0]) if llama_columns else None
                    line += f" {anchor / us:.2f} |" if anchor else " — |"
            print(line)


def weight_bytes(type_name, size):
    """Bytes of a size × size GGUF weight (block bytes / values per block, as in ggml)."""
    blocks = {"Q4_0": (18, 32), "Q4_1": (20, 32), "Q5_0": (22, 32), "Q5_1": (24, 32), "Q8_0": (34, 32), "Q2_K": (84, 256),
              "Q3_K": (110, 256), "Q4_K": (144, 256), "Q5_K": (176, 256), "Q6_K": (210, 256), "IQ4_NL": (18, 32), "IQ4_XS": (136, 256)}
    block_bytes, values = blocks[type_name.upper()]
    return size * size // values * block_bytes


if __name__ == "__main__":
    main()
