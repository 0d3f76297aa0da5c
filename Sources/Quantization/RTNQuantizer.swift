/// Round-to-nearest (RTN) weight quantization: the scalar reference quantizer.
///
/// Two conventions exist in the wild and both are reproduced operation for operation in
/// `Float` (so results match the peers' float32 arithmetic bit for bit):
///
/// - ``Convention/gptq``: unsigned codes `0...2^bits−1`. The range is widened to include 0;
///   `scale = (xmax − xmin) / maxq`; symmetric uses `xmin = −max(|xmin|, xmax)` and the zero
///   point `2^(bits−1)`, asymmetric `zero = round(−xmin / scale)`; an all-zero group gets
///   the range −1…1. `q = clamp(round(x / scale) + zero, 0, maxq)`.
/// - ``Convention/signed``: signed codes `−2^(bits−1) ... 2^(bits−1)−1` as compressed-tensors
///   writes them. Symmetric: `scale = max(|min|, |max|) / ((2^bits − 1) / 2)`, zero 0;
///   asymmetric: `scale = (max − min) / (2^bits − 1)`, `zero = round(qmin − min / scale)`
///   clamped. A zero scale becomes the float32 epsilon. `q = clamp(round(x / scale + zero))`.
public struct RTNQuantizer: Hashable, Sendable {
    public enum Convention: String, Hashable, Sendable { case gptq, signed }

    public var bits: Int
    /// Group size along K; −1 for one group per output channel.
    public var groupSize: Int
    public var symmetric: Bool
    public var convention: Convention

    public init(bits: Int, groupSize: Int, symmetric: Bool, convention: Convention = .gptq) {
        self.bits = bits
        self.groupSize = groupSize
        self.symmetric = symmetric
        self.convention = convention
    }

    /// Codes `[N, K]`, and per-group zero points and scales `[N, G]`.
    public struct Result: Hashable, Sendable {
        public var n: Int
        public var k: Int
        public var groupSize: Int
        public var codes: [Int32]
        public var zeros: [Int32]
        public var scales: [Float]

        /// The quantized weight in canonical form (zero points always explicit).
        public var unpacked: UnpackedWeight {
            UnpackedWeight(
                n: n, k: k, granularity: .group(groupSize), codes: codes, zeros: zeros, scales: scales,
                groupOfColumn: (0..<k).map { Int32($0 / groupSize) })
        }
    }

    /// Quantizes `weights[N, K]` (row-major, one row per output channel).
    public func quantize(_ weights: [Float], n: Int, k: Int) throws(QuantFormatError) -> Result {
        if n <= 0 || k <= 0 { throw .nonPositiveShape(n: n, k: k) }
        if weights.count != n * k { throw .wrongElementCount(tensor: "weights", expected: n * k, actual: weights.count) }
        if !(1...8).contains(bits) { throw .unsupportedBits(method: .gptq, bits: bits, supported: Array(1...8)) }
        let size = groupSize == -1 ? k : groupSize
        if size <= 0 { throw .invalidGroupSize(groupSize) }
        if k % size != 0 { throw .groupSizeDoesNotDivide(groupSize: size, k: k) }
        let groups = k / size
        var result = Result(
            n: n, k: k, groupSize: size, codes: [Int32](repeating: 0, count: n * k),
            zeros: [Int32](repeating: 0, count: n * groups), scales: [Float](repeating: 0, count: n * groups))
        for row in 0..<n {
            for g in 0..<groups {
                let start = row * k + g * size
                let slice = weights[start..<(start + size)]
                let (scale, zero) = parameters(min: slice.min()!, max: slice.max()!)
                result.scales[row * groups + g] = scale
                result.zeros[row * groups + g] = Int32(integerCode(zero))
                for i in start..<(start + size) {
                    result.codes[i] = Int32(code(weights[i], scale: scale, zero: zero))
                }
            }
        }
        return result
    }

    /// Scale and zero point of one group with the given extremes.
    public func parameters(min rawMin: Float, max rawMax: Float) -> (scale: Float, zero: Float) {
        var xmin = Swift.min(rawMin, 0)
        var xmax = Swift.max(rawMax, 0)
        switch convention {
        case .gptq:
            let maxq = Float((1 << bits) - 1)
            if symmetric {
                xmax = Swift.max(abs(xmin), xmax)
                if xmin < 0 { xmin = -xmax }
            }
            let bothZero = symmetric ? xmax == 0 : (xmin == 0 && xmax == 0)
            if bothZero { xmin -= 1; xmax += 1 }
            let scale = (xmax - xmin) / maxq
            let zero = symmetric ? (maxq + 1) / 2 : (-xmin / scale).rounded(.toNearestOrEven)
            return (scale, zero)
        case .signed:
            let qmin = Float(-(1 << (bits - 1))), qmax = Float((1 << (bits - 1)) - 1)
            let range = qmax - qmin
            var scale: Float
            var zero: Float = 0
            if symmetric {
                scale = Swift.max(abs(xmin), abs(xmax)) / (range / 2)
            } else {
                scale = (xmax - xmin) / range
                zero = Swift.min(Swift.max(qmin - xmin / scale, qmin), qmax)
            }
            // compressed-tensors computes the zero point before replacing a zero scale, so an
            // all-zero group gets 0/0 = NaN, which its integer cast turns into 0.
            if zero.isNaN { zero = 0 }
            if scale == 0 { scale = Float.ulpOfOne }
            return (scale, zero.rounded(.toNearestOrEven))
        }
    }

    /// The code of one value.
    public func code(_ x: Float, scale: Float, zero: Float) -> Int {
        switch convention {
        case .gptq:
            let maxq = Float((1 << bits) - 1)
            return integerCode(Swift.min(Swift.max((x / scale).rounded(.toNearestOrEven) + zero, 0), maxq))
        case .signed:
            let qmin = Float(-(1 << (bits - 1))), qmax = Float((1 << (bits - 1)) - 1)
            return integerCode(Swift.min(Swift.max((x / scale + zero).rounded(.toNearestOrEven), qmin), qmax))
        }
    }
}

/// A float already clamped to a code range as an integer; NaN (from NaN inputs) becomes 0.
@inlinable
func integerCode(_ x: Float) -> Int {
    x.isFinite ? Int(x) : 0
}
