/// Exact conversions between `Float` and the small float formats checkpoints store:
/// FP8 e4m3fn, FP8 e5m2, bfloat16 and float16.
///
/// Encoding rounds to nearest, ties to even. Non-saturating encoding follows ml_dtypes and
/// PyTorch casts: e4m3fn has no infinity, so overflow (and ±∞) becomes NaN; e5m2 overflows to
/// ±∞. Saturating encoding clamps finite overflow (and ±∞) to the largest finite value.
public enum MiniFloat: Sendable {
    /// FP8 e4m3fn: 4 exponent bits (bias 7), 3 mantissa bits, max 448, NaN = S.1111.111.
    case float8E4M3FN
    /// FP8 e5m2: 5 exponent bits (bias 15), 2 mantissa bits, max 57344, with ±∞.
    case float8E5M2

    var exponentBits: Int { self == .float8E4M3FN ? 4 : 5 }
    var mantissaBits: Int { self == .float8E4M3FN ? 3 : 2 }
    var bias: Int { self == .float8E4M3FN ? 7 : 15 }

    /// The largest finite value.
    public var maxFinite: Float { self == .float8E4M3FN ? 448 : 57344 }

    /// The bit pattern of NaN (positive sign).
    public var nanBits: UInt8 { self == .float8E4M3FN ? 0x7F : 0x7E }

    /// Decodes one byte.
    public func decode(_ byte: UInt8) -> Float {
        let sign: Float = byte & 0x80 != 0 ? -1 : 1
        let e = Int(byte >> UInt8(mantissaBits)) & ((1 << exponentBits) - 1)
        let m = Int(byte) & ((1 << mantissaBits) - 1)
        switch self {
        case .float8E4M3FN:
            if e == 15 && m == 7 { return .nan }
        case .float8E5M2:
            if e == 31 { return m == 0 ? sign * .infinity : .nan }
        }
        if e == 0 {
            return sign * Float(m) * Float(sign: .plus, exponent: 1 - bias - mantissaBits, significand: 1)
        }
        let significand = Float((1 << mantissaBits) + m)
        return sign * significand * Float(sign: .plus, exponent: e - bias - mantissaBits, significand: 1)
    }

    /// Encodes `x`, rounding to nearest even.
    public func encode(_ x: Float, saturating: Bool = false) -> UInt8 {
        let signBit: UInt8 = x.sign == .minus ? 0x80 : 0
        if x.isNaN { return signBit | nanBits }
        if x.isInfinite {
            if saturating { return signBit | encodeMagnitude(Double(maxFinite)) }
            return self == .float8E4M3FN ? signBit | nanBits : signBit | 0x7C
        }
        let a = Double(x.magnitude)
        if a == 0 { return signBit }
        let minNormalExponent = 1 - bias
        let exponent = max(Int(a.exponent), minNormalExponent)
        let quantum = Double(sign: .plus, exponent: exponent - mantissaBits, significand: 1)
        let rounded = (a / quantum).rounded(.toNearestOrEven) * quantum
        if rounded > Double(maxFinite) {
            if saturating { return signBit | encodeMagnitude(Double(maxFinite)) }
            return self == .float8E4M3FN ? signBit | nanBits : signBit | 0x7C
        }
        return signBit | encodeMagnitude(rounded)
    }

    /// Bits of a representable, finite, non-negative magnitude.
    private func encodeMagnitude(_ v: Double) -> UInt8 {
        if v == 0 { return 0 }
        let minNormalExponent = 1 - bias
        if Int(v.exponent) < minNormalExponent {
            let m = Int(v / Double(sign: .plus, exponent: minNormalExponent - mantissaBits, significand: 1))
            return UInt8(m)
        }
        let e = Int(v.exponent)
        let m = Int(v / Double(sign: .plus, exponent: e - mantissaBits, significand: 1)) - (1 << mantissaBits)
        return UInt8(((e + bias) << mantissaBits) | m)
    }
}

/// bfloat16 conversions (round to nearest even; NaN stays NaN, quieted).
public enum BFloat16Bits {
    /// The bfloat16 bit pattern nearest to `x`.
    public static func encode(_ x: Float) -> UInt16 {
        let bits = x.bitPattern
        if x.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }
        let rounding = UInt32(0x7FFF) + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ rounding) >> 16)
    }

    /// The value of a bfloat16 bit pattern.
    public static func decode(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

    /// `x` rounded to the nearest bfloat16.
    public static func round(_ x: Float) -> Float { decode(encode(x)) }
}

/// float16 conversions through Swift's `Float16` (IEEE binary16, round to nearest even).
public enum Float16Bits {
    public static func encode(_ x: Float) -> UInt16 { Float16(x).bitPattern }
    public static func decode(_ bits: UInt16) -> Float { Float(Float16(bitPattern: bits)) }
    public static func round(_ x: Float) -> Float { Float(Float16(x)) }
}

extension ScaleDType {
    /// `x` rounded to this dtype (what a tensor of this dtype would hold).
    public func round(_ x: Float) -> Float {
        switch self {
        case .float16: return Float16Bits.round(x)
        case .bfloat16: return BFloat16Bits.round(x)
        case .float32: return x
        }
    }
}
