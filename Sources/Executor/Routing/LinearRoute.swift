import Compiler
import Checkpoint
import KernelIR
import Kernels
import Quantization

/// How the executor computes one linear module of a safetensors checkpoint on a target: which
/// kernels, fed how. ``LinearRouter`` decides it from the module's ``QuantScheme``.
public enum LinearRoute: Hashable, Sendable, CustomStringConvertible {
    /// Not quantized: a float matmul.
    case dense
    /// INT8 × INT8: activations quantized by ``activation`` (dynamic per token, or a static or
    /// dynamic per-tensor scale, symmetric or with a zero point), then the int8 GEMV/GEMM of
    /// ``matmul`` with the weights' per-channel scales.
    case int8W8A8(activation: ActivationQuantSpec, matmul: W8A8Spec)
    /// FP8 e4m3 weights decoded in registers, float activations (W8A16): the route where the
    /// hardware has no FP8 arithmetic. `skipped` is the activation quantization of the
    /// checkpoint that this route leaves out (activations stay in f32, which is at least as
    /// accurate).
    case fp8WeightOnly(FP8WeightSpec, skipped: ActivationScheme)
    /// Integer weights without activation quantization (GPTQ, AWQ, compressed-tensors
    /// pack-quantized or naive int): the registry's GPTQ GEMV/GEMM over `layout`, f32
    /// activations. `repacked` says the checkpoint's layout is not GPTQ's and is converted once at load.
    case weightOnly(GPTQLayout, repacked: Bool)
    /// On a GPU: the kernels of ``GPULinearPlan`` (repack at load, activation quantizer,
    /// decode and prefill kernels), compiled to PTX at load.
    case gpu(GPULinearPlan)
    /// No kernel computes this module on the target; the reason says why.
    case unsupported(String)

    public var description: String {
        switch self {
        case .dense: return "dense (float weights)"
        case .int8W8A8(let a, let w):
            return "int8 W8A8: activations \(a.scalingName) \(a.symmetric ? "sym" : "asym") int8 → \(w.perTensorActivation ? "per-tensor" : "per-token") × per-channel int8 GEMV/GEMM"
        case .fp8WeightOnly(let spec, let skipped):
            let note = skipped.type == .none ? "" : " (the checkpoint's FP8 activation quantization is not applied: activations stay f32)"
            return "FP8 weights, \(spec.scaling.rawValue) scales, decoded in registers × f32 activations\(note)"
        case .weightOnly(let layout, let repacked):
            return "weight-only \(WeightFormat.gptq(layout)) × f32 activations\(repacked ? " (repacked to the GPTQ layout at load)" : "")"
        case .gpu(let plan): return plan.description
        case .unsupported(let why): return "unsupported: \(why)"
        }
    }

    /// The kernel generators' variant names this route compiles (default configs).
    public var variantNames: [String] {
        switch self {
        case .dense, .unsupported: return []
        case .gpu(let plan): return plan.stages.map(\.variant)
        case .int8W8A8(let a, let w):
            let q = ActivationQuantize(spec: a)
            var names = [q.variantName(q.defaultConfig)]
            if a.scaling == .dynamicPerTensor { names.append(q.variantName(q.defaultConfig) + "_range") }
            let gemv = W8A8GEMV(spec: w), gemm = W8A8GEMM(spec: w)
            return names + [gemv.variantName(gemv.defaultConfig), gemm.variantName(gemm.defaultConfig)]
        case .fp8WeightOnly(let spec, _):
            let gemv = FP8WeightGEMV(spec: spec), gemm = FP8WeightGEMM(spec: spec)
            return [gemv.variantName(gemv.defaultConfig), gemm.variantName(gemm.defaultConfig)]
        case .weightOnly(let layout, _):
            return [KernelFamily.gemv, .gemm].compactMap { try? KernelRegistry.standard.select(KernelRequest(family: $0, format: .gptq(layout))).variantName }
        }
    }
}

extension ActivationQuantSpec {
    /// `per-token`, `static per-tensor`, …
    var scalingName: String {
        switch scaling {
        case .staticPerTensor: "static per-tensor"
        case .dynamicPerTensor: "dynamic per-tensor"
        case .dynamicPerToken: "dynamic per-token"
        case .dynamicPerTokenGroup(let g): "dynamic per-token-group \(g)"
        }
    }
}

/// Decides the ``LinearRoute`` of each module of a checkpoint for a target.
///
/// The CPU routes: INT8 W8A8 checkpoints (compressed-tensors `int-quantized` with int8
/// activations, `w8a8_int8`) → the activation quantizer and the AVX-512 VNNI int8 GEMV/GEMM of
/// `Kernels/W8A8`; FP8 checkpoints (`fp8`, `fbgemm_fp8`, `modelopt`, compressed-tensors
/// `float-quantized`) → the FP8-weight GEMV/GEMM, weights decoded in registers, since the CPU
/// has no FP8 arithmetic; integer weight-only checkpoints (GPTQ, AWQ, compressed-tensors
/// pack-quantized and naive int) → the GPTQ GEMV/GEMM, other layouts repacked to GPTQ's at
/// load. On a GPU (``GPULinearPlan``): integer weight-only → the tensor-core GPTQ GEMV/GEMM
/// (after the repack kernel for AWQ, compressed-tensors and act-order); INT8 → the int8
/// tensor-core W8A8 GEMM; FP8 → the e4m3 tensor-core W8A8 GEMM on sm_89+, the weight-only FP8
/// GEMV (W8A16) on sm_80.
public enum LinearRouter {
    /// The route of `module` on `target`.
    public static func route(_ module: ResolvedModule, target: ExecutionTarget = .cpu) -> LinearRoute {
        guard let scheme = module.scheme else { return .dense }
        if case .gpu(let architecture) = target {
            switch GPULinearPlan.make(scheme: scheme, n: module.n, k: module.k, gpu: architecture) {
            case .success(let plan): return .gpu(plan)
            case .failure(let failure): return .unsupported(failure.reason)
            }
        }
        switch scheme.valueType {
        case .float8E4M3FN: return fp8Route(scheme)
        case .signedInt where scheme.bits == 8 && scheme.layout == .unpacked && scheme.activation.type == .int8:
            return int8Route(scheme)
        case .signedInt where scheme.activation.type == .none, .unsignedInt where scheme.activation.type == .none:
            return weightOnlyRoute(scheme)
        default:
            return .unsupported("\(scheme.bits)-bit \(scheme.valueType.rawValue) weights with \(scheme.activation.type.rawValue) activations have no kernel")
        }
    }

    static func weightOnlyRoute(_ s: QuantScheme) -> LinearRoute {
        if let layout = s.gptqLayout { return .weightOnly(layout, repacked: false) }
        guard GPTQLayout.supportedBits.contains(s.bits) else {
            return .unsupported("\(s.bits)-bit weights (the GPTQ kernels take \(GPTQLayout.supportedBits.map(String.init).joined(separator: "/"))-bit)")
        }
        let groupSize: Int
        switch s.granularity {
        case .perTensor, .perChannel: groupSize = -1
        case .group(let g): groupSize = g
        case .block: return .unsupported("block scales on integer weights have no GPTQ layout")
        }
        let layout = GPTQLayout(bits: s.bits, groupSize: groupSize, zeroPoints: s.isAsymmetric ? .v2 : .symmetric, actOrder: s.actOrder)
        guard (try? KernelRegistry.standard.select(KernelRequest(family: .gemv, format: .gptq(layout)))) != nil else {
            return .unsupported("no GPTQ kernel serves \(WeightFormat.gptq(layout))")
        }
        return .weightOnly(layout, repacked: true)
    }

    static func fp8Route(_ s: QuantScheme) -> LinearRoute {
        guard s.layout == .unpacked else { return .unsupported("FP8 weights must be stored one value per byte") }
        let scaling: FP8WeightSpec.Scaling
        switch s.granularity {
        case .perTensor: scaling = .perTensor
        case .perChannel: scaling = .perChannel
        case .group(let g) where g == -1: scaling = .perChannel
        case .block(let r, let c) where r == 128 && c == 128: scaling = .block128
        default: return .unsupported("FP8 weight scales \(s.granularity) (supported: per-tensor, per-channel, 128×128 blocks)")
        }
        return .fp8WeightOnly(FP8WeightSpec(scaling: scaling), skipped: s.activation)
    }

    /// The activation quantizer's scaling for int8 activations of scheme `a`: per-token dynamic,
    /// or one scale for the tensor, static or dynamic (the kernels have no per-token-group int8 route).
    static func int8ActivationScaling(_ a: ActivationScheme) -> ActivationQuantSpec.Scaling? {
        switch (a.granularity, a.dynamic) {
        case (.perToken, true): .dynamicPerToken
        case (.perTensor, false): .staticPerTensor
        case (.perTensor, true): .dynamicPerTensor
        default: nil
        }
    }

    static func int8ActivationRefusal(_ a: ActivationScheme) -> String {
        "int8 activations \(a.granularity)\(a.dynamic ? " dynamic" : " static") (supported: per-token dynamic, per-tensor static or dynamic)"
    }

    static func int8Route(_ s: QuantScheme) -> LinearRoute {
        switch s.granularity {
        case .perTensor, .perChannel: break
        case .group(let g) where g == -1: break
        default: return .unsupported("int8 W8A8 needs per-channel or per-tensor weight scales, not \(s.granularity)")
        }
        if s.zeroPoints != .none { return .unsupported("int8 W8A8 needs symmetric weights (the checkpoint has weight zero points)") }
        let a = s.activation
        guard let scaling = int8ActivationScaling(a) else { return .unsupported(int8ActivationRefusal(a)) }
        let quantizer = ActivationQuantSpec(target: .int8, scaling: scaling, symmetric: a.symmetric)
        let matmul = W8A8Spec(activationZeroPoint: !a.symmetric, perTensorActivation: scaling != .dynamicPerToken)
        return .int8W8A8(activation: quantizer, matmul: matmul)
    }
}
