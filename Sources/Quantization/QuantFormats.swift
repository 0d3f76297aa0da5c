/// The element type of a stored tensor, as far as formats care.
public enum TensorElementType: String, Codable, Hashable, Sendable, CaseIterable {
    case int32, int64, int8, uint8, float8E4M3FN, float8E5M2, float16, bfloat16, float32

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .int8, .uint8, .float8E4M3FN, .float8E5M2: return 1
        case .float16, .bfloat16: return 2
        case .int32, .float32: return 4
        case .int64: return 8
        }
    }

    /// The float types scales may be stored in.
    public static let scaleTypes: Set<TensorElementType> = [.float16, .bfloat16, .float32]
}

/// One tensor a quantized linear layer stores, relative to the module (e.g. `qweight`).
public struct TensorSpec: Hashable, Sendable {
    public var name: String
    /// Accepted shapes (e.g. `[]` and `[1]` for a per-tensor scale).
    public var shapes: [[Int]]
    public var elementTypes: Set<TensorElementType>
    /// Optional tensors may be absent (e.g. GPTQ `qzeros` of a symmetric checkpoint).
    public var required: Bool

    public init(_ name: String, shapes: [[Int]], types: Set<TensorElementType>, required: Bool = true) {
        self.name = name
        self.shapes = shapes
        self.elementTypes = types
        self.required = required
    }
}

extension QuantScheme {
    // MARK: - The formats, defined once

    /// A GPTQ checkpoint: `qweight`, `qzeros`, `scales`, `g_idx`, packed along K.
    public static func gptq(
        bits: Int, groupSize: Int, symmetric: Bool = true, v2: Bool = false,
        actOrder: Bool = false, staticGroups: Bool = false
    ) -> QuantScheme {
        QuantScheme(
            method: .gptq, bits: bits, valueType: .unsignedInt,
            granularity: groupSize == -1 ? .perChannel : .group(groupSize),
            zeroPoints: symmetric ? .none : (v2 ? .gptqV2 : .gptqV1MinusOne),
            layout: .gptqRows, actOrder: actOrder, staticGroups: staticGroups)
    }

    /// An AutoAWQ GEMM checkpoint (`version: gemm`): packed along N in the interleaved order.
    public static func awqGEMM(bits: Int = 4, groupSize: Int, zeroPoint: Bool = true) -> QuantScheme {
        QuantScheme(
            method: .awq, bits: bits, valueType: .unsignedInt,
            granularity: groupSize == -1 ? .perChannel : .group(groupSize),
            zeroPoints: zeroPoint ? .awq : .none, packOrder: .awqInterleaved, layout: .awqGEMM)
    }

    /// An AutoAWQ GEMV checkpoint (`version: gemv`): `qweight[N, K/8]` sequential along K,
    /// `qzeros[N, W]` and `scales[N, 8·W]` padded to AWQ's zeros width.
    public static func awqGEMV(bits: Int = 4, groupSize: Int) -> QuantScheme {
        QuantScheme(
            method: .awq, bits: bits, valueType: .unsignedInt,
            granularity: groupSize == -1 ? .perChannel : .group(groupSize),
            zeroPoints: .awq, packOrder: .sequential, layout: .awqGEMV)
    }

    /// compressed-tensors `pack-quantized`: signed ints offset by 2^(bits−1) in a dense bit stream.
    public static func compressedTensorsPacked(
        bits: Int, groupSize: Int, symmetric: Bool = true, actOrder: Bool = false,
        scaleDType: ScaleDType = .float16, activation: ActivationScheme = .none
    ) -> QuantScheme {
        QuantScheme(
            method: .compressedTensors, bits: bits, valueType: .signedInt,
            granularity: groupSize == -1 ? .perChannel : .group(groupSize),
            zeroPoints: symmetric ? .none : .compressedTensorsPacked,
            layout: .compressedTensorsPacked, actOrder: actOrder, scaleDType: scaleDType,
            activation: activation)
    }

    /// compressed-tensors `int-quantized` / `naive-quantized`: one int8 per value, `[N, K]`.
    public static func compressedTensorsInt(
        bits: Int = 8, granularity: ScaleGranularity, symmetric: Bool = true,
        scaleDType: ScaleDType = .float16, activation: ActivationScheme = .none
    ) -> QuantScheme {
        QuantScheme(
            method: .compressedTensors, bits: bits, valueType: .signedInt, granularity: granularity,
            zeroPoints: symmetric ? .none : .unpacked, layout: .unpacked, scaleDType: scaleDType,
            activation: activation)
    }

    /// FP8 e4m3fn weights `[N, K]` (`quant_method: fp8`, or compressed-tensors `float-quantized`).
    public static func fp8(
        granularity: ScaleGranularity, activation: ActivationScheme = .fp8Dynamic,
        scaleDType: ScaleDType = .float32, method: QuantMethod = .fp8
    ) -> QuantScheme {
        QuantScheme(
            method: method, bits: 8, valueType: .float8E4M3FN, granularity: granularity,
            zeroPoints: .none, layout: .unpacked, scaleDType: scaleDType, activation: activation)
    }

    /// INT8 W8A8: per-channel int8 weights, int8 activations (per-token dynamic by default).
    public static func int8W8A8(
        activation: ActivationScheme = .int8PerToken, scaleDType: ScaleDType = .float32
    ) -> QuantScheme {
        QuantScheme(
            method: .int8, bits: 8, valueType: .signedInt, granularity: .perChannel,
            zeroPoints: .none, layout: .unpacked, scaleDType: scaleDType, activation: activation)
    }

    // MARK: - Sizes

    /// The bit widths this scheme's layout can store.
    public var supportedBits: [Int] {
        switch layout {
        case .gptqRows: return GPTQLayout.supportedBits
        case .awqGEMM, .awqGEMV: return [4]
        case .compressedTensorsPacked: return Array(1...8)
        case .unpacked: return valueType == .signedInt ? Array(2...8) : [8]
        }
    }

    /// The number of scale groups along K.
    public func groupCount(k: Int) -> Int {
        switch granularity {
        case .group(let g): return g > 0 ? (k + g - 1) / g : 1
        case .perChannel, .perTensor, .block: return 1
        }
    }

    /// AutoAWQ GEMV's padded width of `qzeros` (`calculate_zeros_width`).
    public static func awqGEMVZerosWidth(k: Int, groupSize: Int) -> Int {
        let multiplier = groupSize >= 128 ? 1 : groupSize == 64 ? 2 : 4
        let base = (k / groupSize + 7) / 8
        return (base + multiplier - 1) / multiplier * multiplier
    }

    /// Why this scheme cannot describe a weight with `n` outputs and `k` inputs, or nil.
    public func validate(n: Int, k: Int) -> QuantFormatError? {
        if n <= 0 || k <= 0 { return .nonPositiveShape(n: n, k: k) }
        if !supportedBits.contains(bits) { return .unsupportedBits(method: method, bits: bits, supported: supportedBits) }
        switch granularity {
        case .group(let g):
            if g <= 0 { return .invalidGroupSize(g) }
            if k % g != 0 { return .groupSizeDoesNotDivide(groupSize: g, k: k) }
        case .block(let r, let c):
            if r <= 0 || c <= 0 { return .invalidGroupSize(min(r, c)) }
        case .perChannel, .perTensor: break
        }
        switch layout {
        case .gptqRows:
            let align = bits == 3 ? 32 : 32 / bits
            if k % align != 0 { return .misalignedDimension(dimension: "K", value: k, multiple: align) }
        case .awqGEMM:
            if n % packFactor != 0 { return .misalignedDimension(dimension: "N", value: n, multiple: packFactor) }
            if packOrder != .awqInterleaved { return .inconsistentScheme("AWQ GEMM packs in the interleaved order") }
        case .awqGEMV:
            if k % packFactor != 0 { return .misalignedDimension(dimension: "K", value: k, multiple: packFactor) }
            if n % packFactor != 0 { return .misalignedDimension(dimension: "N", value: n, multiple: packFactor) }
            if groupSize == -1 { return .inconsistentScheme("AWQ GEMV needs a group size") }
        case .compressedTensorsPacked, .unpacked: break
        }
        if actOrder, case .group = granularity {} else if actOrder {
            return .inconsistentScheme("act-order needs group scales")
        }
        return nil
    }

    /// The tensors one linear layer `W[N, K]` of this scheme stores, with their exact shapes.
    public func tensorSpecs(n: Int, k: Int) throws(QuantFormatError) -> [TensorSpec] {
        if let problem = validate(n: n, k: k) { throw problem }
        let g = groupCount(k: k)
        let scales = TensorElementType.scaleTypes
        var specs: [TensorSpec]
        switch layout {
        case .gptqRows:
            specs = [
                TensorSpec("qweight", shapes: [[k * bits / 32, n]], types: [.int32]),
                TensorSpec("qzeros", shapes: [[g, (n * bits + 31) / 32]], types: [.int32], required: isAsymmetric),
                TensorSpec("scales", shapes: [[g, n]], types: scales),
                TensorSpec("g_idx", shapes: [[k]], types: [.int32], required: actOrder),
            ]
        case .awqGEMM:
            specs = [
                TensorSpec("qweight", shapes: [[k, n / packFactor]], types: [.int32]),
                TensorSpec("qzeros", shapes: [[g, n / packFactor]], types: [.int32], required: isAsymmetric),
                TensorSpec("scales", shapes: [[g, n]], types: scales),
            ]
        case .awqGEMV:
            let width = Self.awqGEMVZerosWidth(k: k, groupSize: groupSize)
            specs = [
                TensorSpec("qweight", shapes: [[n, k / packFactor]], types: [.int32]),
                TensorSpec("qzeros", shapes: [[n, width]], types: [.int32]),
                TensorSpec("scales", shapes: [[n, width * packFactor]], types: scales),
            ]
        case .compressedTensorsPacked:
            specs = [
                TensorSpec("weight_packed", shapes: [[n, (k * bits + 31) / 32]], types: [.int32]),
                TensorSpec("weight_shape", shapes: [[2]], types: [.int64, .int32]),
                TensorSpec("weight_scale", shapes: scaleShapes(n: n, k: k), types: scales),
            ]
            if isAsymmetric {
                specs.append(TensorSpec("weight_zero_point", shapes: [[(n * bits + 31) / 32, g]], types: [.int32]))
            }
            if actOrder { specs.append(TensorSpec("weight_g_idx", shapes: [[k]], types: [.int32, .int64])) }
        case .unpacked:
            let weightType: TensorElementType
            switch valueType {
            case .float8E4M3FN: weightType = .float8E4M3FN
            case .float8E5M2: weightType = .float8E5M2
            case .signedInt, .unsignedInt: weightType = .int8
            }
            let scaleName = method == .fp8 && isBlock ? "weight_scale_inv" : "weight_scale"
            specs = [
                TensorSpec("weight", shapes: [[n, k]], types: [weightType]),
                TensorSpec(scaleName, shapes: scaleShapes(n: n, k: k), types: scales),
            ]
            if isAsymmetric {
                specs.append(TensorSpec("weight_zero_point", shapes: scaleShapes(n: n, k: k), types: [.int8, .int32]))
            }
        }
        for name in activation.staticTensorNames {
            let types: Set<TensorElementType> = name == "input_scale" ? scales : [.int8, .int32, .float32]
            specs.append(TensorSpec(name, shapes: [[], [1]], types: types))
        }
        return specs
    }

    private var isBlock: Bool { if case .block = granularity { return true } else { return false } }

    /// Accepted shapes of `weight_scale` over `W[N, K]`.
    func scaleShapes(n: Int, k: Int) -> [[Int]] {
        switch granularity {
        case .perTensor: return [[], [1]]
        case .perChannel: return [[n, 1], [n]]
        case .group: return [[n, groupCount(k: k)]]
        case .block(let r, let c): return [[(n + r - 1) / r, (k + c - 1) / c]]
        }
    }
}
