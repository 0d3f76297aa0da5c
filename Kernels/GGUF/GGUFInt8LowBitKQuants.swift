import KernelIR
import Quantization

extension GGUFInt8KQuants {
    /// Q2_K and Q3_K super-blocks as four 64-value vectors in natural order (vector v holds
    /// values 64v…; its first 32 lanes come from one 2-bit plane, the last 32 from the next),
    /// with one f32 scale per 16 values.
    ///
    /// - Q2_K `{ u8 scales[16]; u8 qs[64]; f16 d, dmin }`: q = (qs[32h + l] >> 2j) & 3 for value
    ///   128h + 32j + l; y = d · (sc & 15) · q − dmin · (sc >> 4).
    /// - Q3_K `{ u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d }`: the same 2-bit planes at 32,
    ///   plus 4 when bit j of hmask[l] (j = value / 32) is set, minus 4; 6-bit signed scales.
    func decodeLowBits(_ block: Value) -> Decoded {
        var out = Decoded()
        let three = spec.type == .q3_K
        let planes = three ? 32 : 16
        let first = e.mask(64) { $0 < 32 }
        let hmask = three ? block.load(e.i64(0), lanes: 32).permute(Array(0..<32) + Array(0..<32)) : nil
        for v in 0..<4 {
            let h = v / 2, j0 = 2 * (v % 2)
            let q = block.load(e.i64(planes + 32 * h), lanes: 32).permute(Array(0..<32) + Array(0..<32))
            var u = first.select(e.shiftBytesRight(q, 2 * j0), e.shiftBytesRight(q, 2 * j0 + 2)) & 3
            if let hmask {
                // Bit k = 2v (+1 for the last 32 lanes) of hmask[l], moved to bit 2.
                func toBit2(_ k: Int) -> Value { k <= 2 ? e.shiftBytesLeft(hmask, 2 - k) : e.shiftBytesRight(hmask, k - 2) }
                u = u | (first.select(toBit2(2 * v), toBit2(2 * v + 1)) & 4)
            }
            out.vectors.append(u)
        }
        let lanesOf = { (scales: Value) in (0..<4).map { v in scales.permute((0..<16).map { 4 * v + $0 / 4 }) } }
        if three {
            let d = block.load(e.i64(108), lanes: 2).bitcast(to: .f16).convert(.f32)
            out.scales = lanesOf(GGUFKScales.q3K(block.load(e.i64(96), lanes: 12), e: e) * d.splat(16))
        } else {
            let header = block.load(e.i64(80), lanes: 4)
            let sc = block.load(e.i64(0), lanes: 16)
            out.scales = lanesOf((sc & 15).convert(.f32, unsigned: true) * e.half(header, at: 0).splat(16))
            out.laneMins = lanesOf((e.shiftBytesRight(sc, 4) & 15).convert(.i32, unsigned: true).convert(.f32) * e.half(header, at: 2).splat(16))
        }
        return out
    }
}

extension GGUFKScales {
    /// The sixteen 6-bit signed scales of a Q3_K super-block, `sc − 32` as `<16 x f32>`, from
    /// its 12 scale bytes: low 4 bits of scale s from byte s & 7 (nibble s >> 3), high 2 bits
    /// from byte 8 + (s & 3) (bits 2·(s >> 2)).
    static func q3K(_ s: Value, e: GGUFEmit) -> Value {
        let low = s.permute(Array(0..<8) + Array(0..<8)).convert(.i32, unsigned: true) >> e.constants((0..<16).map { $0 < 8 ? 0 : 4 }, .i32)
        let high = s.permute((0..<16).map { 8 + $0 % 4 }).convert(.i32, unsigned: true) >> e.constants((0..<16).map { 2 * ($0 / 4) }, .i32)
        return (((low & 15) | ((high & 3) << 4)) - 32).convert(.f32)
    }
}
