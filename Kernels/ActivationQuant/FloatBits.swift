import KernelIR

/// Exact float conversions and roundings written with DSL bit operations, shared by the
/// activation quantizers and the FP8-weight kernels. They act lane-wise on scalars or vectors
/// and mirror the scalar references in `Quantization` (``MiniFloat``, ``ActivationQuantizer``).
enum FloatBits {
    /// `f32 → FP8 e4m3fn` bits (as i32 lanes, `0...255`), rounding to nearest, ties to even.
    ///
    /// NaN keeps its sign and becomes `S.1111.111`. Values that round above 448 (and ±∞)
    /// become ±448 when `saturating`, NaN otherwise (as ml_dtypes casts). Subnormal results
    /// (`m·2⁻⁹`) are rounded by one float add: `|x| + 2¹⁴` has an ulp of exactly `2⁻⁹`.
    static func e4m3Bits(_ x: Value, saturating: Bool) -> Value {
        let i = KType.vector(.i32, x.type.lanes)
        let b = x.builder
        func c(_ v: Int) -> Value { b.constant(v, i) }
        let bits = x.bitcast(to: i)
        let sign = (bits >> 24) & 0x80
        let magnitude = bits & 0x7FFF_FFFF
        // Normal results: drop 20 mantissa bits with round-half-even; a carry moves into the
        // exponent. Rebias 127 → 7 (subtract 120 from the exponent field, shifted by 3).
        let roundingBias = c(0x7FFFF) + ((magnitude >> 20) & 1)
        let normal = ((magnitude + roundingBias) >> 20) - c(120 << 3)
        // Subnormal results (|x| < 2⁻⁶): the mantissa of |x| + 2¹⁴ counts units of 2⁻⁹.
        let shifted = magnitude.bitcast(to: x.type) + b.constant(16384.0, x.type)
        let subnormal = shifted.bitcast(to: i) - c(141 << 23)
        let rounded = magnitude.compare(.lt, c(121 << 23)).select(subnormal, normal)
        let overflow = c(saturating ? 0x7E : 0x7F)
        let finite = rounded.compare(.gt, c(0x7E)).select(overflow, rounded)
        let code = magnitude.compare(.gt, c(0x7F80_0000)).select(c(0x7F), finite)
        return sign | code
    }

    /// FP8 e4m3fn bytes → the same values scaled by 2⁻⁸, exactly, as f32: the byte's sign and
    /// seven magnitude bits are moved into an f16 (`S.0EEEE.MMM0000000`), whose subnormals
    /// cover e4m3's, and widened by the hardware (`vcvtph2ps`), so no f32 subnormal is ever
    /// touched. Callers fold ``e4m3Rebias`` (2⁸) into a scale. The NaN code `S.1111.111`
    /// decodes as ±480 (checkpoints hold no NaN weights).
    static func e4m3Unscaled(_ bytes: Value) -> Value {
        let lanes = bytes.type.lanes
        let wide = bytes.bitcast(to: .vector(.i8, lanes)).convert(to: .vector(.i16, lanes))  // sign-extended
        let half = ((wide << 7) & Int(Int16(bitPattern: 0xBFFF))).bitcast(to: .vector(.f16, lanes))
        return half.convert(.f32)
    }

    /// The factor ``e4m3Unscaled(_:)`` leaves out: 2⁸.
    static let e4m3Rebias = 256.0

    /// Round to nearest integer, ties to even (`vrndscaleps` on x86, `cvt.rni` on NVPTX).
    static func roundHalfEven(_ x: Value) -> Value {
        x.builder.intrinsic("llvm.roundeven.\(mangled(x.type))", result: x.type, [x])
    }

    /// `e^x` in f32, vectorized, the same on every target: ``FloatExp/exp(_:)`` op for op
    /// (`n = round(x·log2 e)`, `r = x − n·ln 2` in two FMAs, a degree-7 Taylor polynomial by
    /// Horner FMAs, then `·2^⌊n/2⌋·2^(n−⌊n/2⌋)` so gradual underflow and overflow come out right).
    static func exp(_ x: Value) -> Value {
        let b = x.builder, t = x.type, i = t.with(element: .i32)
        func c(_ v: Double) -> Value { b.constant(v, t) }
        let clamped = clamp(x, FloatExp.lowest, FloatExp.highest)
        let n = roundHalfEven(clamped * c(FloatExp.log2e))
        let reduced = (-n).fma(c(FloatExp.ln2Low), (-n).fma(c(FloatExp.ln2High), clamped))
        var p = c(FloatExp.coefficients[0])
        for coefficient in FloatExp.coefficients.dropFirst() { p = p.fma(reduced, c(coefficient)) }
        let whole = n.compare(.ne, n).select(c(0), n).convert(to: i)  // NaN would make fptosi poison
        let half = whole.ashr(1)
        func power(_ e: Value) -> Value { ((e + 127) << 23).bitcast(to: t) }
        return p * power(half) * power(whole - half)
    }

    /// `x` clamped to `[lo, hi]` the way Swift's `min(max(x, lo), hi)` does: NaN stays NaN.
    static func clamp(_ x: Value, _ lo: Double, _ hi: Double) -> Value {
        let b = x.builder
        let l = b.constant(lo, x.type), h = b.constant(hi, x.type)
        let low = l.compare(.gt, x).select(l, x)
        return h.compare(.lt, low).select(h, low)
    }

    /// `|x|` by clearing the sign bit.
    static func abs(_ x: Value) -> Value {
        let i = x.type.with(element: .i32)
        return (x.bitcast(to: i) & 0x7FFF_FFFF).bitcast(to: x.type)
    }

    /// The LLVM overload suffix of a float type: `f32`, `v16f32`.
    static func mangled(_ t: KType) -> String {
        t.lanes == 1 ? t.element.name : "v\(t.lanes)\(t.element.name)"
    }
}
