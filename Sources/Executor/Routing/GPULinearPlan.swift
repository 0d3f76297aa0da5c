import Checkpoint
import Compiler
import KernelIR
import Kernels
import Quantization

/// The GPU kernels one linear module of a checkpoint is routed to: the load-time repack (if
/// its layout is not the one the kernels read), the activation quantizer (W8A8), the decode
/// kernel (M ≤ 16) and the prefill kernel (larger M), each with its variant name and a way to
/// emit it, so that the executor can JIT-compile every variant a model needs to PTX at load.
///
/// ``GPULinear`` (weight-only routes) and ``GPUW8A8Linear`` (W8A8 routes) run a plan's kernels
/// for one module; the self-test's `executor-routes` checks them on the GPU. A whole-model GPU
/// runner does not exist yet. Shape-dependent W8A8 schedules (split-K, waves) are listed for a
/// 132-SM GPU (the H200); ``GPUW8A8Linear`` picks for its device's SM count and compiles any other
/// variant at first use.
public struct GPULinearPlan: Hashable, Sendable, CustomStringConvertible {
    /// One kernel of the plan.
    public struct Stage: Hashable, Sendable {
        /// When it runs: `load: repack`, `activations`, `M ≤ 16` (or, where the decode kernel's
        /// variant changes with M, `M ≤ 8` and `9 ≤ M ≤ 16`), `M > 16` (on sm_90a W8A8:
        /// `16 < M < 1024` and `M ≥ 1024`).
        public var role: String
        public var variant: String
        /// The PTX ISA version (×10) the variant needs.
        public var ptx: Int
        let emitter: Emitter

        /// Emits the stage's KIR.
        public func emit() throws -> Kernel { try emitter.emit() }

        public static func == (a: Stage, b: Stage) -> Bool { a.role == b.role && a.variant == b.variant && a.ptx == b.ptx }
        public func hash(into h: inout Hasher) { h.combine(role); h.combine(variant); h.combine(ptx) }
    }

    /// A closure that emits a kernel (boxed so that stages stay values).
    struct Emitter: @unchecked Sendable {
        let emit: () throws -> Kernel
    }

    /// What the kernels compute on, for the layer that runs them (``GPULinear``).
    public enum Computation: Hashable, Sendable {
        /// GPTQ-layout weights: as stored, repacked by the kernel (`repack`), or repacked on the host.
        case weightOnly(GPTQLayout, repack: RepackSource?, hostRepack: Bool)
        /// FP8 weights repacked for the W8A16 GEMV.
        case fp8WeightOnly(RepackSource)
        /// 8-bit activations quantized at run time, then the W8A8 GEMM.
        case w8a8(ActivationQuantSpec, W8A8GPUSpec)
    }

    public var gpu: GPUArchitecture
    /// The activation and output element type of the plan's matmul kernels: `.f16` (every route)
    /// or `.bf16` (integer weight-only routes: the decode GEMV at M ≤ 16 where it serves the
    /// shape, the tensor-core GEMMs above for 4-bit weights (3-bit ones widened to 4) and, on
    /// sm_90a, the wgmma GEMM for 2- and 8-bit weights too; 2- and 8-bit weights off sm_90a and
    /// weight-only FP8 (the W8A16 GEMV) have no bf16 prefill kernel, so their bf16 plans serve
    /// M ≤ 16 only and say so in ``notes``).
    public var activation: ScalarType = .f16
    public var computation: Computation
    /// What computes, in words.
    public var summary: String
    public var stages: [Stage]
    /// What the plan does not cover (e.g. prefill without FP8 tensor cores).
    public var notes: [String]

    public var description: String {
        var s = "\(gpu.rawValue): \(summary)"
        for n in notes { s += "; \(n)" }
        return s
    }

    /// The plan of `module` for `activation` (`.f16` or `.bf16`) activations and outputs on `gpu`;
    /// throws ``RoutingError/unsupported(module:reason:)`` where there is none.
    public static func plan(_ module: ResolvedModule, gpu: GPUArchitecture, activation: ScalarType = .f16) throws -> GPULinearPlan {
        guard let scheme = module.scheme else { throw RoutingError.unsupported(module: module.name, reason: "not quantized") }
        switch make(scheme: scheme, n: module.n, k: module.k, gpu: gpu, activation: activation) {
        case .success(let plan): return plan
        case .failure(let failure): throw RoutingError.unsupported(module: module.name, reason: failure.reason)
        }
    }

    /// The plan of `module` (scheme `scheme`, `n × k`) on `gpu`, or why there is none.
    static func make(scheme s: QuantScheme, n: Int, k: Int, gpu: GPUArchitecture,
                     activation: ScalarType = .f16) -> Result<GPULinearPlan, RoutingFailure> {
        if activation != .f16 {
            guard activation == .bf16 else { return .failure(RoutingFailure("\(activation.name) activations: the GPU routes take f16 or bf16")) }
            if s.valueType == .float8E4M3FN && s.activation.type == .none { return fp8WeightOnly(s, n: n, k: k, gpu: gpu, activation: activation) }
            let integer = (s.valueType == .signedInt || s.valueType == .unsignedInt) && s.activation.type == .none
            guard integer else {
                return .failure(RoutingFailure("bf16 activations: only weight-only routes (integer, FP8 W8A16) have bf16 GPU kernels (W8A8 routes take f16)"))
            }
            return weightOnly(s, n: n, k: k, gpu: gpu, activation: activation)
        }
        switch s.valueType {
        case .float8E4M3FN: return fp8(s, n: n, k: k, gpu: gpu)
        case .signedInt where s.bits == 8 && s.layout == .unpacked && s.activation.type == .int8: return int8(s, n: n, k: k, gpu: gpu)
        case .signedInt where s.activation.type == .none, .unsignedInt where s.activation.type == .none: return weightOnly(s, n: n, k: k, gpu: gpu)
        default: return .failure(RoutingFailure("\(s.bits)-bit \(s.valueType.rawValue) weights with \(s.activation.type.rawValue) activations have no GPU kernel"))
        }
    }

    /// Prefill rows used to pick the large-M variant.
    static let prefillRows = 4096

    static func weightOnly(_ s: QuantScheme, n: Int, k: Int, gpu: GPUArchitecture,
                           activation: ScalarType = .f16) -> Result<GPULinearPlan, RoutingFailure> {
        var stages: [Stage] = [], layout: GPTQLayout, notes: [String] = []
        var summary = "", repack: RepackSource?, hostRepack = false
        let source = Result { () throws(RepackError) -> RepackSource in try RepackSource(scheme: s) }
            .flatMap { source -> Result<RepackSource, RepackError> in
                source.validate(n: n, k: k).map { .failure(.unsupported($0)) } ?? .success(source)
            }
        if let direct = s.gptqLayout, !direct.actOrder, RepackSource.targetBits(forSourceBits: direct.bits) == direct.bits {
            layout = direct
        } else if case .success(let source) = source {
            layout = source.target
            repack = source
            stages.append(repackStage(source, gpu: gpu))
            summary = "repacked at load (\(source)\(source.actOrder ? ", activations permuted by g_idx" : "")\(source.wideningNote.map { "; \($0)" } ?? "")), then "
        } else if let direct = s.gptqLayout {
            // GPTQ the repack cannot serve (a shape it rejects): the registry's kernel reads it as stored, g_idx included.
            layout = direct
        } else if case .failure(let error) = source {
            // Layouts the repack kernel does not read (naive int, per-tensor scales): the scalar
            // host repack of the CPU route (``UnpackedWeight/gptqWeight(layout:signedCodes:)``).
            guard case .weightOnly(let hostLayout, _) = LinearRouter.weightOnlyRoute(s) else { return .failure(RoutingFailure("\(error)")) }
            layout = hostLayout
            hostRepack = true
            summary = "repacked on the host at load (the repack kernel: \(error)), then "
        } else {
            preconditionFailure("a repack source either succeeds or fails")
        }
        do {
            let decode = try GPUWeightOnlyKernel.choose(layout: layout, m: 1, n: n, k: k, gpu: gpu, activation: activation)
            // bf16 prefill: 4-bit everywhere, 2- and 8-bit on sm_90a (the wgmma GEMM); other bf16 plans
            // stop at M ≤ 16 (the decode GEMV) and say so.
            var prefill: GPUWeightOnlyKernel? = nil
            do {
                prefill = try GPUWeightOnlyKernel.choose(layout: layout, m: prefillRows, n: n, k: k, gpu: gpu, activation: activation)
            } catch {
                guard case .decodeGEMV = decode, activation == .bf16 else { throw error }
            }
            stages += try decodeStages { m in
                let d = try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: n, k: k, gpu: gpu, activation: activation)
                return (d.variantName, d.ptxVersion(gpu), Emitter(emit: d.emit))
            }
            summary += "weight-only \(WeightFormat.gptq(layout)) × \(activation.name) activations: \(decode.kind)"
            if let prefill {
                stages.append(Stage(role: "M > 16", variant: prefill.variantName, ptx: prefill.ptxVersion(gpu), emitter: Emitter(emit: prefill.emit)))
                summary += "; \(prefill.kind)"
            } else {
                notes.append("bf16: no GPU GEMM serves \(WeightFormat.gptq(layout)) with bf16 activations at this shape on \(gpu.rawValue) "
                    + "(the wgmma GEMM on sm_90a takes 2-, 4- and 8-bit weights, the mma.sync GEMM 4-bit): M > 16 is not served")
            }
            if case .decodeGEMV = decode {} else if activation == .bf16 {
                let gemv = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .bf16, convention: .gpu))
                let c = gemv.preferredConfig(m: 1, n: n, k: k)
                var why = "not chosen"
                do { try gemv.validate(c); why = gemv.unsupportedShape(m: 1, n: n, k: k, config: c) ?? why } catch { why = "\(error)" }
                notes.append("bf16: the decode GEMV does not serve this module (\(why)); M ≤ 16 runs the tensor-core GEMM (latency-bound there)")
            }
        } catch {
            return .failure(RoutingFailure("\(error)"))
        }
        var plan = GPULinearPlan(gpu: gpu, computation: .weightOnly(layout, repack: repack, hostRepack: hostRepack),
                                 summary: summary, stages: stages, notes: notes)
        plan.activation = activation
        return .success(plan)
    }

    /// The decode stages (M ≤ 16): one per run of M that takes the same variant (`M ≤ 16` when
    /// one serves every M; e.g. `M ≤ 8` and `9 ≤ M ≤ 16` for kernels with 8- and 16-row schedules),
    /// so that a plan lists every kernel its layer can run.
    static func decodeStages(_ variant: (Int) throws -> (name: String, ptx: Int, emitter: Emitter)) rethrows -> [Stage] {
        var stages: [Stage] = [], first = 1
        var current = try variant(1)
        for m in 2...17 {
            let next = m <= 16 ? try variant(m) : nil
            if next?.name == current.name { continue }
            let role = first == 1 ? "M ≤ \(m - 1)" : "\(first) ≤ M ≤ \(m - 1)"
            stages.append(Stage(role: role, variant: current.name, ptx: current.ptx, emitter: current.emitter))
            if let next { current = next; first = m }
        }
        return stages
    }

    static func repackStage(_ source: RepackSource, gpu: GPUArchitecture) -> Stage {
        let g = GPTQRepack(source: source, convention: .gpu), c = g.defaultConfig
        return Stage(role: "load: repack", variant: g.variantName(c), ptx: gpu.minimumPTX, emitter: Emitter { try g.emit(c) })
    }

    static func int8(_ s: QuantScheme, n: Int, k: Int, gpu: GPUArchitecture) -> Result<GPULinearPlan, RoutingFailure> {
        if s.zeroPoints != .none { return .failure(RoutingFailure("int8 W8A8 needs symmetric weights")) }
        let a = s.activation
        guard let scaling = LinearRouter.int8ActivationScaling(a) else { return .failure(RoutingFailure(LinearRouter.int8ActivationRefusal(a))) }
        // Per-tensor activation scales (and zero points) are read once in the GEMM's epilogue.
        let quantizer = ActivationQuantSpec(target: .int8, scaling: scaling, symmetric: a.symmetric, input: .f16, convention: .gpu)
        let perTensor = scaling == .staticPerTensor || scaling == .dynamicPerTensor
        let spec = W8A8GPUSpec(operand: .int8, scaling: perTensor ? .tensorChannel : .channelToken, activationZeroPoint: !a.symmetric)
        return .success(w8a8Plan(quantizer: quantizer, spec: spec, n: n, k: k, gpu: gpu,
                                 summary: "int8 W8A8 on tensor cores: activations \(quantizer.scalingName) \(a.symmetric ? "sym" : "asym") int8 × per-channel int8 weights"))
    }

    static func fp8(_ s: QuantScheme, n: Int, k: Int, gpu: GPUArchitecture) -> Result<GPULinearPlan, RoutingFailure> {
        guard s.layout == .unpacked else { return .failure(RoutingFailure("FP8 weights must be stored one value per byte")) }
        // No FP8 tensor cores: weights repacked for the W8A16 decode GEMV.
        guard gpu != .sm_80 else { return fp8WeightOnly(s, n: n, k: k, gpu: gpu) }
        let scaling: W8A8GPUSpec.Scaling, quantizer: ActivationQuantSpec.Scaling
        switch s.granularity {
        case .block(let r, let c) where r == 128 && c == 128:
            guard k % 128 == 0 else {
                return .failure(RoutingFailure("128×128-block FP8 needs K divisible by 128 for its per-token-group activation scales (K = \(k))"))
            }
            scaling = .block128
            quantizer = .dynamicPerTokenGroup(128)
        case .perTensor where s.activation.granularity == .perTensor:
            scaling = .perTensor
            quantizer = s.activation.dynamic ? .dynamicPerTensor : .staticPerTensor
        case .perTensor, .perChannel, .group(-1):
            scaling = s.activation.granularity == .perTensor ? .tensorChannel : .channelToken
            quantizer = s.activation.granularity == .perTensor ? (s.activation.dynamic ? .dynamicPerTensor : .staticPerTensor) : .dynamicPerToken
        default:
            return .failure(RoutingFailure("FP8 weight scales \(s.granularity) have no GPU kernel (per-tensor, per-channel, 128×128 blocks)"))
        }
        let q = ActivationQuantSpec(target: .fp8e4m3, scaling: quantizer, input: .f16, convention: .gpu)
        let spec = W8A8GPUSpec(operand: .fp8e4m3, scaling: scaling)
        var summary = "FP8 W8A8 on tensor cores: activations \(q.scalingName) e4m3 × \(s.granularity == .perTensor ? "per-tensor" : scaling == .block128 ? "128×128-block" : "per-channel") e4m3 weights"
        if s.activation.type == .none { summary += " (a weight-only FP8 checkpoint: activations quantized at run time to use the FP8 tensor cores)" }
        return .success(w8a8Plan(quantizer: q, spec: spec, n: n, k: k, gpu: gpu, summary: summary))
    }

    /// Weight-only FP8 on the W8A16 decode GEMV (weights repacked at load): sm_80 (no FP8 tensor
    /// cores) with f16, and every GPU with bf16 (the W8A8 routes quantize f16 activations). No
    /// W8A16 prefill kernel yet: M > 16 is not served.
    static func fp8WeightOnly(_ s: QuantScheme, n: Int, k: Int, gpu: GPUArchitecture,
                              activation: ScalarType = .f16) -> Result<GPULinearPlan, RoutingFailure> {
        let source: RepackSource
        do { source = try RepackSource(scheme: s) } catch { return .failure(RoutingFailure("\(error)")) }
        if let problem = source.validate(n: n, k: k) { return .failure(RoutingFailure(problem)) }
        let decode: [Stage]
        do {
            decode = try decodeStages { m in
                let d = try GPUWeightOnlyKernel.chooseFP8(m: m, n: n, k: k, activation: activation)
                return (d.variantName, d.ptxVersion(gpu), Emitter(emit: d.emit))
            }
        } catch { return .failure(RoutingFailure("\(error)")) }
        let stages = [repackStage(source, gpu: gpu)] + decode
        let why = gpu == .sm_80 ? "no FP8 tensor cores on sm_80" : "the FP8 W8A8 GEMMs take f16 activations"
        var plan = GPULinearPlan(gpu: gpu, computation: .fp8WeightOnly(source),
                                 summary: "weight-only FP8 (W8A16): e4m3 weights → \(activation.name) in registers × \(activation.name) activations",
                                 stages: stages, notes: ["\(why) and no W8A16 prefill kernel yet: M > 16 is not served"])
        plan.activation = activation
        return .success(plan)
    }

    static func w8a8Plan(quantizer: ActivationQuantSpec, spec: W8A8GPUSpec, n: Int, k: Int, gpu: GPUArchitecture, summary: String) -> GPULinearPlan {
        let q = ActivationQuantize(spec: quantizer), qc = q.defaultConfig
        var stages = [Stage(role: "activations", variant: q.variantName(qc), ptx: gpu.minimumPTX, emitter: Emitter { try q.emit(qc) })]
        if quantizer.scaling == .dynamicPerTensor {
            stages.append(Stage(role: "activations (range pass)", variant: q.variantName(qc) + "_range", ptx: gpu.minimumPTX,
                                emitter: Emitter { try q.emitRangePass(qc) }))
        }
        let g = W8A8GPUGEMM(spec: spec), ptx = max(spec.minimumPTX, gpu.minimumPTX)
        let prefill = g.config(m: prefillRows, n: n, k: k)
        stages += decodeStages { m in
            switch W8A8GPUKernelChoice.pick(spec, m: m, n: n, k: k, hopper: gpu == .sm_90a) {
            case .decode(let d, let c): return (d.variantName(c), ptx, Emitter { try d.emit(c) })
            default:
                let decode = g.config(m: m, n: n, k: k)
                return (g.variantName(decode), ptx, Emitter { try g.emit(decode) })
            }
        }
        // On Hopper (sm_90a) large M takes the wgmma GEMM where it serves the spec and shape.
        if case .wgmma(let w, let c) = W8A8GPUKernelChoice.pick(spec, m: prefillRows, n: n, k: k, hopper: gpu == .sm_90a) {
            stages.append(Stage(role: "16 < M < \(W8A8GPUKernelChoice.wgmmaMinimumRows)", variant: g.variantName(prefill), ptx: ptx,
                                emitter: Emitter { try g.emit(prefill) }))
            stages.append(Stage(role: "M ≥ \(W8A8GPUKernelChoice.wgmmaMinimumRows)", variant: w.variantName(c), ptx: ptx, emitter: Emitter { try w.emit(c) }))
        } else {
            stages.append(Stage(role: "M > 16", variant: g.variantName(prefill), ptx: ptx, emitter: Emitter { try g.emit(prefill) }))
        }
        return GPULinearPlan(gpu: gpu, computation: .w8a8(quantizer, spec), summary: summary, stages: stages, notes: [])
    }
}

/// Why a module has no route (a value, so that routes stay `Hashable`).
struct RoutingFailure: Error, Hashable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
