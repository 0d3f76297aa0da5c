import ArgumentParser
import Compiler
import Executor
import Foundation

struct BenchW8A8: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-w8a8",
        abstract: "Benchmark the CPU INT8 W8A8 (VNNI) GEMV and GEMM beside the machine's copy bandwidth.",
        discussion: "Example: quantjit bench-w8a8 -n 4096 -k 4096 --rows 512 --threads 2")

    @Option(name: .short, help: "Output features.") var n: Int = 4096
    @Option(name: .short, help: "Input features.") var k: Int = 4096
    @Option(help: "Activation rows of the GEMM.") var rows: Int = 512
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Timed repetitions (median reported).") var repeats: Int = 20

    func validate() throws {
        if n < 1 || k < 1 || rows < 1 || repeats < 1 { throw ValidationError("-n, -k, --rows and --repeats must be positive") }
    }

    func run() throws {
        let threads = GridRunner(threads: self.threads).threads
        print("host: \(CPUCompiler.hostDescription), \(threads) thread\(threads == 1 ? "" : "s"), LLVM \(LLVMTargets.version)")
        print(String(format: "memory: STREAM-like copy %.1f GB/s (median of 10, 256 MiB)", MemoryBandwidth(threads: threads).copyGBps()))
        let results = try W8A8Benchmark(n: n, k: k, gemmRows: rows, threads: threads, repeats: repeats).run()
        print(W8A8Benchmark.table(results))
    }
}
