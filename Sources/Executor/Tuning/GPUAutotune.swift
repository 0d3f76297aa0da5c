import CUDA
import Compiler
import Foundation
import Kernels

/// How the GPU autotuner measures.
public struct GPUTuningOptions: Sendable {
    /// Threads that generate PTX and load modules concurrently.
    public var compileThreads: Int
    /// Rounds of samples after one warm-up round; candidates are sampled round-robin.
    public var rounds: Int
    /// Launches per candidate per round, each timed by its own pair of events.
    public var callsPerRound: Int
    /// Bytes of rotated weight copies (several times the L2 cache).
    public var workingSet: Int
    public var checkOutputs: Bool

    public init(compileThreads: Int? = nil, rounds: Int = 20, callsPerRound: Int = 10, workingSet: Int = 512 << 20,
                checkOutputs: Bool = true) {
        self.compileThreads = max(1, compileThreads ?? ProcessInfo.processInfo.activeProcessorCount)
        self.rounds = max(1, rounds)
        self.callsPerRound = max(1, callsPerRound)
        self.workingSet = workingSet
        self.checkOutputs = checkOutputs
    }
}

/// Binds the pure ``Autotuner`` to GPU weight-only kernels: PTX from a (cached)
/// ``CachedPTXCompiler``, loaded by the driver's JIT, timed with CUDA events on rotated
/// device inputs (``GPUWeightOnlyInputs``), outputs checked against the default config's.
public struct GPUAutotune {
    public var registry: KernelRegistry
    public var compiler: CachedPTXCompiler
    public var context: CUDAContext
    public var options: GPUTuningOptions

    public init(registry: KernelRegistry = .standard, compiler: CachedPTXCompiler, context: CUDAContext, options: GPUTuningOptions) {
        self.registry = registry
        self.compiler = compiler
        self.context = context
        self.options = options
    }

    /// The tuning database's device id of a GPU: its name and architecture (`gpu-NVIDIA_H200-sm_90`).
    public static func deviceID(_ device: CUDADevice) -> String {
        deviceID(name: device.name, architecture: device.computeCapability.smName)
    }

    public static func deviceID(name: String, architecture: String) -> String {
        "gpu-\(String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" }))-\(architecture)"
    }

    public func run(_ problem: TuningProblem, progress: @Sendable (TuningProgress) -> Void = { _ in }) throws -> TuningReport {
        guard case .gpu(let gpu) = problem.request.target else { throw TuningError.wrongTarget(tuner: "GPU", target: "\(problem.request.target)") }
        let base = try registry.select(problem.request)
        let spec = try CPUAutotune.weightOnlySpec(base)
        let candidates = [base.config] + base.generator.candidateConfigs.filter { $0 != base.config }
        let inputs = try GPUWeightOnlyInputs(context: context, spec: spec, family: base.generator.family, m: problem.m,
                                             n: problem.n, k: problem.k, workingSet: options.workingSet)
        let generator = base.generator, compiler = self.compiler, context = self.context, options = self.options
        var reference: [Float]?
        let outcome = Autotuner.tune(
            candidates: candidates, threads: options.compileThreads,
            schedule: TuningSchedule(warmupRounds: 1, rounds: options.rounds),
            compile: { config in
                try generator.validate(config)
                let kernel = try generator.emit(config)
                let module = try CUDAModule(context: context, ptx: try compiler.ptx(kernel, gpu: gpu).text)
                return try module.function(named: kernel.name)
            },
            check: { config, function in
                guard options.checkOutputs else { return }
                let out = try inputs.output(function, config: config)
                if config == base.config { reference = out }
                else if let reference, let problem = CPUAutotune.mismatch(out, reference, f16: spec.activation == .f16) {
                    throw KernelConfigError(generator: base.entry, message: "wrong outputs: \(problem)")
                }
            },
            sample: { config, function in try inputs.sample(function, config: config, calls: options.callsPerRound) },
            progress: progress)
        return TuningReport(problem: problem, key: TuningKey(request: problem.request, entry: base.entry, m: problem.m,
                                                              device: Self.deviceID(context.device)),
                            entry: base.entry, variantNames: candidates.map(generator.variantName), outcome: outcome,
                            defaultConfig: base.config, bytesPerCall: inputs.bytesPerCall)
    }
}
