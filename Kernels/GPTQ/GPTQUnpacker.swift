import KernelIR
import Quantization

/// DSL helpers that read the GPTQ layout (see ``GPTQLayout``) for `lanes` consecutive output
/// columns: packed K chunks, quantized values, scales and zero points. With `lanes == 1` they
/// emit scalar code, which serves ragged tails and GPU threads.
struct GPTQUnpacker {
    let spec: WeightOnlySpec
    let p: WeightOnlyParameters
    let b: KernelBuilder

    var bits: Int { spec.layout.bits }
    var mask: Int { (1 << bits) - 1 }

    func i64(_ v: Int) -> Value { b.constant(v, .i64) }

    /// The `chunkWords` word vectors holding K rows `c·chunkValues ..< (c+1)·chunkValues`.
    func loadChunk(_ c: Value, column: Value, lanes: Int) -> [Value] {
        (0..<spec.chunkWords).map { w in
            let row = spec.chunkWords == 1 ? c : c * spec.chunkWords + w
            return p.qweight.load(row * p.n + column, lanes: lanes)
        }
    }

    /// Value `j` of a chunk as i32 lanes (the bit stream may cross into the next word).
    func quantized(_ words: [Value], _ j: Int) -> Value {
        let bit = j * bits, w = bit / 32, shift = bit % 32
        var v = shift == 0 ? words[w] : words[w] >> shift
        if shift + bits > 32 { v = v | (words[w + 1] << (32 - shift)) }
        return shift + bits == 32 ? v : v & mask
    }

    /// Value `j` of a chunk left in place: `q·2^shift` as f32 lanes (exact: at most `bits`
    /// significant bits), saving the shift when the caller folds `2^−shift` into the
    /// activation. Nil for values that cross a word boundary.
    func quantizedInPlace(_ words: [Value], _ j: Int) -> (value: Value, shift: Int)? {
        let bit = j * bits, w = bit / 32, shift = bit % 32
        guard shift + bits <= 32 else { return nil }
        let masked = shift == 0 ? words[w] & mask : words[w] & Int(UInt32(truncatingIfNeeded: mask << shift) | 0).asInt32
        return (masked.convert(.f32, unsigned: true), shift)
    }

    /// The group of K row `row` (i64): `g_idx[row]` with act-order.
    func group(ofRow row: Value) -> Value { p.gIdx.load(row).convert(.i64) }

    /// Scales of group `g` for the columns, as f32 lanes.
    func scales(group g: Value, column: Value, lanes: Int) -> Value {
        p.scales.load(g * p.n + column, lanes: lanes).convert(.f32)
    }

    /// Zero points of group `g` for the columns, as f32 lanes, exactly as the kernel must
    /// subtract them (2^(bits−1) when symmetric; stored + 1 for v1).
    func zeros(group g: Value, column: Value, lanes: Int) -> Value {
        let f = KType.vector(.f32, lanes)
        guard spec.layout.zeroPoints != .symmetric else { return b.constant(Double(spec.layout.symmetricZero), f) }
        let rowWords = (p.n * bits + 31) >> 5
        let base = g * rowWords
        var z: Value
        if lanes > 1 && bits != 3 && (lanes * bits) % 32 == 0 {
            // Whole words: load them, spread each word over its lanes, shift per lane.
            let words = lanes * bits / 32, perWord = 32 / bits
            let packed = p.qzeros.load(base + ((column * bits) >> 5), lanes: words)
            let spread = packed.permute((0..<lanes).map { $0 / perWord })
            let shifts = b.vector((0..<lanes).map { b.constant(($0 % perWord) * bits, .i32) })
            z = (spread >> shifts) & mask
        } else {
            z = b.vector((0..<lanes).map { lane in scalarZero(base: base, rowWords: rowWords, column: column + lane) })
        }
        if spec.layout.zeroPoints == .v1 { z = z + 1 }
        return z.convert(.f32)
    }

    /// One zero point read from the bit stream of a `qzeros` row.
    private func scalarZero(base: Value, rowWords: Value, column: Value) -> Value {
        let bit = column * bits
        let word = bit >> 5
        let shift = (bit & 31).convert(.i32)
        let low = p.qzeros.load(base + word) >> shift
        guard bits == 3 else { return low & mask }
        // A 3-bit value may continue in the next word; never read past the row.
        let next = p.qzeros.load(base + (word + 1).min(rowWords - 1))
        let crosses = shift.compare(.gt, 32 - bits)
        let high = crosses.select(next << (b.constant(32, .i32) - shift), b.constant(0, .i32))
        return (low | high) & mask
    }
}

extension Int {
    /// The low 32 bits read as a signed 32-bit integer (for i32 constants of bit masks).
    var asInt32: Int { Int(Int32(truncatingIfNeeded: self)) }
}
