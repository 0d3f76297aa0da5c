/// Reference activation quantization for W8A8 schemes: per-tensor, per-token and
/// per-token-group, to int8 or FP8 e4m3fn.
///
/// Dynamic scales follow vLLM's reference: int8 `scale = absmax / 127` (asymmetric:
/// `(max − min) / 255` with `zero = round(−128 − min / scale)`), FP8 `scale = absmax / 448`;
/// a zero range takes the scale `minimumScale`. Codes are `round(x / scale) (+ zero)` clamped
/// (int8), or `fp8(clamp(x / scale, −448, 448))`.
public struct ActivationQuantizer: Hashable, Sendable {
    /// The quantized type.
    public enum Target: String, Hashable, Sendable { case int8, float8E4M3FN }

    /// What activations become.
    public var target: Target
    /// What one scale covers: the tensor, a token, or a group of a token's values.
    public var granularity: ActivationScheme.Granularity
    /// Asymmetric int8 adds a zero point per scale.
    public var symmetric: Bool
    /// The scale used when a token (or group) is all zeros.
    public var minimumScale: Float

    public init(target: Target, granularity: ActivationScheme.Granularity, symmetric: Bool = true,
                minimumScale: Float = 1e-10) {
        self.target = target
        self.granularity = granularity
        self.symmetric = symmetric
        self.minimumScale = minimumScale
    }

    /// Quantized activations: one byte per value (int8 two's complement, or FP8 bits),
    /// one scale (and zero point when asymmetric) per tensor, token or token group.
    public struct Result: Hashable, Sendable {
        public var codes: [UInt8]
        public var scales: [Float]
        public var zeros: [Int32]
    }

    /// The elements that share one scale, for a `[tokens, hidden]` tensor.
    func groupLength(hidden: Int, tokens: Int) throws(QuantFormatError) -> Int {
        switch granularity {
        case .perTensor: return hidden * tokens
        case .perToken: return hidden
        case .perTokenGroup(let g):
            if g <= 0 { throw .invalidGroupSize(g) }
            if hidden % g != 0 { throw .groupSizeDoesNotDivide(groupSize: g, k: hidden) }
            return g
        }
    }

    /// Quantizes `x[tokens, hidden]` with dynamic scales.
    public func quantize(_ x: [Float], tokens: Int, hidden: Int) throws(QuantFormatError) -> Result {
        if tokens <= 0 || hidden <= 0 { throw .nonPositiveShape(n: tokens, k: hidden) }
        if x.count != tokens * hidden { throw .wrongElementCount(tensor: "activations", expected: tokens * hidden, actual: x.count) }
        let length = try groupLength(hidden: hidden, tokens: tokens)
        var result = Result(codes: [UInt8](repeating: 0, count: x.count), scales: [], zeros: [])
        var start = 0
        while start < x.count {
            let slice = x[start..<(start + length)]
            let (scale, zero) = dynamicParameters(min: slice.min()!, max: slice.max()!)
            result.scales.append(scale)
            if !symmetric { result.zeros.append(zero) }
            for i in slice.indices { result.codes[i] = encode(x[i], scale: scale, zero: zero) }
            start += length
        }
        return result
    }

    /// Quantizes with a static scale (and zero point), as `input_scale` in a checkpoint.
    public func quantize(_ x: [Float], scale: Float, zero: Int32 = 0) -> [UInt8] {
        x.map { encode($0, scale: scale, zero: zero) }
    }

    func dynamicParameters(min: Float, max: Float) -> (Float, Int32) {
        switch target {
        case .int8:
            if symmetric {
                let absmax = Swift.max(abs(min), abs(max))
                let scale = absmax / 127
                return (scale == 0 ? minimumScale : scale, 0)
            }
            let lo = Swift.min(min, 0), hi = Swift.max(max, 0)
            var scale = (hi - lo) / 255
            if scale == 0 { scale = minimumScale }
            let zero = (-128 - lo / scale).rounded(.toNearestOrEven)
            return (scale, Int32(integerCode(Swift.min(Swift.max(zero, -128), 127))))
        case .float8E4M3FN:
            let absmax = Swift.max(abs(min), abs(max))
            let scale = absmax / MiniFloat.float8E4M3FN.maxFinite
            return (scale == 0 ? minimumScale : scale, 0)
        }
    }

    func encode(_ v: Float, scale: Float, zero: Int32) -> UInt8 {
        switch target {
        case .int8:
            let q = (v / scale).rounded(.toNearestOrEven) + Float(zero)
            return UInt8(bitPattern: Int8(integerCode(Swift.min(Swift.max(q, -128), 127))))
        case .float8E4M3FN:
            let m = MiniFloat.float8E4M3FN.maxFinite
            return MiniFloat.float8E4M3FN.encode(Swift.min(Swift.max(v / scale, -m), m))
        }
    }

    /// Dequantizes codes produced by ``quantize(_:tokens:hidden:)``.
    public func dequantize(_ r: Result, tokens: Int, hidden: Int) throws(QuantFormatError) -> [Float] {
        let length = try groupLength(hidden: hidden, tokens: tokens)
        if r.codes.count != tokens * hidden { throw .wrongElementCount(tensor: "codes", expected: tokens * hidden, actual: r.codes.count) }
        if r.scales.count != r.codes.count / length { throw .wrongElementCount(tensor: "scales", expected: r.codes.count / length, actual: r.scales.count) }
        return r.codes.indices.map { i in
            let g = i / length
            switch target {
            case .int8:
                let z = symmetric ? 0 : r.zeros[g]
                return Float(Int32(Int8(bitPattern: r.codes[i])) - z) * r.scales[g]
            case .float8E4M3FN:
                return MiniFloat.float8E4M3FN.decode(r.codes[i]) * r.scales[g]
            }
        }
    }
}
