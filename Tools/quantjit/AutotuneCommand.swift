import ArgumentParser
import CUDA
import Compiler
import Executor
import Foundation
import KernelIR
import Kernels
import Quantization

/// `quantjit autotune`: times every candidate config of one problem and stores the winner.
struct Autotune: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Autotune the tile config of one kernel problem and store the winner in the tuning database.",
        discussion: """
        Compiles every candidate config of the selected generator concurrently (through the
        compile cache) and checks each one's outputs against the default config's on the same
        random inputs, whose rotated weight copies exceed the caches. Then it samples the
        candidates round-robin — a warm-up round, then rounds of 3 calls each up to --repeats
        calls — so drifting machine load hits all alike, keeps each one's median, and stores
        the fastest in tuning.json, keyed by device, LLVM version, variant and M bucket. A
        config that fails to compile, check or run counts as infinitely slow. Example:
          quantjit autotune gemv --target cpu -m 1 -n 4096 -k 4096 --bits 4 --group-size 128
        """)

    @Argument(help: "Kernel family: dequantize, gemv or gemm.") var family: KernelFamily
    @Option(help: "Weight bit width (2, 3, 4 or 8).") var bits: Int = 4
    @Option(help: "Group size along K; -1 for one group per output channel.") var groupSize: Int = 128
    @Option(help: "Zero points: symmetric, v1 (GPTQ, stored minus one) or v2.") var zeroPoints: GPTQZeroPoints = .symmetric
    @Flag(help: "Act-order: rows map to groups through g_idx.") var actOrder = false
    @Option(help: "Activation and output dtype: f32 or f16.") var activation: String = "f32"
    @Option(help: "Target: cpu, cuda (the first GPU, PTX for its architecture) or an sm_* architecture.") var target: String = "cpu"
    @Option(name: .short, help: "Activation rows (1 for decode).") var m: Int = 1
    @Option(name: .short, help: "Output features.") var n: Int = 4096
    @Option(name: .short, help: "Input features.") var k: Int = 4096
    @Option(help: "Threads that run each CPU kernel (default: all cores).") var threads: Int?
    @Option(help: "Threads that compile candidates (default: all cores).") var compileThreads: Int?
    @Option(help: "Timed calls per CPU candidate: ⌈repeats/3⌉ round-robin rounds of 3 calls (10 launches on the GPU); the median is kept.")
    var repeats: Int = 30
    @Option(help: "MiB of rotated weight copies.") var workingSetMib: Int = 256
    @Option(help: "Cache directory (default: $QUANTJIT_CACHE_DIR, $XDG_CACHE_HOME/quantjit or ~/.cache/quantjit).")
    var cacheDir: String?
    @Flag(help: "Compile without the on-disk compile cache.") var noCompileCache = false
    @Flag(help: "Measure and print, but do not store the winner.") var dryRun = false

    func validate() throws {
        if !["f32", "f16"].contains(activation) { throw ValidationError("--activation must be f32 or f16, not '\(activation)'") }
        if m < 1 || n < 1 || k < 1 { throw ValidationError("-m, -n and -k must be positive") }
        if repeats < 1 { throw ValidationError("--repeats must be at least 1") }
        if target != "cpu" && target != "cuda" && !ExecutionTarget.allNames.contains(target) {
            throw ValidationError("--target must be cpu, cuda or one of \(ExecutionTarget.allNames.dropFirst().joined(separator: ", ")), not '\(target)'")
        }
    }

    func run() throws {
        let layout = GPTQLayout(bits: bits, groupSize: groupSize, zeroPoints: zeroPoints, actOrder: actOrder)
        let cache = noCompileCache ? nil : CompileCache(explicitDirectory: cacheDir)
        let rounds = (repeats + 2) / 3
        let progress: @Sendable (TuningProgress) -> Void = { p in
            switch p {
            case .compiled(let done, let of): progressLine("compiled \(done)/\(of)")
            case .timed(let round, let of): progressLine("timing round \(round)/\(of)")
            }
        }
        let start = Timing.now()
        let report: TuningReport
        if target == "cpu" {
            let request = KernelRequest(family: family, format: .gptq(layout), activation: activation == "f16" ? .f16 : .f32, target: .cpu)
            let problem = TuningProblem(request: request, m: family == .dequantize ? 1 : m, n: n, k: k)
            let options = CPUTuningOptions(threads: threads, compileThreads: compileThreads, rounds: rounds, callsPerRound: 3,
                                           workingSet: workingSetMib << 20)
            print("host: \(CPUCompiler.hostDescription), \(options.threads) run thread(s), \(options.compileThreads) compile thread(s), LLVM \(LLVMTargets.version)")
            print("problem: \(problem)")
            report = try CPUAutotune(compiler: CachedCPUCompiler(cache: cache), options: options).run(problem, progress: progress)
        } else {
            let devices = Result { try CUDA.devices() }
            guard let device = try? devices.get().first else {
                let reason = CUDA.unavailableReason ?? (try? devices.get()).map { _ in "no CUDA device" } ?? "\(devices)"
                FileHandle.standardError.write(Data("error: \(TuningError.gpuUnavailable(reason: reason))\n".utf8))
                throw ExitCode.failure
            }
            let arch = try target == "cuda" ? GPUArchitecture.named(device.computeCapability.smName) : GPUArchitecture.named(target)
            let request = KernelRequest(family: family, format: .gptq(layout), activation: activation == "f16" ? .f16 : .f32, target: .gpu(arch))
            let problem = TuningProblem(request: request, m: family == .dequantize ? 1 : m, n: n, k: k)
            let options = GPUTuningOptions(compileThreads: compileThreads, rounds: rounds, callsPerRound: 10, workingSet: workingSetMib << 20)
            print("device: \(device), PTX for \(arch.rawValue), LLVM \(LLVMTargets.version)")
            print("problem: \(problem)")
            let context = try CUDAContext(device: device)
            report = try GPUAutotune(compiler: CachedPTXCompiler(cache: cache), context: context, options: options).run(problem, progress: progress)
        }
        progressLine("", end: "")
        let total = Timing.now() - start
        printTable(report)
        let cacheNote = cache.map { c in let x = c.sessionCounters; return ", compile cache \(x.hits) hit(s) \(x.misses) miss(es)" } ?? ""
        print(String(format: "compile %.2f s (wall, concurrent), timing %.2f s, total %.2f s", report.outcome.compileWallSeconds,
                     report.outcome.timingWallSeconds, total) + cacheNote)
        guard let record = report.record() else {
            throw TuningError.noCandidateRan(variant: report.key.variant, failures: report.outcome.failures.map { "\($0.config.name(gpu: target != "cpu")): \($0.failure ?? "")" })
        }
        let speedup = record.defaultSeconds.map { String(format: "%.2f× the default", $0 / record.medianSeconds) } ?? "the default failed"
        print("winner: \(record.configName) — \(speedup)")
        if dryRun { return print("dry run: nothing stored") }
        let store = TuningStore(cacheDirectory: cacheDir)
        try store.update { $0.insert(record) }
        print("stored in \(store.url.path) under \(record.key)")
    }

    func printTable(_ r: TuningReport) {
        print("   variant                                              compile     median      GB/s  vs default")
        let base = r.defaultMeasurement.seconds
        for (i, (m, name)) in zip(r.outcome.measurements, r.variantNames).enumerated() {
            let mark = i == r.outcome.winnerIndex ? "*" : " "
            let label = name.padding(toLength: 52, withPad: " ", startingAt: 0)
            if let failure = m.failure {
                print(" \(mark) \(label) failed: \(failure)")
                continue
            }
            print(String(format: " %@ %@ %7.0f ms %8.1f µs %8.1f %9.2f×%@", mark, label, m.compileSeconds * 1e3, m.seconds * 1e6,
                         Double(r.bytesPerCall) / m.seconds / 1e9, base / m.seconds, i == 0 ? " (default)" : ""))
        }
    }
}

/// Rewrites one status line on standard error when it is a terminal (and stays quiet otherwise).
func progressLine(_ text: String, end: String = "") {
    guard isatty(2) != 0 else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K\(text)\(end)".utf8))
}
