import ArgumentParser
import Compiler
import Executor
import Foundation

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark a CPU weight-only kernel against the machine's measured memory bandwidth.",
        discussion: """
        Runs the kernel on random data whose rotated copies exceed the caches, with a STREAM-like
        copy on the same thread count after every timed call (the same load for both). Prints the median time, GB/s, GFLOP/s and the
        fraction of the copy bandwidth. Example:
          quantjit bench gemv --bits 4 --group-size 128 -n 4096 -k 4096 --threads 2
        """)

    @OptionGroup var kernel: KernelOptions
    @Option(name: .short, help: "Activation rows (1 for decode).") var m: Int = 1
    @Option(name: .short, help: "Output features.") var n: Int = 4096
    @Option(name: .short, help: "Input features.") var k: Int = 4096
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Timed repetitions (median reported).") var repeats: Int = 50
    @Flag(help: "Benchmark every candidate config of the selected generator.") var allConfigs = false

    func validate() throws {
        if kernel.target != "cpu" { throw ValidationError("bench runs CPU kernels; GPU benchmarks need the CUDA backend") }
        if m < 1 || n < 1 || k < 1 { throw ValidationError("-m, -n and -k must be positive") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
    }

    func run() throws {
        let threads = GridRunner(threads: self.threads).threads
        print("host: \(CPUCompiler.hostDescription), \(threads) thread\(threads == 1 ? "" : "s"), LLVM \(LLVMTargets.version)")
        let memory = MemoryBandwidth(threads: threads)
        print(String(format: "memory: STREAM-like copy %.1f GB/s before the kernels (median of 10, 256 MiB)", memory.copyGBps()))
        let base = try kernel.selection()
        var selections = [base]
        if allConfigs {
            selections = base.generator.candidateConfigs.map { var s = base; s.config = $0; return s }
        }
        print("shape: M=\(m) N=\(n) K=\(k)")
        print("variant                                              compile    median       min       GB/s  GFLOP/s   copy GB/s  of copy")
        for s in selections {
            // A copy sample after every timed call: the fraction compares like with like.
            let memory = MemoryBandwidth(threads: threads)
            let r = try WeightOnlyBenchmark(selection: s, m: m, n: n, k: k, threads: threads, repeats: repeats)
                .run { memory.sample() }
            let copy = memory.medianGBps
            print(String(format: "%@ %7.1f ms %7.1f µs %7.1f µs %8.1f %8.1f %10.1f %7.1f%%",
                         r.variant.padding(toLength: 52, withPad: " ", startingAt: 0), r.compileSeconds * 1e3,
                         r.medianSeconds * 1e6, r.minSeconds * 1e6, r.gbps, r.gflops, copy, 100 * r.gbps / copy))
        }
    }
}
