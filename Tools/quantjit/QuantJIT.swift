import ArgumentParser
import Executor

@main
struct QuantJIT: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quantjit",
        abstract: "A kernel compiler and executor for quantized LLM inference.",
        discussion: """
        Kernels are generated per bit width, group size, zero-point scheme and tile config,
        compiled through LLVM for the host CPU (ORC JIT) or emitted as PTX for NVIDIA GPUs.
        """,
        subcommands: [ListKernels.self, DumpKIR.self, DumpIR.self, DumpPTX.self, Bench.self, BenchCompile.self, BenchGGUF.self, BenchW8A8.self, Inspect.self, Route.self, Run.self, Explain.self, Autotune.self, Cache.self]
    )
}
