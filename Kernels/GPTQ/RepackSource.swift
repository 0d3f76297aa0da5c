import Quantization

/// The checkpoint layouts ``GPTQRepack`` reads.
public enum RepackSourceFormat: String, Hashable, Codable, Sendable, CaseIterable {
    /// GPTQ `qweight[K·bits/32, N]` (packed along K), `qzeros[G, N·bits/32]`, `scales[G, N]`,
    /// with or without act-order (`g_idx`).
    case gptq
    /// AutoAWQ GEMM: `qweight[K, N/8]` packed along N in the interleaved order
    /// `[0, 2, 4, 6, 1, 3, 5, 7]`, `qzeros[G, N/8]` packed the same way, `scales[G, N]`.
    case awq
    /// compressed-tensors `pack-quantized`: `weight_packed[N, K·bits/32]` (signed values
    /// offset by 2^(bits−1), a bit stream along K), `weight_zero_point[⌈N·bits/32⌉, G]` packed
    /// along N when asymmetric, `weight_scale[N, G]`, `weight_g_idx[K]` with act-order.
    case compressedTensors = "compressed-tensors"
    /// FP8 e4m3fn weights `weight[N, K]` (one byte per value) with per-channel `weight_scale[N]`
    /// or one per-tensor scale: rewritten for ``FP8GPUGEMV`` (W8A16 on GPUs without FP8 tensor
    /// cores), whose `qweight[K/4, N]` is the same bytes as `Int32` words, transposed.
    case fp8
}

/// What a repack reads: one stored weight format, fully described (``bits`` and the geometry
/// are the SOURCE's). Its ``target`` is the GPTQ layout the GPU kernels consume (no act-order,
/// ``targetBits`` wide).
///
/// Every source maps onto GPTQ's `(q − z)·s` without changing a value: GPTQ keeps its zero
/// points (v1 stays v1: its "minus one" cannot always be undone in 2^bits values); AWQ stores
/// `q` and `z` unsigned, as GPTQ v2 does; compressed-tensors stores `q + 2^(bits−1)` and
/// `z + 2^(bits−1)`, whose difference is `q − z`, so the stored words serve as GPTQ v2 values
/// (or as GPTQ's symmetric `q` with its zero point 2^(bits−1) when symmetric).
///
/// 3-bit sources are widened to the 4-bit target (``widens``), exactly: every stored 3-bit
/// code and zero point is the same integer in 4 bits (GPTQ v1's stored `z − 1`, 0…7, still
/// means `z` = 1…8), and symmetric codes gain 4 (`(q + 4) − 8 = q − 4`, the 4-bit symmetric
/// zero point being 8), so the symmetric target keeps the kernels' path without zero points.
/// The 4-bit tensor-core kernels then read 4/3 of the bytes an ideal 3-bit kernel would: a
/// step towards 3-bit kernels, not a replacement for them.
public struct RepackSource: Hashable, Codable, Sendable, CustomStringConvertible {
    public var format: RepackSourceFormat
    public var bits: Int
    /// Group size along K; −1 for one group per output channel.
    public var groupSize: Int
    /// Whether zero points are stored. For GPTQ sources ``gptqZeroPoints`` says how.
    public var asymmetric: Bool
    /// GPTQ only: v1 (stored minus one) or v2 when ``asymmetric``.
    public var gptqZeroPoints: GPTQZeroPoints
    /// Act-order: a `g_idx` maps each input row to its group; the repack sorts rows by group.
    public var actOrder: Bool
    /// The dtype of the stored scales; the repack writes f16 (rounding bf16 and f32 scales to
    /// nearest even, as the GPU kernels read f16).
    public var scaleType: ScaleDType
    /// FP8 only: one scale for the whole tensor, broadcast to every column.
    public var perTensorScale: Bool

    public init(format: RepackSourceFormat, bits: Int, groupSize: Int, asymmetric: Bool,
                gptqZeroPoints: GPTQZeroPoints = .v2, actOrder: Bool = false, scaleType: ScaleDType = .float16,
                perTensorScale: Bool = false) {
        self.format = format
        self.bits = bits
        self.groupSize = groupSize
        self.asymmetric = asymmetric
        self.gptqZeroPoints = asymmetric ? (gptqZeroPoints == .symmetric ? .v2 : gptqZeroPoints) : .symmetric
        self.actOrder = actOrder
        self.scaleType = scaleType
        self.perTensorScale = perTensorScale
    }

    /// An FP8 e4m3 source with per-channel (or per-tensor) scales of `scaleType`.
    public static func fp8(scaleType: ScaleDType = .float32, perTensorScale: Bool = false) -> RepackSource {
        RepackSource(format: .fp8, bits: 8, groupSize: -1, asymmetric: false, scaleType: scaleType, perTensorScale: perTensorScale)
    }

    /// A GPTQ source of `layout` (act-order included).
    public static func gptq(_ layout: GPTQLayout) -> RepackSource {
        RepackSource(format: .gptq, bits: layout.bits, groupSize: layout.groupSize,
                     asymmetric: layout.zeroPoints != .symmetric, gptqZeroPoints: layout.zeroPoints, actOrder: layout.actOrder)
    }

    /// The source a checkpoint's scheme describes, or a ``RepackError`` naming what is not supported.
    ///
    /// An FP8 e4m3 scheme is accepted whatever its activation scheme: the repack prepares its
    /// weights for the weight-only (W8A16) kernel, for GPUs without FP8 tensor cores.
    public init(scheme s: QuantScheme) throws(RepackError) {
        if s.layout == .unpacked && s.valueType == .float8E4M3FN {
            switch s.granularity {
            case .perChannel: self = .fp8(scaleType: s.scaleDType)
            case .perTensor: self = .fp8(scaleType: s.scaleDType, perTensorScale: true)
            default: throw .unsupported("\(s.summary): the W8A16 kernel takes per-channel or per-tensor FP8 scales")
            }
            return
        }
        let group: Int
        switch s.granularity {
        case .group(let g): group = g
        case .perChannel: group = -1
        default: throw .unsupported("\(s.summary): repack needs group or per-channel scales")
        }
        if s.activation.type != .none { throw .unsupported("\(s.summary): repack serves weight-only schemes") }
        switch s.layout {
        case .gptqRows:
            let zeros: GPTQZeroPoints = s.zeroPoints == .gptqV1MinusOne ? .v1 : s.zeroPoints == .gptqV2 ? .v2 : .symmetric
            self = .gptq(GPTQLayout(bits: s.bits, groupSize: group, zeroPoints: zeros, actOrder: s.actOrder))
            scaleType = s.scaleDType
        case .awqGEMM:
            self.init(format: .awq, bits: s.bits, groupSize: group, asymmetric: s.isAsymmetric, scaleType: s.scaleDType)
        case .compressedTensorsPacked:
            self.init(format: .compressedTensors, bits: s.bits, groupSize: group, asymmetric: s.isAsymmetric, actOrder: s.actOrder,
                      scaleType: s.scaleDType)
        default:
            throw .unsupported("\(s.summary): repack reads GPTQ, AWQ GEMM and compressed-tensors pack-quantized layouts")
        }
        if let problem = validate() { throw .unsupported(problem) }
    }

    public static let supportedBits = [2, 3, 4, 8]

    /// The width of the repacked values: 4 for 3-bit sources (widened), else ``bits``.
    public static func targetBits(forSourceBits bits: Int) -> Int { bits == 3 ? 4 : bits }

    /// The width of the repacked values (4 for 3-bit sources, else ``bits``).
    public var targetBits: Int { Self.targetBits(forSourceBits: bits) }

    /// Whether the repack widens the values (3 → 4 bits).
    public var widens: Bool { targetBits != bits }

    /// What widening costs, for route summaries (nil when the repack does not widen).
    public var wideningNote: String? {
        widens ? "\(bits)-bit values widened to \(targetBits) bits: the \(targetBits)-bit kernels read \(targetBits)/\(bits) of the bytes of an ideal \(bits)-bit kernel" : nil
    }

    /// Why this source cannot be repacked (independent of the shape), or nil.
    public func validate() -> String? {
        if !Self.supportedBits.contains(bits) {
            return "\(bits)-bit \(format.rawValue) weights: repack supports \(Self.supportedBits.map(String.init).joined(separator: ", ")) bits"
        }
        if format == .awq && bits != 4 { return "AWQ packs 4-bit values only" }
        if format == .awq && actOrder { return "AWQ has no act-order" }
        if format == .fp8 && (bits != 8 || groupSize != -1 || asymmetric || actOrder) {
            return "FP8 weights are 8-bit, symmetric, with per-channel or per-tensor scales and no act-order"
        }
        if perTensorScale && format != .fp8 { return "per-tensor scales are for FP8 sources" }
        if groupSize == 0 || groupSize < -1 { return "group size \(groupSize) must be −1 or positive" }
        if actOrder && groupSize <= 0 { return "act-order needs a group size" }
        return nil
    }

    /// Why this source cannot describe an `N × K` weight, or nil.
    public func validate(n: Int, k: Int) -> String? {
        if let problem = validate() { return problem }
        if n <= 0 || k <= 0 { return "shape N = \(n), K = \(k) must be positive" }
        if k % kAlignment != 0 {
            return bits == 3 ? "K = \(k) must be a multiple of 32 (3-bit values fill whole words every 32 rows: 32 values in 3 words)"
                             : "K = \(k) must be a multiple of \(kAlignment) (whole \(bits)-bit words)"
        }
        if groupSize > 0 && k % groupSize != 0 { return "group size \(groupSize) does not divide K = \(k)" }
        if format == .awq && n % 8 != 0 { return "AWQ needs N = \(n) to be a multiple of 8" }
        if max(k / targetValuesPerWord, k * bits / 32) * n > Int(Int32.max) { return "\(n)×\(k) is too large (2^31 packed words or more)" }
        return nil
    }

    /// K rows that fill a whole number of source words: `32 / bits`, or 32 for 3-bit (32 values
    /// in 3 words). Also a multiple of ``targetValuesPerWord``.
    public var kAlignment: Int { bits == 3 ? 32 : 32 / bits }

    /// Values per 32-bit word of the repacked `qweight` (8 for 3- and 4-bit sources).
    public var targetValuesPerWord: Int { 32 / targetBits }

    /// `Int32` words of the source weight of an `N × K` tensor (FP8: its bytes as words).
    public func sourceWeightWords(n: Int, k: Int) -> Int { k * bits / 32 * n }

    /// `Int32` words of the source zero points (`[G, ⌈N·bits/32⌉]` or its transpose; 0 when symmetric).
    public func sourceZeroWords(n: Int, k: Int) -> Int {
        asymmetric ? (groupSize > 0 ? k / groupSize : 1) * ((n * bits + 31) / 32) : 0
    }

    /// What the bytes of the repacked `qweight` mean: GPTQ integers, or e4m3 codes for ``FP8GPUGEMV``.
    public var targetEncoding: GEMVWeightEncoding { format == .fp8 ? .fp8e4m3 : .gptq }

    /// The GPTQ layout the repacked tensors are in, ``targetBits`` wide (for FP8: 8-bit
    /// per-channel symmetric, the geometry of ``FP8GPUGEMV``, whose bytes are e4m3 codes).
    public var target: GPTQLayout {
        GPTQLayout(bits: targetBits, groupSize: groupSize, zeroPoints: format == .gptq ? gptqZeroPoints : (asymmetric ? .v2 : .symmetric))
    }

    /// `awq_b4_g128_asym`, `gptq_b4_g128_v1_act`, `ct_b8_gall_sym`; a widening source names both
    /// widths: `gptq_b3to4_g32_v1_act`.
    public var description: String {
        let name = format == .compressedTensors ? "ct" : format.rawValue
        let zeros = !asymmetric ? "sym" : format == .gptq ? gptqZeroPoints.rawValue : "asym"
        let scales = scaleType == .float16 ? "" : scaleType == .bfloat16 ? "_bf16s" : "_f32s"
        let groups = perTensorScale ? "gtensor" : groupSize <= 0 ? "gall" : "g\(groupSize)"
        let width = widens ? "\(bits)to\(targetBits)" : "\(bits)"
        return "\(name)_b\(width)_\(groups)_\(zeros)\(actOrder ? "_act" : "")\(scales)"
    }
}

/// A weight the repack cannot serve, or an inconsistent `g_idx`.
public enum RepackError: Error, Hashable, CustomStringConvertible {
    case unsupported(String)
    case invalidGroupIndex(String)

    public var description: String {
        switch self {
        case .unsupported(let m): "repack: \(m)"
        case .invalidGroupIndex(let m): "repack: invalid g_idx: \(m)"
        }
    }
}
