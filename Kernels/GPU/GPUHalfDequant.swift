import KernelIR
import Quantization

/// 2-, 4- and 8-bit integers → pairs of 16-bit floats (f16 or bf16) in registers with the
/// exponent-magic trick, for the tensor-core GEMMs (``GPTQGPUGEMM``, ``GPTQGPUWGMMA``) whose
/// activations, and so whose `mma` operands, are `type`.
///
/// 2-bit (``crumbSource(_:shifted8:pair:)``, then ``pair(_:shift:negatedZero:scale:mask:)`` with
/// mask 3), exact as for 4-bit:
/// - f16: `(w & (0x3 << o | 0x3 << (16 + o))) | 0x6400_6400` is the pair `1024 + q·2^o` for a
///   crumb at bit `o` ∈ {0, 2, 4, 6} of each half (of `w`, or of `w >> 8` for the upper four);
///   one `fma.f16x2` (times `2^−o`, plus `−(2^(10 − o) + z')`) gives `q − z'` exactly (q < 4,
///   z' ≤ 4: `z'·2^o` < 1024 stays in the mantissa).
/// - bf16: the caller shifts the word right by `2i` for its `i`-th pair; `(w & 0x0003_0003) |
///   0x4300_4300` is the pair `128 + q`, and one `fma.bf16x2` (times 1, plus `−(128 + z')`) gives
///   `q − z'` exactly.
///
/// 4-bit:
/// - f16 (10 mantissa bits): `(w & (0xF << o | 0xF << (16 + o))) | 0x6400_6400` is the pair
///   `1024 + q·2^o`; one `fma.f16x2` (times `2^−o`, plus `−(1024 + z)`) gives `q − z` exactly for
///   a nibble at bit `o` ∈ {0, 4} of each half.
/// - bf16 (7 mantissa bits): a nibble fits only at bits 0…3 of each half, so the caller shifts
///   the word right by `4i` for its `i`-th pair; `(w & 0x000F_000F) | 0x4300_4300` is the pair
///   `128 + q`, and one `fma.bf16x2` (times 1, plus `−(128 + z)`) gives `q − z` exactly.
///
/// 8-bit (``bytePair(_:upper:negatedZero:scale:)``, bytes `2u, 2u + 1` of a word):
/// - f16: `prmt` puts each byte under the high byte `0x64` of a half: the pair `1024 + q`
///   (exact, q < 256 fits 10 mantissa bits), and one `add.f16x2` of `−(1024 + z')` gives `q − z'`
///   exactly (an integer in −256…255).
/// - bf16 (7 mantissa bits cannot hold `128 + q`): `prmt` builds the f32 `0x4B00_00qq` = `2^23 + q`
///   per value, one `add.f32` of `−(2^23 + z')` gives `q − z'` exactly, and `cvt.rn.bf16x2.f32`
///   packs the pair exactly (|q − z'| ≤ 256 needs at most 8 significant bits).
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

    /// The `i`-th 2-bit pair (0…7) of a word: the source word (shifted) and the in-half shift `o`.
    /// Pair `i` holds crumbs `i` and `i + 8` (bits `2i` and `16 + 2i`): for f16 pairs 0–3 from
    /// `w` and 4–7 from `w >> 8`, at `o = 2·(i % 4)`; for bf16 `w >> 2i` at `o = 0`.
    func crumbSource(_ w: Value, shifted8: Value, pair i: Int) -> (word: Value, shift: Int) {
        if bf16 { return (i == 0 ? w : w >> (2 * i), 0) }
        return (i >= 4 ? shifted8 : w, 2 * (i % 4))
    }

    /// The negated zero point `−(base + z')` in both halves as the operand pair, `base` being
    /// `2^10 / 2^o` (f16, nibble or crumb shift `o`) or 128 (bf16), and `z' = z + 1` for GPTQ v1.
    /// `z` is the unpacked zero point (i32, 0…15; 2-bit 0…3), or nil for symmetric weights (`symmetricZero`).
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

    /// `(q − z)·s` for the two nibbles (`mask` 0xF) or crumbs (`mask` 3) at bit `o` of each half
    /// of `word`, as an i32 operand register.
    func pair(_ word: Value, shift o: Int, negatedZero: Value, scale: Value, mask: Int = 0xF) -> Value {
        let magic = (word & ((mask << o) | (mask << (o + 16)))) | (bits.magic * 0x10001)
        let value = magic.bitcast(to: pairType).fma(b.constant(1 / Double(1 << o), pairType), negatedZero)
        return (value * scale).bitcast(to: .i32)
    }

    /// 8-bit: the negated zero point `−(base + z')` that ``bytePair(_:upper:negatedZero:scale:)``
    /// adds: f16×2 `−(1024 + z')` (f16) or f32 `−(2^23 + z')` (bf16), `z' = z + 1` for GPTQ v1;
    /// `z` is the unpacked zero point (i32, 0…255), or nil for symmetric weights (z = 128).
    func negatedByteZero(_ z: Value?, layout: GPTQLayout) -> Value {
        guard bf16 else { return negatedZero(z, layout: layout, shift: 0) }
        guard let z else { return b.constant(-(8_388_608 + Double(layout.symmetricZero)), .f32) }
        let one = layout.zeroPoints == .v1 ? 1 : 0
        // Sign, the exponent of 2^23 and z' in the mantissa.
        return (z + (0xCB00_0000 + one).asInt32).bitcast(to: .f32)
    }

    /// `(q − z')·s` for bytes `2u` and `2u + 1` of `word` (8-bit values, the lower byte the lower
    /// half), as an i32 operand register.
    func bytePair(_ word: Value, upper u: Int, negatedZero: Value, scale: Value) -> Value {
        if !bf16 {
            // d = [q0, 0x64, q1, 0x64]: selectors 2u, 4, 2u + 1, 5 (4…7 pick the constant's bytes).
            let magic = permute(word, 0x6464_6464, selector: 0x5040 | (2 * u) | ((2 * u + 1) << 8))
            return ((magic.bitcast(to: pairType) + negatedZero) * scale).bitcast(to: .i32)
        }
        // d = [q, 0x00, 0x00, 0x4B] (2^23 + q as f32): selectors i, 4, 5, 7.
        let values = (0..<2).map { e in
            permute(word, 0x4B00_0000, selector: 0x7540 | (2 * u + e)).bitcast(to: .f32) + negatedZero
        }
        // cvt.rn.bf16x2.f32 d, a, b puts a in the upper half.
        let pair = b.inlineAsm("cvt.rn.bf16x2.f32 $0, $1, $2;", constraints: "=r,f,f", result: .i32, [values[1], values[0]])
        return (pair.bitcast(to: pairType) * scale).bitcast(to: .i32)
    }

    /// `prmt.b32 d, a, constant, selector`: byte `i` of d is byte `selector[i]` of `{constant, a}`
    /// (0…3 from `a`, 4…7 from the constant).
    func permute(_ a: Value, _ constant: Int, selector: Int) -> Value {
        b.inlineAsm("prmt.b32 $0, $1, \(constant), \(selector);", constraints: "=r,r", result: .i32, [a])
    }

    /// The `mma`/`wgmma` operand type name: `f16` or `bf16`.
    var ptxName: String { bf16 ? "bf16" : "f16" }
}
