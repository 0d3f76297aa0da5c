/// A quantized weight `W[N, K]` (N outputs, K inputs) in one canonical, unpacked form that
/// every format unpacks to and the scalar reference dequantizes:
///
/// `W[n, k] = (value[n, k] − zero[n, group]) · scale[…]`
///
/// - Integer formats: `codes[n·K + k]` is the stored integer after any format offset (GPTQ and
///   AWQ codes are unsigned, compressed-tensors and INT8 codes signed). `zeros` is `[N, G]`, or
///   empty when the scheme is symmetric (then ``implicitZero`` is subtracted).
/// - FP8 formats: `floatValues[n·K + k]` holds the decoded FP8 values; `codes` is empty.
/// - `scales` is laid out by granularity: `[1]`, `[N]`, `[N, G]` or `[⌈N/r⌉, ⌈K/c⌉]`.
public struct UnpackedWeight: Hashable, Sendable {
    public var n: Int
    public var k: Int
    public var granularity: ScaleGranularity
    public var codes: [Int32]
    public var floatValues: [Float]
    public var zeros: [Int32]
    public var implicitZero: Int32
    public var scales: [Float]
    /// The group of each input column `k` (group granularity only; act-order makes it non-monotonic).
    public var groupOfColumn: [Int32]

    public init(
        n: Int, k: Int, granularity: ScaleGranularity, codes: [Int32] = [], floatValues: [Float] = [],
        zeros: [Int32] = [], implicitZero: Int32 = 0, scales: [Float], groupOfColumn: [Int32] = []
    ) {
        self.n = n
        self.k = k
        self.granularity = granularity
        self.codes = codes
        self.floatValues = floatValues
        self.zeros = zeros
        self.implicitZero = implicitZero
        self.scales = scales
        self.groupOfColumn = groupOfColumn
    }

    /// The number of scale groups along K.
    public var groups: Int {
        if case .group = granularity, n > 0 { return scales.count / n }
        return 1
    }

    /// Checks every array against the shape, so that ``dequantize()`` never reads out of bounds.
    public func validate() throws(QuantFormatError) {
        if n <= 0 || k <= 0 { throw .nonPositiveShape(n: n, k: k) }
        let (nk, nkOverflow) = n.multipliedReportingOverflow(by: k)
        if nkOverflow { throw .nonPositiveShape(n: n, k: k) }
        if floatValues.isEmpty {
            if codes.count != nk { throw .wrongElementCount(tensor: "weight codes", expected: nk, actual: codes.count) }
        } else if floatValues.count != nk {
            throw .wrongElementCount(tensor: "weight values", expected: nk, actual: floatValues.count)
        }
        let expectedScales: Int
        var g = 1
        switch granularity {
        case .perTensor: expectedScales = 1
        case .perChannel: expectedScales = n
        case .group(let size):
            if size <= 0 { throw .invalidGroupSize(size) }
            if groupOfColumn.count != k {
                throw .wrongElementCount(tensor: "g_idx", expected: k, actual: groupOfColumn.count)
            }
            g = scales.count / n
            if g == 0 || scales.count != n * g {
                throw .wrongElementCount(tensor: "scales", expected: n * max(g, 1), actual: scales.count)
            }
            for (row, group) in groupOfColumn.enumerated() where group < 0 || Int(group) >= g {
                throw .groupIndexOutOfRange(row: row, group: Int(group), groups: g)
            }
            expectedScales = n * g
        case .block(let r, let c):
            if r <= 0 || c <= 0 { throw .invalidGroupSize(min(r, c)) }
            expectedScales = ((n + r - 1) / r) * ((k + c - 1) / c)
        }
        if scales.count != expectedScales {
            throw .wrongElementCount(tensor: "scales", expected: expectedScales, actual: scales.count)
        }
        let expectedZeros: Int
        switch granularity {
        case .perTensor, .block: expectedZeros = 1
        case .perChannel, .group: expectedZeros = n * g
        }
        if !zeros.isEmpty && zeros.count != expectedZeros {
            throw .wrongElementCount(tensor: "zero points", expected: expectedZeros, actual: zeros.count)
        }
    }

    /// The scale that multiplies `W[row, col]` (valid after ``validate()`` succeeded).
    @inlinable
    public func scale(row: Int, col: Int) -> Float {
        switch granularity {
        case .perTensor: return scales[0]
        case .perChannel: return scales[row]
        case .group: return scales[row * (scales.count / n) + Int(groupOfColumn[col])]
        case .block(let r, let c): return scales[(row / r) * ((k + c - 1) / c) + col / c]
        }
    }

    /// The zero point subtracted from `W[row, col]`'s code (valid after ``validate()`` succeeded).
    @inlinable
    public func zero(row: Int, col: Int) -> Int32 {
        if zeros.isEmpty { return implicitZero }
        switch granularity {
        case .group: return zeros[row * (zeros.count / n) + Int(groupOfColumn[col])]
        case .perChannel: return zeros[row]
        case .perTensor, .block: return zeros[0]
        }
    }

    /// The reference dequantization, `[N, K]` row-major, computed in `Float`.
    ///
    /// For integer formats `(q − z)` is exact and the product with a float16/bfloat16 scale is
    /// exact in `Float`, so rounding the result to the scale dtype reproduces a peer's fp16/bf16
    /// dequantization bit for bit.
    public func dequantize() throws(QuantFormatError) -> [Float] {
        try validate()
        var out = [Float](repeating: 0, count: n * k)
        for row in 0..<n {
            for col in 0..<k {
                let i = row * k + col
                let s = scale(row: row, col: col)
                if floatValues.isEmpty {
                    out[i] = Float(codes[i] - zero(row: row, col: col)) * s
                } else {
                    out[i] = floatValues[i] * s
                }
            }
        }
        return out
    }
}
