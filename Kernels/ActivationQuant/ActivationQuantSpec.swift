import KernelIR
import Quantization

/// What an activation quantization kernel computes: the code type, where scales come from and
/// what they cover, symmetry, the input dtype, an optional fused `silu(gate) · up`, and where
/// it runs. The scalar oracle is ``ActivationQuantizer`` (plus ``SiLUAndMul`` when fused).
public struct ActivationQuantSpec: Hashable, Codable, Sendable {
    /// The quantized type.
    public enum Target: String, Hashable, Codable, Sendable { case int8, fp8e4m3 }

    /// Where the scale comes from and what it covers.
    public enum Scaling: Hashable, Codable, Sendable {
        /// One given scale (and zero point) for the whole tensor: `scales[0]`, `zeros[0]`.
        case staticPerTensor
        /// One scale for the whole tensor, computed from its range (two kernels; see
        /// ``ActivationQuantize/emitRangePass(_:)``).
        case dynamicPerTensor
        /// One scale per token (row), computed from the row's range.
        case dynamicPerToken
        /// One scale per `groupSize` consecutive values of a token.
        case dynamicPerTokenGroup(Int)
    }

    public var target: Target
    public var scaling: Scaling
    /// Asymmetric (int8 only) adds a zero point per scale.
    public var symmetric: Bool
    /// `f32` or `f16` activations.
    public var input: ScalarType
    /// Quantizes `silu(x[:, :k]) · x[:, k:]` of a `[M, 2k]` input (vLLM's `silu_and_mul`).
    public var fusedSiLUAndMul: Bool
    public var convention: KernelConvention
    /// The scale of an all-zero token or group (the reference's `minimumScale`).
    public var minimumScale: Float

    public init(target: Target, scaling: Scaling, symmetric: Bool = true, input: ScalarType = .f32,
                fusedSiLUAndMul: Bool = false, convention: KernelConvention = .cpuGrid, minimumScale: Float = 1e-10) {
        self.target = target
        self.scaling = scaling
        self.symmetric = symmetric
        self.input = input
        self.fusedSiLUAndMul = fusedSiLUAndMul
        self.convention = convention
        self.minimumScale = minimumScale
    }

    public static let supportedInputs: [ScalarType] = [.f32, .f16]
    public static let supportedGroupSizes = [64, 128]

    var gpu: Bool { convention == .gpu }

    /// The code's storage type.
    var output: ScalarType { target == .int8 ? .i8 : .fp8e4m3 }

    /// The reference quantizer this spec must match bit for bit.
    public var reference: ActivationQuantizer {
        let granularity: ActivationScheme.Granularity
        switch scaling {
        case .staticPerTensor, .dynamicPerTensor: granularity = .perTensor
        case .dynamicPerToken: granularity = .perToken
        case .dynamicPerTokenGroup(let g): granularity = .perTokenGroup(g)
        }
        return ActivationQuantizer(target: target == .int8 ? .int8 : .float8E4M3FN, granularity: granularity,
                                   symmetric: symmetric, minimumScale: minimumScale)
    }

    /// `int8_token_sym_f32`, `fp8e4m3_group128_sym_f16_silu`.
    var name: String {
        let s: String
        switch scaling {
        case .staticPerTensor: s = "static"
        case .dynamicPerTensor: s = "tensor"
        case .dynamicPerToken: s = "token"
        case .dynamicPerTokenGroup(let g): s = "group\(g)"
        }
        return "\(target.rawValue)_\(s)_\(symmetric ? "sym" : "asym")_\(input.name)\(fusedSiLUAndMul ? "_silu" : "")"
    }
}

/// The schedule of an activation quantization kernel: one token per program (CPU) or thread
/// (GPU), swept in vectors of `vectorWidth` lanes with a one-lane tail.
public struct ActivationQuantConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// SIMD lanes per vector (1 on the GPU).
    public var vectorWidth: Int
    /// Threads per block on the GPU (ignored on the CPU).
    public var threadsPerBlock: Int

    public init(vectorWidth: Int = 16, threadsPerBlock: Int = 128) {
        self.vectorWidth = vectorWidth
        self.threadsPerBlock = threadsPerBlock
    }

    /// `v16` (CPU) or `t128` (GPU).
    public func name(gpu: Bool) -> String { gpu ? "t\(threadsPerBlock)" : "v\(vectorWidth)" }
    public var description: String { name(gpu: false) }

    /// CPU programs (one per token).
    public func programs(tokens: Int) -> Int { tokens }
    /// GPU blocks for `tokens` tokens.
    public func blocks(tokens: Int) -> Int { (tokens + threadsPerBlock - 1) / threadsPerBlock }
}

/// vLLM's `silu_and_mul` in float: `out[t, i] = silu(x[t, i]) · x[t, d + i]` with
/// `silu(g) = g / (1 + e^−g)`, for `x[tokens, 2d]` (gate first, then up). `e^x` is
/// ``FloatExp/exp(_:)``, the one the kernels emit.
public enum SiLUAndMul {
    public static func reference(_ x: [Float], tokens: Int, d: Int) -> [Float] {
        var out = [Float](repeating: 0, count: tokens * d)
        for t in 0..<tokens {
            for i in 0..<d {
                let g = x[t * 2 * d + i], u = x[t * 2 * d + d + i]
                out[t * d + i] = g / (1 + FloatExp.exp(-g)) * u
            }
        }
        return out
    }
}
