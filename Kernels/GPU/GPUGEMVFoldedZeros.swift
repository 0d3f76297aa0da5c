import KernelIR
import Quantization

/// ``GPUGEMVConfig/foldedZeros``: the weights enter the `mma` as the `lop3` leaves them, the f16
/// `2^10 + q·2^o`, and what that adds to each row's sum comes off once per run.
///
/// With the activation `x` of a value at offset `o` fed as `x' = x·2^−o`, its product is
/// `(2^10 + q·2^o)·x' = (q − z)·x + (2^10 + 2^o·z)·x'`: the result plus a surplus that depends on
/// the row, the pair's offset and the zero point, not on `q`. Summed over a run of K blocks:
///
/// - symmetric (one `z` for every column): `E = Σ (2^10 + 2^o·z)·x'`, one number per row;
/// - zero points: `T₁ = Σ 2^10·x'` and `T₂ = Σ 2^o·x'`, the surplus of a column being `T₁ + z·T₂`.
///
/// One `mma` per 16 K values and row half computes them against constant weights (symmetric:
/// every weight row `−(2^10 + 2^o·z)`; zero points: rows 0–7 `−2^10` for `−T₁` and rows 8–15
/// `2^o` for `T₂`), and each run's accumulators start from minus the surplus.
extension GPUGEMVEmitter {
    /// The activation pair `pair` (an f16×2 in an i32) as the folded `mma` takes it: times `2^−o`
    /// for a pair at offset `o` (exact but where that makes a subnormal of it), as it is otherwise.
    func foldedActivations(_ xp: Value, pair i: Int) -> Value {
        let o = place(ofPair: i).offset
        guard o > 0 else { return xp }
        let f16x2 = KType.vector(.f16, 2)
        return (xp.bitcast(to: f16x2) * b.constant(1 / Double(1 << o), f16x2)).bitcast(to: .i32)
    }

    /// Pair `i` of a word as the folded `mma` takes it: `(w & mask) | magic`, the f16×2
    /// `2^10 + q·2^o` (one `lop3`).
    func foldedPair(word w: Value, shifted: Value, pair i: Int) -> Value {
        let (isShifted, o) = place(ofPair: i)
        let m = ((1 << bits) - 1) << o
        let masked = (isShifted ? shifted : w) & (m | (m << 16)).asInt32
        return magic.map { masked | $0 } ?? (masked | 0x6400_6400)
    }

    /// The constant weights of the surplus `mma` for K step `s` (pairs `2s` and `2s + 1`), in
    /// the `A` fragment's order (rows `g`, rows `g + 8`, for the low then the high 8 K values).
    func surplusFragment(step s: Int) -> [Value] {
        func splat(_ value: Double) -> Value {
            let bits = Int(Float16(value).bitPattern)
            return b.constant((bits * 0x10001).asInt32, .i32)
        }
        let low = place(ofPair: 2 * s).offset, high = place(ofPair: 2 * s + 1).offset
        if layout.zeroPoints == .symmetric {
            let z = layout.symmetricZero
            let (a, c) = (splat(-Double(1024 + (z << low))), splat(-Double(1024 + (z << high))))
            return [a, a, c, c]
        }
        let minus = splat(-1024)
        return [minus, splat(Double(1 << low)), minus, splat(Double(1 << high))]
    }

    /// Minus the surplus of K blocks `u` (`xps[u][s]` their folded activation pairs for one row
    /// half), added to `prior` (nil: zero): `(−E, −E, −E, −E)` per lane's rows `2t, 2t + 1`
    /// (symmetric), or `(−T₁, −T₁, T₂, T₂)` with zero points.
    func surplus(_ xps: [[Value]], prior: Value?) -> Value {
        var total = prior
        for pairs in xps {
            for s in 0..<steps {
                total = mma(a: surplusFragment(step: s), b: [pairs[2 * s], pairs[2 * s + 1]], c: total)
            }
        }
        return total!
    }

    /// Where the accumulators of `mma` tile `τ` of column word `j` start (or, per channel, what is
    /// added to them at the end): minus the surplus of their columns. `negatedZeros` (zero points
    /// only): `−z` of the word's 4 columns in f32.
    func surplusStart(_ surplus: Value, negatedZeros: Value?, tile tau: Int) -> Value {
        guard let negatedZeros else { return surplus }
        let z = negatedZeros.permute([2 * tau, 2 * tau, 2 * tau + 1, 2 * tau + 1])
        return z.fma(surplus.permute([2, 3, 2, 3]), surplus.permute([0, 1, 0, 1]))
    }

    /// `−z` of the 4 columns of each column word, in f32, from a group's raw zero words (v1 stores
    /// `z − 1`); nil for symmetric layouts.
    func foldedZeroPoints(_ rawZeros: [Value], columns: [Value]) -> [Value]? {
        guard layout.zeroPoints != .symmetric else { return nil }
        let mask = (1 << bits) - 1, one = layout.zeroPoints == .v1 ? 1 : 0
        return zip(rawZeros, columns).map { raw, column in
            let shift = ((column * bits) & 31).convert(.i32)
            return b.vector((0..<4).map { i in
                (b.constant(-one, .i32) - ((raw >> (shift + i * bits)) & mask)).convert(.f32)
            })
        }
    }
}
