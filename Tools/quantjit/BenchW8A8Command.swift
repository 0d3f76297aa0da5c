import ArgumentParser
import Compiler
import Executor
import Foundation
import Kernels

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
    @Option(help: "Also time the INT8 GEMV with this config, e.g. m1n1v16u2g1 (repeatable).") var gemvConfig: [String] = []
    @Option(help: "Also time the FP8-weight GEMV with this config, e.g. m1n4v16u2g1 (repeatable).") var fp8GemvConfig: [String] = []
    @Flag(help: "Print one JSON object (host, threads, copy GB/s, rows) instead of a table.") var json = false

    func validate() throws {
        if n < 1 || k < 1 || rows < 1 || repeats < 1 || rotateMib < 0 {
            throw ValidationError("-n, -k, --rows and --repeats must be positive, --rotate-mib not negative")
        }
        for (text, fp8) in gemvConfig.map({ ($0, false) }) + fp8GemvConfig.map({ ($0, true) }) {
            guard let c = Self.config(text) else { throw ValidationError("config \(text) is not of the form m1n<cols>v<lanes>u<unroll>g<group>") }
            do {
                if fp8 { try FP8WeightGEMV(spec: FP8WeightSpec(scaling: .perChannel)).validate(c) } else { try W8A8GEMV(spec: W8A8Spec()).validate(c) }
            } catch { throw ValidationError("\(error)") }
        }
    }

    /// Parses `m1n4v16u2g1` (the form of ``W8A8Config/description``).
    static func config(_ text: String) -> W8A8Config? {
        guard let numbers = ConfigText.numbers(text, keys: "mnvug"),
              let m = numbers["m"], let n = numbers["n"], let v = numbers["v"], let u = numbers["u"], let g = numbers["g"] else { return nil }
        return W8A8Config(tileM: m, tileN: n, vectorWidth: v, unrollK: u, groupN: g)
    }

    func run() throws {
        let threads = GridRunner(threads: self.threads).threads
        let copy = MemoryBandwidth(threads: threads).copyGBps()
        if !json {
            print("host: \(CPUCompiler.hostDescription), \(threads) thread\(threads == 1 ? "" : "s"), LLVM \(LLVMTargets.version)")
            print(String(format: "memory: STREAM-like copy %.1f GB/s (median of 10, 256 MiB)", copy))
        }
        var bench = W8A8Benchmark(n: n, k: k, gemmRows: rows, threads: threads, repeats: repeats, workingSet: rotateMib << 20)
        bench.extraGEMVConfigs = gemvConfig.compactMap(Self.config)
        bench.extraFP8GEMVConfigs = fp8GemvConfig.compactMap(Self.config)
        let results = try bench.run()
        if json {
            try ConfigText.printJSON(BenchReport(threads: threads, copyGBps: copy, rows: results))
        } else {
            print(W8A8Benchmark.table(results))
        }
    }
}
