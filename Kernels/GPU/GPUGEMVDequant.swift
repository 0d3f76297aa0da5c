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
        let scales = columns.map { column in
            c.earlyBodies > 0 ? globalWords(at: p.scales.offset(gi * n32 + column), count: 2).bitcast(to: .vector(.f16, 4))
                : p.scales.load(gi * n32 + column, lanes: 4, alignment: 8)
        }
        guard layout.zeroPoints != .symmetric else { return (scales, []) }
        let rowWords = (n32 * bits + 31) >> 5
        return (scales, columns.map { column in
            let index = gi * rowWords + ((column * bits) >> 5)
            return c.earlyBodies > 0 ? globalWords(at: p.qzeros.offset(index), count: 1) : p.qzeros.load(index)
        })
    }

    func groupParameters(scales rawScales: [Value], zeros rawZeros: [Value], columns: [Value]) -> GroupParameters {
        let f16x2 = KType.vector(.f16, 2)
        var scales: [Value] = [], zeros: [[[Int: Value]]] = []
        let mask = (1 << bits) - 1
        if encoding == .fp8e4m3 || (c.subnormalBF16 && layout.zeroPoints == .symmetric) {
            // FP8 values (and `q − z` on the subnormal path) enter the `mma` as 2^−8 times
            // themselves (``FP8Conversion``, ``subnormalPair``): the scale takes the 2^8 back, exactly.
            // Symmetric GPTQ: −z·2^−8 (no constant at all for FP8, whose variants stay as they were).
            let z = encoding == .fp8e4m3 ? nil : b.constant((Self.bfloatBits(-Double(layout.symmetricZero) / 256) * 0x10001).asInt32, .i32)
            return GroupParameters(scales: rawScales.map { $0.convert(.f32) * Double(FP8Conversion.scaleCompensation) },
                                   negatedZeros: Array(repeating: Array(repeating: z.map { [0: $0] } ?? [:], count: 4), count: columns.count))
        }
        for (j, column) in columns.enumerated() {
            scales.append(rawScales[j].convert(.f32))
            var perColumn: [[Int: Value]] = []
            if c.subnormalBF16 {
                // −z'·2^−8 in both halves: z' (≤ 256) to f32, times −2^−8, high half (exact).
                scales[j] = scales[j] * Double(FP8Conversion.scaleCompensation)
                let shift = ((column * bits) & 31).convert(.i32)
                let one = layout.zeroPoints == .v1 ? 1 : 0
                for i in 0..<4 {
                    let z = ((rawZeros[j] >> (shift + i * bits)) & mask) + one
                    let negated = z.convert(.f32) * (-1.0 / 256)
                    perColumn.append([0: highHalves(negated, negated)])
                }
            } else if bf16 && bits == 8 {
                // −(2^23 + z') as f32 (``dequantizeBytes``): the sign and exponent of −2^23 with z'
                // (≤ 256) in the mantissa, built with one integer add per column.
                let one = layout.zeroPoints == .v1 ? 1 : 0
                if layout.zeroPoints == .symmetric {
                    perColumn = Array(repeating: [0: b.constant(-(8_388_608.0 + Double(layout.symmetricZero)), .f32)], count: 4)
                } else {
                    let shift = ((column * bits) & 31).convert(.i32)
                    for i in 0..<4 {
                        let z = (rawZeros[j] >> (shift + i * bits)) & mask
                        perColumn.append([0: (z + (0xCB00_0000 + one).asInt32).bitcast(to: .f32)])
                    }
                }
            } else if bf16 {
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

    /// Pair `i` of a word as f16×2 (or bf16×2) `(q_i − z, q_{i+pairs} − z)` in an i32 (exact).
    func dequantize(word w: Value, shifted: Value, pair i: Int, negatedZeros: [Int: Value]) -> Value {
        if c.subnormalBF16 { return subnormalPair(word: i == 0 ? w : shifted, negatedZero: negatedZeros[0]) }
        if encoding == .fp8e4m3 {
            let half = FP8Conversion.halfPair(i == 0 ? w : shifted)
            return bf16 ? bfloatPair(half: half) : half
        }
        if bf16 && bits == 8 { return dequantizeBytes(word: w, pair: i, negatedZero: negatedZeros[0]!) }
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
        if cuts.contains(.dequantization) { return masked }  // a timing bound: the mask alone
        let magic = self.magic.map { masked | $0 } ?? (masked | 0x6400_6400)
        let f16x2 = KType.vector(.f16, 2)
        let value = magic.bitcast(to: f16x2).fma(b.constant(1 / Double(1 << o), f16x2), negatedZeros[o]!)
        return value.bitcast(to: .i32)
    }

    /// 8-bit `q` → bf16, exactly: bytes `i` and `i + 2` of `w` as the bf16×2 `(q_i − z', q_{i+2} − z')`.
    ///
    /// bf16's 7 mantissa bits cannot hold `128 + q` for `q` up to 255 (the magic number of the 2-
    /// and 4-bit path), so each byte goes through f32 instead: one `prmt` puts it under the f32
    /// exponent of 2^23 (`0x4B00_00qq` is `2^23 + q`, ulp 1), one `add.f32` of `−(2^23 + z')` gives
    /// `q − z'` exactly (both operands and the result are integers below 2^24), and a last `prmt`
    /// keeps the high halves of the two f32 words. That truncation is exact too: `|q − z'| ≤ 256`
    /// has at most 8 significant bits (256 is a power of two), which bf16 holds, so the low 16
    /// bits of each f32 are zero. Five instructions per pair (f16: two, the `lop3` and the
    /// `fma.f16x2`); the scales stay in f32 after the `mma`, as for every width, so bf16 weights
    /// add no rounding: the error is the activations' own bf16 rounding and the f32 accumulation.
    func dequantizeBytes(word w: Value, pair i: Int, negatedZero: Value) -> Value {
        let base = magic ?? b.constant(0x4B00_0000, .i32)
        func integer(_ byte: Int) -> Value {
            // Selector: result byte 0 = byte `byte` of w, bytes 1 and 2 = 0x00 and byte 3 = 0x4B of `base`.
            let bits = b.inlineAsm("prmt.b32 $0, $1, $2, 0x744\(byte);", constraints: "=r,r,r", result: .i32, [w, base])
            return bits.bitcast(to: .f32) + negatedZero
        }
        return highHalves(integer(i), integer(i + 2))
    }

    /// FP8: the f16×2 pair of ``FP8Conversion/halfPair(_:)`` (2^−8 times the e4m3 values) as a
    /// bf16×2 pair of the same values, exactly: each half widened to f32 (`cvt.f32.f16` is exact,
    /// subnormals included: e4m3 subnormals are f16 subnormals there), then the high halves kept
    /// (an e4m3 value has 4 significant bits, so the low 16 bits of its f32 are zero, and 2^−8
    /// times it, at least 2^−17, is a normal bf16). No bf16 subnormal ever enters an instruction.
    func bfloatPair(half: Value) -> Value {
        let pair = half.bitcast(to: .vector(.f16, 2))
        return highHalves(pair.extract(0).convert(.f32), pair.extract(1).convert(.f32))
    }

    /// bf16 ``GPUGEMVConfig/subnormalBF16``: bytes 0 and 2 of `source` (shifted by 8 for pair 1)
    /// as a bf16×2 of 2^−8 times their values, with one `fma.rn.bf16x2`.
    ///
    /// - GPTQ: `source & 0x00FF_00FF` holds the bf16 bit patterns `0x00qq`, which are `q·2^−133`
    ///   for every `q` (subnormals below 128; at 128…255 the exponent field is 1 and the value
    ///   `2^−126 + (q − 128)·2^−133` is still `q·2^−133`). `fma(·, 2^125, −z'·2^−8)` is
    ///   `(q − z')·2^−8`, exact (8 significant bits, a normal bf16).
    /// - FP8: an e4m3 byte `s eeee mmm` moved to `s 0000 eeee mmm 0000` is the bf16 of 2^−120 times its
    ///   value (e4m3 subnormals on bf16 subnormals); `fma(·, 2^112, −0)` makes it 2^−8 times, as
    ///   ``FP8Conversion/halfPair(_:)``.
    ///
    /// Both rest on the bf16 `fma` reading subnormal inputs as they are (its results here are normal).
    func subnormalPair(word source: Value, negatedZero: Value?) -> Value {
        let bits: Value, factor: Int
        if encoding == .fp8e4m3 {
            bits = ((source & 0x007F_007F) << 4) | ((source & 0x0080_0080) << 8)
            factor = 0x7780  // 2^112
        } else {
            bits = source & 0x00FF_00FF
            factor = 0x7E00  // 2^125
        }
        let addend = negatedZero ?? b.constant(0x8000_8000.asInt32, .i32)
        return b.inlineAsm("fma.rn.bf16x2 $0, $1, $2, $3;", constraints: "=r,r,r,r", result: .i32,
                           [bits, b.constant((factor * 0x10001).asInt32, .i32), addend])
    }

    /// The bf16 bit pattern of `value` (exactly representable).
    static func bfloatBits(_ value: Double) -> Int {
        let bits = Float(value).bitPattern
        precondition(bits & 0xFFFF == 0, "\(value) is not a bf16")
        return Int(bits >> 16)
    }

    /// The bf16×2 (in an i32) of two f32 values whose low 16 bits are zero: `prmt` keeps bytes 2
    /// and 3 of each (`lo` in the low half). Exact only for such values (no rounding happens).
    func highHalves(_ lo: Value, _ hi: Value) -> Value {
        b.inlineAsm("prmt.b32 $0, $1, $2, 0x7632;", constraints: "=r,r,r", result: .i32, [lo.bitcast(to: .i32), hi.bitcast(to: .i32)])
    }
}
