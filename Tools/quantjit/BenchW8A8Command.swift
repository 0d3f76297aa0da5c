import ArgumentParser
import Compiler
import Executor
import Foundation

struct BenchW8A8: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-w8a8",
        abstract: "Benchmark the CPU INT8 W8A8 (VNNI) GEMV and GEMM beside the machine's copy bandwidth.",
        discussion: """
            Example: quantjit bench-w8a8 -n 4096 -k 4096 --rows 512 --threads 2

            The GEMVs read their weights from copies spanning --rotate-mib, so they stream from
            memory as in decoding. With --json, stdout is one JSON object (host, threads, copy GB/s,
            rows) for scripts such as Tools/bench/w8a8_cpu_side_by_side.py.
            """)

    @Option(name: .short, help: "Output features.") var n: Int = 4096
    @Option(name: .short, help: "Input features.") var k: Int = 4096
    @Option(help: "Activation rows of the GEMM.") var rows: Int = 512
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Timed repetitions (median reported).") var repeats: Int = 20
    @Option(help: "MiB of GEMV weight copies rotated through (at most 64 copies).") var rotateMib: Int = 256
    @Flag(help: "Print one JSON object (host, threads, copy GB/s, rows) instead of a table.") var json = false

    /// What `--json` prints.
    struct Report: Encodable {
        var host: String
        var llvm: String
        var threads: Int
        var copyGBps: Double
        var rows: [W8A8Benchmark.Result]
    }

    func validate() throws {
        if n < 1 || k < 1 || rows < 1 || repeats < 1 || rotateMib < 0 {
            throw ValidationError("-n, -k, --rows and --repeats must be positive, --rotate-mib not negative")
        }
    }

    func run() throws {
        let threads = GridRunner(threads: self.threads).threads
        let copy = MemoryBandwidth(threads: threads).copyGBps()
        if !json {
            print("host: \(CPUCompiler.hostDescription), \(threads) thread\(threads == 1 ? "" : "s"), LLVM \(LLVMTargets.version)")
            print(String(format: "memory: STREAM-like copy %.1f GB/s (median of 10, 256 MiB)", copy))
        }
        let results = try W8A8Benchmark(n: n, k: k, gemmRows: rows, threads: threads, repeats: repeats, workingSet: rotateMib << 20).run()
        if json {
            let report = Report(host: CPUCompiler.hostDescription, llvm: LLVMTargets.version, threads: threads, copyGBps: copy, rows: results)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(W8A8Benchmark.table(results))
        }
    }
}
