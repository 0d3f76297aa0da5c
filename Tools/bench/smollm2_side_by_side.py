#!/usr/bin/env python3
"""SmolLM2-135M Q4_1: prompt and generation tokens/s of llama.cpp and of `quantjit run`, in
one run, on the same thread count and the same prompt.

llama.cpp comes from llama-cpp-python (0.3.36 was used; built from source, see
Tools/fixtures/gguf/README.md); LLAMA_CPP_LIB_PATH=DIR makes it load libllama and ggml from DIR
instead of its wheel (e.g. a -DGGML_NATIVE=ON build, Tools/bench/gguf/README.md). Run with the
Python that has it:

    /path/to/venv/bin/python Tools/bench/smollm2_side_by_side.py --threads 2

Each side runs `--repeats` times; medians are printed. Greedy decoding throughout.
"""
import argparse, os, re, statistics, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSAGE = (
    "A small language model with one hundred and thirty-five million parameters can run on "
    "a laptop, answering questions, writing short poems and summarizing documents. Yet the "
    "same principles still apply: measure carefully, keep a simple reference implementation, "
    "and compare every optimized version against it. When the numbers agree, we can trust "
    "the fast path; when they do not, the reference tells us exactly where to look. In the "
    "end, good engineering is less about clever tricks than about patience, clear names, and "
    "tests that fail for the right reasons. A compiler that nobody can read will not be "
    "trusted for long, and a kernel that nobody can check will not stay fast."
)


def llama_cpp_run(model, threads, prompt_tokens, generate):
    from llama_cpp import Llama
    llm = Llama(model_path=model, n_ctx=1024, n_batch=512, n_threads=threads, n_threads_batch=threads,
                verbose=False, seed=0)
    ids = llm.tokenize(PASSAGE.encode(), add_bos=True, special=True)[:prompt_tokens]
    llm.reset()
    start = time.perf_counter()
    llm.eval(ids)
    prompt_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(generate):
        token = llm.sample(top_k=1, temp=0)
        llm.eval([token])
    gen_s = time.perf_counter() - start
    text = llm.detokenize(ids[1:]).decode("utf-8", "replace")
    return len(ids) / prompt_s, generate / gen_s, text


def quantjit_run(binary, model, threads, text, generate):
    out = subprocess.run([binary, "run", model, "--prompt", text, "-n", str(generate), "--threads", str(threads)],
                         capture_output=True, text=True, check=True)
    m = re.search(r"prompt: (\d+) tokens, ([\d.]+) tokens/s \| generation: (\d+) tokens, ([\d.]+) tokens/s", out.stderr)
    if not m:
        sys.exit("unexpected quantjit output:\n" + out.stderr)
    return int(m.group(1)), float(m.group(2)), int(m.group(3)), float(m.group(4))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=os.path.join(ROOT, "models", "SmolLM2-135M-Instruct.Q4_1.gguf"))
    p.add_argument("--quantjit", default=os.path.join(ROOT, ".build", "release", "quantjit"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--prompt-tokens", type=int, default=128)
    p.add_argument("--generate", type=int, default=64)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    import llama_cpp
    rows = {"llama.cpp": ([], []), "quantjit": ([], [])}
    counts = None
    for _ in range(a.repeats):  # interleaved, so both see the same machine load
        pp, tg, text = llama_cpp_run(a.model, a.threads, a.prompt_tokens, a.generate)
        rows["llama.cpp"][0].append(pp)
        rows["llama.cpp"][1].append(tg)
        n_prompt, qpp, n_gen, qtg = quantjit_run(a.quantjit, a.model, a.threads, text, a.generate)
        rows["quantjit"][0].append(qpp)
        rows["quantjit"][1].append(qtg)
        counts = (n_prompt, n_gen)
    print(f"SmolLM2-135M-Instruct Q4_1, {a.threads} threads, prompt {a.prompt_tokens} tokens "
          f"(quantjit counted {counts[0]}), {a.generate} generated, medians of {a.repeats}, "
          f"llama-cpp-python {llama_cpp.__version__}, libraries from "
          f"{os.environ.get('LLAMA_CPP_LIB_PATH', 'the wheel')}; load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("llama.cpp system info: " + llama_cpp.llama_print_system_info().decode().strip())
    print("| engine | prompt tokens/s | generation tokens/s |")
    print("|---|---:|---:|")
    for name, (pp, tg) in rows.items():
        print(f"| {name} | {statistics.median(pp):.1f} | {statistics.median(tg):.1f} |")


if __name__ == "__main__":
    main()
