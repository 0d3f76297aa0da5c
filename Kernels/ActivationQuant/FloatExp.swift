/// QuantJIT's `e^x` for f32: the scalar definition that ``FloatBits/exp(_:)`` emits lane for
/// lane, and so the oracle of the fused SiLU kernels (bit for bit, on the CPU and the GPU
/// alike). Within 2 ulp of the exact exponential (checked against `Double` in the tests).
///
/// `x` is clamped to `[−104, 89]` (beyond it the result is 0 or ∞ anyway), `n = round(x·log₂e)`
/// with ties to even, `r = (x − n·ln2_hi) − n·ln2_lo` by two fused multiply-adds (`ln2_hi` has
/// 15 significant bits, so `n·ln2_hi` is exact), `p = Σ rᵏ/k!` for k ≤ 7 by Horner FMAs, and
/// `p · 2^⌊n/2⌋ · 2^(n−⌊n/2⌋)`, two normal powers of two whose product rounds once into the
/// subnormal or overflow range when it must.
public enum FloatExp {
    static let lowest = -104.0
    static let highest = 89.0
    static let log2e = 1.4426950408889634
    /// `ln 2` split: the high part `0x3F317200`, the low part the f32 nearest the rest.
    static let ln2High = 0.693145751953125
    static let ln2Low = 1.4286067653301870e-06
    /// `1/7!, 1/6!, …, 1/1!, 1/0!`, highest degree first (for Horner).
    static let coefficients: [Double] = [1.0 / 5040, 1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1, 1]

    /// `e^x`, computed exactly as the kernels compute it.
    public static func exp(_ x: Float) -> Float {
        if x.isNaN { return x }
        let clamped = Swift.min(Swift.max(x, Float(lowest)), Float(highest))
        let n = (clamped * Float(log2e)).rounded(.toNearestOrEven)
        let reduced = clamped.addingProduct(-n, Float(ln2High)).addingProduct(-n, Float(ln2Low))
        var p = Float(coefficients[0])
        for c in coefficients.dropFirst() { p = Float(c).addingProduct(p, reduced) }
        let whole = Int32(n), half = whole >> 1
        func power(_ e: Int32) -> Float { Float(bitPattern: UInt32(e + 127) << 23) }
        return p * power(half) * power(whole - half)
    }
}
