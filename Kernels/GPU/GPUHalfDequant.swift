import KernelIR
import Quantization

/// 4-bit integers → pairs of 16-bit floats (f16 or bf16) in registers with the exponent-magic
/// trick, for the tensor-core GEMMs (``GPTQGPUGEMM``, ``GPTQGPUWGMMA``) whose activations, and
/// so whose `mma` operands, are `type`.
///
/// - f16 (10 mantissa bits): `(w & (0xF << o | 0xF << (16 + o))) | 0x6400_6400` is the pair
///   `1024 + q·2^o`; one `fma.f16x2` (times `2^−o`, plus `−(1024 + z)`) gives `q − z` exactly for
///   a nibble at bit `o` ∈ {0, 4} of each half.
/// - bf16 (7 mantissa bits): a nibble fits only at bits 0…3 of each half, so the caller shifts
///   the word right by `4i` for its `i`-th pair; `(w & 0x000F_000F) | 0x4300_4300` is the pair
///   `128 + q`, and one `fma.bf16x2` (times 1, plus `−(128 + z)`) gives `q − z` exactly.
///
/// The scale then multiplies the pair in the same type (`mul.f16x2` / `mul.bf16x2`): one rounding of `(q − z)·s` to the operand type. f16 scales are converted to bf16
/// once per group (round to nearest even), so a bf16 weight carries at most two roundings
/// (`≤ 2^−8` relative), against the bf16 activations' own `2^−9`.
struct GPUHalfDequant {
    let b: KernelBuilder
    /// `.f16` or `.bf16`.
    let type: ScalarType

    var bf16: Bool { type == .bf16 }
    var pairType: KType { .vector(type, 2) }
    /// The magic half (`1024` or `128` as bits) and the biased exponent of that base, in place.
    var bits: (magic: Int, exponent: Int) { bf16 ? (0x4300, 134 << 7) : (0x6400, 25 << 10) }

    /// The `i`-th pair (0…3) of a word: the source word (shifted) and the in-half shift `o`. Pair
    /// `i` holds nibbles `i` and `i + 4` in GPTQ order (bits `4i` and `16 + 4i`) for bf16, and for
    /// f16 the same two nibbles through the shift by 8 and `o = 4·(i % 2)`.
    func source(_ w: Value, shifted8: Value, pair i: Int) -> (word: Value, shift: Int) {
        if bf16 { return (i == 0 ? w : w >> (4 * i), 0) }
        return (i >= 2 ? shifted8 : w, 4 * (i % 2))
    }

    /// The negated zero point `−(base + z')` in both halves as the operand pair, `base` being
    /// `2^10 / 2^o` (f16, nibble shift `o`) or 128 (bf16), and `z' = z + 1` for GPTQ v1.
    /// `z` is the unpacked zero point (i32, 0…15), or nil for symmetric weights (`symmetricZero`).
    func negatedZero(_ z: Value?, layout: GPTQLayout, shift o: Int) -> Value {
        guard let z else {
            let base = bf16 ? 128.0 : Double(1 << (10 - o))
            return b.constant(-(base + Double(layout.symmetricZero)), pairType)
        }
        let one = layout.zeroPoints == .v1 ? 1 : 0
        // Sign, the exponent of the base, and z' in the mantissa (at bit o for f16).
        let half = bf16 ? z + (0x8000 | bits.exponent) + one : (z << o) + (0x8000 | ((25 - o) << 10)) + (one << o)
        return (half * 0x10001).bitcast(to: pairType)
    }

    /// The scale `s` (f16) as a pair of the operand type.
    func scalePair(_ s: Value) -> Value {
        let v = bf16 ? s.convert(.bf16) : s
        return b.vector([v, v])
    }

    /// `(q − z)·s` for the two nibbles at bit `o` of each half of `word`, as an i32 operand register.
    func pair(_ word: Value, shift o: Int, negatedZero: Value, scale: Value) -> Value {
        let magic = (word & ((0xF << o) | (0xF << (o + 16)))) | (bits.magic * 0x10001)
        let value = magic.bitcast(to: pairType).fma(b.constant(1 / Double(1 << o), pairType), negatedZero)
        return (value * scale).bitcast(to: .i32)
    }

    /// The `mma`/`wgmma` operand type name: `f16` or `bf16`.
    var ptxName: String { bf16 ? "bf16" : "f16" }
}
