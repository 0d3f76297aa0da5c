import ArgumentParser
import Compiler
import Executor
import Foundation
import Kernels
import Quantization

struct BenchGGUF: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-gguf",
        abstract: "Benchmark the JIT GGUF GEMV and GEMM kernels against the machine's copy bandwidth.",
        discussion: """
        Times GEMV (m = 1) and GEMM (m = --rows) at n × k for each GGML type and strategy on
        random blocks, weights rotated beyond the caches; median of --repeats. Example:
          quantjit bench-gguf --threads 2 --types Q4_0,Q4_1,Q8_0,Q4_K,Q6_K
        With --json, stdout is one JSON object (host, threads, copy GB/s, rows) for scripts such
        as Tools/bench/gguf_side_by_side.py.
        """)

    @Option(help: "Comma-separated GGML types (default: every type with a JIT kernel).") var types: String?
    @Option(help: "Strategies: int8, fma or both.") var strategy: String = "both"
    @Option(name: .short, help: "Output features.") var n: Int = 4096
    @Option(name: .short, help: "Input features (a multiple of 256 for K-quants).") var k: Int = 4096
    @Option(help: "Activation rows of the GEMM.") var rows: Int = 512
    @Option(help: "Threads (default: all cores).") var threads: Int?
    @Option(help: "Timed repetitions (median reported).") var repeats: Int = 20
    @Option(help: "MiB of weight copies rotated through, so weights stream from memory.") var rotateMib: Int = 512
    @Option(help: "GEMV tile config to time instead of the default, e.g. m1n4u2 (tileM, tileN, unrollK[, s sweeps]).") var gemvConfig: String?
    @Option(help: "GEMM tile config to time instead of the default, e.g. m4n4u1s16.") var gemmConfig: String?
    @Flag(help: "Print one JSON object (host, threads, copy GB/s, rows) instead of a table.") var json = false

    func validate() throws {
        if n < 1 || k < 1 || rows < 1 || repeats < 1 || rotateMib < 0 {
            throw ValidationError("-n, -k, --rows and --repeats must be positive, --rotate-mib not negative")
        }
        if !["int8", "fma", "both"].contains(strategy) { throw ValidationError("--strategy must be int8, fma or both") }
        for c in [gemvConfig, gemmConfig].compactMap({ $0 }) where Self.tileConfig(c) == nil {
            throw ValidationError("tile config \(c) is not of the form m<rows>n<cols>u<unroll>[s<sweeps>]")
        }
    }

    /// Parses `m4n4u1` or `m4n4u1s16` (the form of ``GGUFTileConfig/description``).
    static func tileConfig(_ text: String) -> GGUFTileConfig? {
        guard let numbers = ConfigText.numbers(text, keys: "mnus") else { return nil }
        guard let m = numbers["m"], let n = numbers["n"], let u = numbers["u"], m > 0, n > 0, u > 0 else { return nil }
        return GGUFTileConfig(tileM: m, tileN: n, unrollK: u, sweepTiles: numbers["s"] ?? 0)
    }

    func run() throws {
        let threads = GridRunner(threads: self.threads).threads
        var selected = GGUFMatmulSpec.supportedTypes
        if let types {
            selected = try types.split(separator: ",").map { name in
                let known = GGUFMatmulSpec.supportedTypes + GGUFMatmulSpec.floatTypes
                guard let t = known.first(where: { $0.name.lowercased() == name.lowercased() }) else {
                    throw ValidationError("no JIT kernel for \(name); supported: \(known.map(\.name).joined(separator: ", "))")
                }
                return t
            }
        }
        let strategies: [GGUFStrategy] = strategy == "both" ? GGUFStrategy.allCases : [GGUFStrategy(rawValue: strategy)!]
        let copy = MemoryBandwidth(threads: threads).copyGBps()
        var bench = GGUFBenchmark(types: selected, strategies: strategies, n: n, k: k, gemmRows: rows, threads: threads, repeats: repeats,
                                  rotationBytes: rotateMib << 20)
        bench.gemvConfig = gemvConfig.flatMap(Self.tileConfig)
        bench.gemmConfig = gemmConfig.flatMap(Self.tileConfig)
        if !json {
            print("host: \(CPUCompiler.hostDescription), \(threads) thread\(threads == 1 ? "" : "s"), LLVM \(LLVMTargets.version)")
            print(String(format: "memory: STREAM-like copy %.1f GB/s", copy))
        }
        let results = try bench.run()
        if json {
            try ConfigText.printJSON(BenchReport(threads: threads, copyGBps: copy, rows: results))
        } else {
            print(GGUFBenchmark.table(results))
        }
    }
}
