/// The rounding that ggml's CPU dot products apply to activations.
///
/// ggml multiplies a quantized weight row by activations quantized to the weight type's
/// `vec_dot_type`: Q8_0 (for Q4_0, Q5_0, Q8_0, IQ4_NL), Q8_1 (Q4_1, Q5_1), Q8_K (the K-quants
/// and IQ4_XS), F16 for F16 and BF16 for BF16 weights. Rounding activations the same way before
/// a float dot product reproduces llama.cpp's numbers to float rounding, which is what a
/// reference comparison against llama.cpp needs.
public enum GGUFActivationRounding {
    /// The activation type ggml pairs with `weightType` on the CPU.
    public static func activationType(for weightType: GGMLType) -> GGMLType {
        switch weightType {
        case .q4_0, .q5_0, .q8_0, .iq4_NL: return .q8_0
        case .q4_1, .q5_1: return .q8_1
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .iq4_XS: return .q8_K
        case .f16: return .f16
        case .bf16: return .bf16
        default: return .f32
        }
    }

    /// Rounds `count` activations in place to the values ggml's `weightType` dot product sees.
    /// `count` must be a multiple of the activation type's block (32, or 256 for Q8_K).
    ///
    /// For Q8_1, ggml also stores each block's sum `s = f16(d · Σq)`, which multiplies the
    /// weight block's minimum; `sumCorrections` (one float per 32 values, optional) receives
    /// `s − f16(d) · Σq`, the part that the rounded activations alone do not carry.
    public static func round(_ x: UnsafeMutablePointer<Float>, count: Int, forWeight weightType: GGMLType,
                             sumCorrections: UnsafeMutablePointer<Float>? = nil) {
        switch activationType(for: weightType) {
        case .q8_0, .q8_1:
            // quantize_row_q8_0/q8_1 (x86): d = amax/127 stored as f16, q = round-to-even(x · 127/amax).
            var start = 0
            while start + 32 <= count {
                var amax: Float = 0
                for i in start..<(start + 32) { amax = max(amax, abs(x[i])) }
                let d = Float(Float16(amax / 127))
                let inverse: Float = amax != 0 ? 127 / amax : 0
                var sum: Float = 0
                for i in start..<(start + 32) {
                    let q = (x[i] * inverse).rounded(.toNearestOrEven)
                    sum += q
                    x[i] = d * q
                }
                if let sumCorrections {
                    sumCorrections[start / 32] = Float(Float16(amax / 127 * sum)) - d * sum
                }
                start += 32
            }
        case .q8_K:
            // quantize_row_q8_K_ref: iscale = −127/max (signed max), q = min(127, nearest(iscale·x)), d = 1/iscale.
            var start = 0
            while start + 256 <= count {
                var amax: Float = 0, signedMax: Float = 0
                for i in start..<(start + 256) where abs(x[i]) > amax { amax = abs(x[i]); signedMax = x[i] }
                if amax == 0 {
                    for i in start..<(start + 256) { x[i] = 0 }
                } else {
                    let inverseScale = -127 / signedMax
                    let d = 1 / inverseScale
                    for i in start..<(start + 256) { x[i] = d * min(127, (inverseScale * x[i]).rounded(.toNearestOrEven)) }
                }
                start += 256
            }
        case .f16:
            for i in 0..<count { x[i] = Float(Float16(x[i])) }
        case .bf16:
            for i in 0..<count {
                // Round to nearest even, as ggml_compute_fp32_to_bf16 (NaN kept quiet).
                let bits = x[i].bitPattern
                if x[i].isNaN { x[i] = Float(bitPattern: (bits & 0xFFFF_0000) | 0x0040_0000); continue }
                let rounded = (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000
                x[i] = Float(bitPattern: rounded)
            }
        default:
            break
        }
    }

    /// Whether ggml's dot product for `weightType` adds block minima times Q8_1 block sums
    /// (Q4_1, Q5_1), so that ``minimumCorrection(weightRow:type:count:sumCorrections:)`` applies.
    public static func usesBlockSums(_ weightType: GGMLType) -> Bool { weightType == .q4_1 || weightType == .q5_1 }

    /// Σ over the 32-value blocks of one Q4_1/Q5_1 weight row of `m · correction`, where m is the
    /// block minimum (the f16 at byte 2) and `sumCorrections` comes from
    /// ``round(_:count:forWeight:sumCorrections:)``; 0 for other types. Added to the float dot
    /// product of the rounded activations, it gives ggml's result.
    public static func minimumCorrection(weightRow: UnsafeRawPointer, type: GGMLType, count: Int,
                                         sumCorrections: UnsafePointer<Float>) -> Float {
        guard usesBlockSums(type) else { return 0 }
        var total: Float = 0
        for block in 0..<(count / 32) {
            let minimum = halfToFloat(weightRow, block * type.layout.bytesPerBlock + 2)
            total += minimum * sumCorrections[block]
        }
        return total
    }
}
