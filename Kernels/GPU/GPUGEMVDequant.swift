import KernelIR
import Quantization

/// Group parameters and the magic-number dequantization of ``GPTQGPUGEMV`` (f16, or bf16 with
/// ``GPUGEMVEmitter/bf16``).
extension GPUGEMVEmitter {
    /// Per run of K blocks inside one group: per column word `j`, the scales of its 4 columns
    /// (f32) and, per column and offset `o`, the f16×2 constant `−(2^(10−o) + z)`.
    struct GroupParameters {
        var scales: [Value]
        var negatedZeros: [[[Int: Value]]]
    }

    /// The raw loads of a group's parameters: per column word, 4 f16 scales and (asymmetric
    /// layouts) the i32 word holding the 4 zero points.
    func groupLoads(group gi: Value, columns: [Value]) -> (scales: [Value], zeros: [Value]) {
        let n32 = p.n.convert(.i32)
        let scales = columns.map { p.scales.load(gi * n32 + $0, lanes: 4, alignment: 8) }
        guard layout.zeroPoints != .symmetric else { return (scales, []) }
        let rowWords = (n32 * bits + 31) >> 5
        return (scales, columns.map { p.qzeros.load(gi * rowWords + (($0 * bits) >> 5)) })
    }

    func groupParameters(scales rawScales: [Value], zeros rawZeros: [Value], columns: [Value]) -> GroupParameters {
        let f16x2 = KType.vector(.f16, 2)
        var scales: [Value] = [], zeros: [[[Int: Value]]] = []
        let mask = (1 << bits) - 1
        if encoding == .fp8e4m3 {
            // FP8 values enter the `mma` as 2^−8 times themselves (``FP8Conversion``): the scale
            // takes the 2^8 back, exactly.
            return GroupParameters(scales: rawScales.map { $0.convert(.f32) * Double(FP8Conversion.scaleCompensation) },
                                   negatedZeros: Array(repeating: Array(repeating: [:], count: 4), count: columns.count))
        }
        for (j, column) in columns.enumerated() {
            scales.append(rawScales[j].convert(.f32))
            var perColumn: [[Int: Value]] = []
            if bf16 {
                // −(128 + z) as bf16 bits: sign, the exponent of 128, z in the mantissa (z < 128).
                let one = layout.zeroPoints == .v1 ? 1 : 0
                if layout.zeroPoints == .symmetric {
                    let constant = b.constant(((0xC300 + layout.symmetricZero) * 0x10001).asInt32, .i32)
                    perColumn = Array(repeating: [0: constant], count: 4)
                } else {
                    let shift = ((column * bits) & 31).convert(.i32)
                    for i in 0..<4 {
                        let z = (rawZeros[j] >> (shift + i * bits)) & mask
                        perColumn.append([0: (z + (0xC300 + one)) * 0x10001])
                    }
                }
            } else if layout.zeroPoints == .symmetric {
                let z = Double(layout.symmetricZero)
                let constants = Dictionary(uniqueKeysWithValues: offsets.map { o in
                    (o, b.constant(-(Double(1 << (10 - o)) + z), f16x2))
                })
                perColumn = Array(repeating: constants, count: 4)
            } else {
                // −(2^(10−o) + z) as f16 bits, built with integer ops (no conversions): the sign,
                // the exponent of 2^(10−o), and z·2^o in the mantissa (z·2^o < 1024 for every
                // supported width), then copied into both halves.
                let shift = ((column * bits) & 31).convert(.i32)
                let one = layout.zeroPoints == .v1 ? 1 : 0
                for i in 0..<4 {
                    let z = (rawZeros[j] >> (shift + i * bits)) & mask
                    perColumn.append(Dictionary(uniqueKeysWithValues: offsets.map { o in
                        let half = (z << o) + (0x8000 | ((25 - o) << 10)) + (one << o)
                        return (o, (half * 0x10001).bitcast(to: f16x2))
                    }))
                }
            }
            zeros.append(perColumn)
        }
        return GroupParameters(scales: scales, negatedZeros: zeros)
    }

    /// Pair `i` of a word as f16×2 `(q_i − z, q_{i+pairs} − z)` in an i32 (exact).
    func dequantize(word w: Value, shifted: Value, pair i: Int, negatedZeros: [Int: Value]) -> Value {
        if encoding == .fp8e4m3 { return FP8Conversion.halfPair(i == 0 ? w : shifted) }
        if bf16 {
            // Pair i sits at bit `bits·i` of each half: shift it to bit 0, `| 0x4300` makes the
            // bf16 `128 + q`, and one `fma.rn.bf16x2` (× 1, + −(128 + z)) gives `q − z` exactly.
            let q = (i == 0 ? w : w >> (bits * i)) & (((1 << bits) - 1) * 0x10001)
            let magic = self.magic.map { q | $0 } ?? (q | 0x4300_4300)
            return b.inlineAsm("fma.rn.bf16x2 $0, $1, $2, $3;", constraints: "=r,r,r,r", result: .i32,
                               [magic, b.constant(0x3F80_3F80, .i32), negatedZeros[0]!])
        }
        let (isShifted, o) = place(ofPair: i)
        let m = ((1 << bits) - 1) << o
        let mask = (m | (m << 16)).asInt32
        let masked = (isShifted ? shifted : w) & mask
        let magic = self.magic.map { masked | $0 } ?? (masked | 0x6400_6400)
        let f16x2 = KType.vector(.f16, 2)
        let value = magic.bitcast(to: f16x2).fma(b.constant(1 / Double(1 << o), f16x2), negatedZeros[o]!)
        return value.bitcast(to: .i32)
    }
}
