/// The checkpoint family a scheme comes from; it fixes the tensor names and layouts.
public enum QuantMethod: String, Codable, Hashable, Sendable, CaseIterable {
    case gptq
    case awq
    case compressedTensors = "compressed-tensors"
    case fp8
    /// INT8 weights and activations (W8A8), e.g. `w8a8_int8` checkpoints.
    case int8 = "w8a8-int8"
}

/// What one stored weight element is.
public enum WeightValueType: String, Codable, Hashable, Sendable {
    /// Unsigned integers `0 ..< 2^bits` with a zero point (GPTQ, AWQ).
    case unsignedInt
    /// Signed integers `−2^(bits−1) ..< 2^(bits−1)` (compressed-tensors, INT8 W8A8).
    case signedInt
    /// FP8 e4m3fn (no infinities, one NaN per sign).
    case float8E4M3FN
    /// FP8 e5m2 (IEEE-like, with infinities).
    case float8E5M2
}

/// How zero points are stored, if at all.
public enum ZeroPointStorage: String, Codable, Hashable, Sendable {
    /// Symmetric: no zero-point tensor. Unsigned formats subtract 2^(bits−1), signed formats 0.
    case none
    /// GPTQ `checkpoint_format: gptq` (v1): `qzeros` holds the zero point minus one.
    case gptqV1MinusOne
    /// GPTQ `checkpoint_format: gptq_v2`: `qzeros` holds the zero point.
    case gptqV2
    /// AWQ: `qzeros[G, N/8]` packed along N in AWQ's interleaved order, no offset.
    case awq
    /// compressed-tensors `pack-quantized`: signed zero points offset by 2^(bits−1), packed
    /// along dim 0 (output channels) into `Int32[ceil(N·bits/32), G]`.
    case compressedTensorsPacked
    /// One signed integer per zero point, unpacked (`int-quantized`, `naive-quantized`).
    case unpacked
}

/// The order of values inside one 32-bit word.
public enum PackOrder: String, Codable, Hashable, Sendable {
    /// Value `i` of a word sits at bits `i·bits` (a little-endian bit stream).
    case sequential
    /// AWQ's GEMM order: slot `i` of a word holds logical value `[0, 2, 4, 6, 1, 3, 5, 7][i]`.
    case awqInterleaved

    /// AWQ's slot → logical-value map for 4-bit words.
    public static let awqOrder = [0, 2, 4, 6, 1, 3, 5, 7]
    /// The inverse: logical value → slot.
    public static let awqSlotOfValue = [0, 4, 1, 5, 2, 6, 3, 7]
}

/// Which axis of `W` the packing runs along, and how the stored tensor is oriented.
public enum PackedLayout: String, Codable, Hashable, Sendable {
    /// GPTQ: `Int32[K·bits/32, N]`, packed along K (input features), stored K-major.
    case gptqRows
    /// AWQ GEMM: `Int32[K, N·bits/32]`, packed along N (output features).
    case awqGEMM
    /// AWQ GEMV: `Int32[N, K·bits/32]`, packed along K, stored N-major.
    case awqGEMV
    /// compressed-tensors `pack-quantized`: `Int32[N, ceil(K·bits/32)]`, dense bit stream along K.
    case compressedTensorsPacked
    /// One element per value, `[N, K]` (int8 or fp8 weights).
    case unpacked
}

/// How scales are laid over `W[N, K]`.
public enum ScaleGranularity: Hashable, Codable, Sendable {
    /// One scale for the whole tensor (one per shard when shards are fused).
    case perTensor
    /// One scale per output channel.
    case perChannel
    /// One scale per output channel and per `size` consecutive inputs (or per `g_idx` group).
    case group(Int)
    /// One scale per `rows × cols` block of `W[N, K]` (DeepSeek-style FP8, `weight_scale_inv`).
    case block(rows: Int, cols: Int)
}

/// The dtype scales are stored in.
public enum ScaleDType: String, Codable, Hashable, Sendable {
    case float16, bfloat16, float32
}

/// How activations are quantized before a matmul.
public struct ActivationScheme: Hashable, Codable, Sendable {
    public enum ValueType: String, Codable, Hashable, Sendable { case none, int8, float8E4M3FN }
    public enum Granularity: Hashable, Codable, Sendable {
        case perTensor
        case perToken
        case perTokenGroup(Int)
    }

    /// The activation type (none, int8, FP8 e4m3fn).
    public var type: ValueType
    /// Dynamic: scales computed at run time from the activations; static: an `input_scale` tensor.
    public var dynamic: Bool
    /// What one activation scale covers.
    public var granularity: Granularity
    /// Asymmetric activations carry a zero point (`input_zero_point` when static).
    public var symmetric: Bool

    public init(type: ValueType, dynamic: Bool, granularity: Granularity, symmetric: Bool = true) {
        self.type = type
        self.dynamic = dynamic
        self.granularity = granularity
        self.symmetric = symmetric
    }

    /// Activations stay in floating point (weight-only quantization).
    public static let none = ActivationScheme(type: .none, dynamic: false, granularity: .perTensor)
    /// FP8 with a static per-tensor `input_scale`.
    public static let fp8Static = ActivationScheme(type: .float8E4M3FN, dynamic: false, granularity: .perTensor)
    /// FP8 with a per-tensor scale computed at run time.
    public static let fp8Dynamic = ActivationScheme(type: .float8E4M3FN, dynamic: true, granularity: .perTensor)
    /// INT8 with one scale per token computed at run time.
    public static let int8PerToken = ActivationScheme(type: .int8, dynamic: true, granularity: .perToken)
    /// INT8 with a static per-tensor `input_scale`.
    public static let int8Static = ActivationScheme(type: .int8, dynamic: false, granularity: .perTensor)

    /// Tensors the checkpoint must hold for these activations (relative names).
    public var staticTensorNames: [String] {
        guard type != .none, !dynamic else { return [] }
        return symmetric ? ["input_scale"] : ["input_scale", "input_zero_point"]
    }
}

/// A complete description of a quantized linear weight: what each bit means.
///
/// A scheme is pure data: the scalar reference (``ReferenceDequantizer``), the checkpoint
/// reader and the kernel generators all read the same value, so a format is defined once.
public struct QuantScheme: Hashable, Codable, Sendable {
    /// The checkpoint family (tensor names, config keys).
    public var method: QuantMethod
    /// Bits per stored weight value.
    public var bits: Int
    /// What a stored value is (unsigned or signed integer, FP8).
    public var valueType: WeightValueType
    /// How scales cover `W[N, K]`: per tensor, per channel, per group (group size; −1 is per channel), per block.
    public var granularity: ScaleGranularity
    /// Whether and how zero points are stored (GPTQ v1 minus one, GPTQ v2, AWQ, compressed-tensors).
    public var zeroPoints: ZeroPointStorage
    /// The order of values inside a packed word (sequential, AWQ interleaved).
    public var packOrder: PackOrder
    /// The packed tensor's shape and packing axis.
    public var layout: PackedLayout
    /// Act-order: a `g_idx` tensor maps each input row to its group (`desc_act`, `actorder`).
    public var actOrder: Bool
    /// GPTQ `static_groups`: groups were fixed before the act-order permutation (affects how
    /// the quantizer ran; `g_idx` is still authoritative when present).
    public var staticGroups: Bool
    /// The dtype scales are stored in (read from the checkpoint's scale tensor).
    public var scaleDType: ScaleDType
    /// How activations are quantized (none for weight-only schemes).
    public var activation: ActivationScheme

    public init(
        method: QuantMethod, bits: Int, valueType: WeightValueType, granularity: ScaleGranularity,
        zeroPoints: ZeroPointStorage, packOrder: PackOrder = .sequential, layout: PackedLayout,
        actOrder: Bool = false, staticGroups: Bool = false, scaleDType: ScaleDType = .float16,
        activation: ActivationScheme = .none
    ) {
        self.method = method
        self.bits = bits
        self.valueType = valueType
        self.granularity = granularity
        self.zeroPoints = zeroPoints
        self.packOrder = packOrder
        self.layout = layout
        self.actOrder = actOrder
        self.staticGroups = staticGroups
        self.scaleDType = scaleDType
        self.activation = activation
    }

    /// Group size along K: −1 for one group per output channel, 0 for per-tensor or block scales.
    public var groupSize: Int {
        switch granularity {
        case .perChannel: return -1
        case .group(let g): return g
        case .perTensor, .block: return 0
        }
    }

    /// Whether zero points are stored.
    public var isAsymmetric: Bool { zeroPoints != .none }

    /// The largest stored unsigned code, `2^bits − 1`.
    public var maxCode: Int { (1 << bits) - 1 }

    /// The zero point a symmetric scheme subtracts from a stored code.
    public var implicitZero: Int { valueType == .unsignedInt ? 1 << (bits - 1) : 0 }

    /// Values per 32-bit word when packed (e.g. 8 for 4-bit; 3-bit streams pack 32 values in 3 words).
    public var packFactor: Int { 32 / bits }

    /// A one-line human description, e.g. `gptq int4 g128 asym(v1) act-order fp16`.
    public var summary: String {
        var parts = [method.rawValue]
        switch valueType {
        case .unsignedInt: parts.append("uint\(bits)")
        case .signedInt: parts.append("int\(bits)")
        case .float8E4M3FN: parts.append("fp8-e4m3")
        case .float8E5M2: parts.append("fp8-e5m2")
        }
        switch granularity {
        case .perTensor: parts.append("per-tensor")
        case .perChannel: parts.append("per-channel")
        case .group(let g): parts.append("g\(g)")
        case .block(let r, let c): parts.append("block\(r)x\(c)")
        }
        switch zeroPoints {
        case .none: parts.append("sym")
        case .gptqV1MinusOne: parts.append("asym(v1)")
        case .gptqV2: parts.append("asym(v2)")
        case .awq: parts.append("asym(awq)")
        case .compressedTensorsPacked, .unpacked: parts.append("asym")
        }
        if actOrder { parts.append("act-order") }
        if staticGroups { parts.append("static-groups") }
        parts.append(layout.rawValue)
        parts.append(scaleDType.rawValue)
        if activation.type != .none {
            let kind = activation.type == .int8 ? "int8" : "fp8"
            let when = activation.dynamic ? "dynamic" : "static"
            let gran: String
            switch activation.granularity {
            case .perTensor: gran = "per-tensor"
            case .perToken: gran = "per-token"
            case .perTokenGroup(let g): gran = "per-token-group\(g)"
            }
            parts.append("act=\(kind)-\(when)-\(gran)\(activation.symmetric ? "" : "-asym")")
        }
        return parts.joined(separator: " ")
    }
}
