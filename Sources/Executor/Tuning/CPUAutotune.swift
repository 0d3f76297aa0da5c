import Compiler
import Foundation
import KernelIR
import Kernels

/// How the CPU autotuner measures.
public struct CPUTuningOptions: Sendable {
    /// Threads that run each kernel (the grid runner's).
    public var threads: Int
    /// Threads that compile candidates concurrently.
    public var compileThreads: Int
    /// Rounds of samples (after one warm-up round); candidates are sampled round-robin.
    public var rounds: Int
    /// Calls per candidate per round; a candidate's time is the median of its
    /// `rounds × callsPerRound` timed calls.
    public var callsPerRound: Int
    /// Bytes of rotated weight copies (beyond the last-level cache).
    public var workingSet: Int
    /// Rejects a candidate whose outputs differ from the default config's.
    public var checkOutputs: Bool

    public init(threads: Int? = nil, compileThreads: Int? = nil, rounds: Int = 10, callsPerRound: Int = 3,
                workingSet: Int = 256 << 20, checkOutputs: Bool = true) {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        self.threads = GridRunner(threads: threads).threads
        self.compileThreads = max(1, compileThreads ?? cores)
        self.rounds = max(1, rounds)
        self.callsPerRound = max(1, callsPerRound)
        self.workingSet = workingSet
        self.checkOutputs = checkOutputs
    }
}

/// Binds the pure ``Autotuner`` to CPU weight-only kernels: candidates from the selected
/// generator, compilation through a (cached) ``CachedCPUCompiler``, timing on shared rotated
/// inputs (``WeightOnlyInputs``), and an output check against the default config.
public struct CPUAutotune {
    public var registry: KernelRegistry
    public var compiler: CachedCPUCompiler
    public var options: CPUTuningOptions

    public init(registry: KernelRegistry = .standard, compiler: CachedCPUCompiler, options: CPUTuningOptions) {
        self.registry = registry
        self.compiler = compiler
        self.options = options
    }

    public func run(_ problem: TuningProblem, progress: @Sendable (TuningProgress) -> Void = { _ in }) throws -> TuningReport {
        guard problem.request.target == .cpu else { throw TuningError.wrongTarget(tuner: "CPU", target: "\(problem.request.target)") }
        let base = try registry.select(problem.request)
        let spec = try Self.weightOnlySpec(base)
        let candidates = [base.config] + base.generator.candidateConfigs.filter { $0 != base.config }
        let inputs = try WeightOnlyInputs(spec: spec, family: base.generator.family, m: problem.m, n: problem.n, k: problem.k,
                                          workingSet: options.workingSet)
        let runner = GridRunner(threads: options.threads)
        let generator = base.generator, compiler = self.compiler
        var reference: [Float]?
        let outcome = Autotuner.tune(
            candidates: candidates, threads: options.compileThreads,
            schedule: TuningSchedule(warmupRounds: 1, rounds: options.rounds),
            compile: { config in
                try generator.validate(config)
                return try compiler.compile(try generator.emit(config))
            },
            check: { config, kernel in
                guard options.checkOutputs else { return }
                let out = try inputs.output(kernel, config: config, runner: runner)
                if config == base.config { reference = out }
                else if let reference, let problem = Self.mismatch(out, reference, f16: spec.activation == .f16) {
                    throw KernelConfigError(generator: base.entry, message: "wrong outputs: \(problem)")
                }
            },
            sample: { config, kernel in
                try inputs.sample(kernel, config: config, runner: runner, calls: options.callsPerRound)
            },
            progress: progress)
        return TuningReport(problem: problem, key: TuningKey(request: problem.request, entry: base.entry, m: problem.m,
                                                              device: compiler.target.deviceID),
                            entry: base.entry, variantNames: candidates.map(generator.variantName), outcome: outcome,
                            defaultConfig: base.config, bytesPerCall: inputs.bytesPerCall)
    }

    /// The weight format a selection's generator reads (the autotuners make inputs for
    /// GPTQ weight-only generators only).
    static func weightOnlySpec(_ s: Selection) throws -> WeightOnlySpec {
        switch s.generator {
        case let g as GPTQGEMV: return g.spec
        case let g as GPTQGEMM: return g.spec
        case let g as GPTQDequantize: return g.spec
        default: throw KernelConfigError(generator: s.entry, message: "the autotuner has no inputs for this generator")
        }
    }

    /// Describes the first output that differs beyond summation-order noise, or nil.
    static func mismatch(_ a: [Float], _ b: [Float], f16: Bool) -> String? {
        guard a.count == b.count else { return "\(a.count) outputs, expected \(b.count)" }
        let scale = max(1, b.reduce(0) { max($0, abs($1)) })
        let tolerance = (f16 ? 4e-3 : 1e-4) * scale
        for i in a.indices where !(abs(a[i] - b[i]) <= tolerance) {
            return "output \(i) is \(a[i]), the default config gives \(b[i])"
        }
        return nil
    }
}
