import KernelIR

/// The 3 → 4-bit widening of ``GPTQRepack`` (``RepackSource/widens``).
///
/// A 3-bit source is a little-endian bit stream per column: value `i` at bits `3i … 3i + 2`,
/// 32 values in 3 words, so values 10 and 21 of each 3 words cross a word boundary. GPTQ
/// streams run along K down `qweight[K·3/32, N]` (words `n` apart) and along N across
/// `qzeros[G, ⌈N·3/32⌉]`; compressed-tensors streams run along K across
/// `weight_packed[N, K·3/32]` (K a multiple of 32: no padding between rows) and along N down
/// `weight_zero_point[⌈N·3/32⌉, G]` (words `G` apart). Eight consecutive values (one 4-bit output
/// word) span 24 bits starting at bit `24·i`, so they lie in one 64-bit window of two words.
///
/// Values keep their integer: codes and zero points (GPTQ v1's stored `z − 1`, GPTQ v2's `z`,
/// compressed-tensors' `q + 4` and `z + 4`) are the same numbers in 4 bits, and the target
/// keeps the source's zero-point convention; symmetric codes gain 4, the difference between the
/// 4-bit and 3-bit symmetric zero points (8 and 4): `(q + 4) − 8 = q − 4`.
extension RepackEmitter {
    /// Bits `bit … bit + 31` (and more) of a stream whose word `w` is at `src[index(w)]`: words
    /// `bit / 32` and the next joined into an i64, shifted right by `bit % 32`. The next word
    /// is clamped to `last`; when clamped, the bits it would give belong to no value of the
    /// stream (values of K rows end at the stream's end; zero points of columns ≥ N are masked).
    func window(_ src: Value, bit: Value, last: Value, index: (Value) -> Value) -> Value {
        let word = bit >> 5
        let low = src.load(index(word)).convert(.i64, unsigned: true)
        let high = src.load(index((word + 1).min(last))).convert(.i64, unsigned: true)
        return (low | (high << 32)) >> (bit & 31)
    }

    /// The eight 3-bit values in the low 24 bits of `window` (i64) as the eight nibbles of an i32.
    func nibbles(_ window: Value) -> Value {
        let v = window.convert(.i32)
        var word = v & 7
        for j in 1..<8 { word = word | (((v >> (3 * j)) & 7) << (4 * j)) }
        return word
    }

    /// Symmetric sources: `q + 4` in every nibble (at most 11: no carry into the next nibble).
    func symmetricOffset(_ word: Value) -> Value {
        source.asymmetric ? word : word + 0x4444_4444
    }

    /// Output word `(r, col)` of the 4-bit `qweight[K/8, N]` (`rows` = K/8).
    func widenedWeightWord(_ r: Value, _ col: Value, rows: Value, n: Value, _ src: Value, _ permutation: Value) -> Value {
        let sourceRows = (rows >> 2) * 3  // K·3/32 words per column
        let last = sourceRows - 1
        let index: (Value) -> Value = source.format == .gptq ? { $0 * n + col } : { col * sourceRows + $0 }
        guard source.actOrder else {
            return symmetricOffset(nibbles(window(src, bit: r * 24, last: last, index: index)))
        }
        // Act-order: value j from source row permutation[8r + j], each from its own window.
        var word = b.constant(0, .i32)
        for j in 0..<8 {
            let row = permutation.load(r * 8 + j).convert(.i64)
            let value = window(src, bit: row * 3, last: last, index: index).convert(.i32) & 7
            word = word | (j == 0 ? value : value << (4 * j))
        }
        return symmetricOffset(word)
    }

    /// Output word `(g, w)` of the 4-bit `qzeros[G, ⌈N/8⌉]`: the zero points of columns
    /// `8w … 8w + 7`, those of columns ≥ N set to 0.
    func widenedZeroWord(_ g: Value, _ w: Value, groups: Value, n: Value, _ src: Value) -> Value {
        let sourceColumns = (n * 3 + 31) >> 5
        let index: (Value) -> Value = source.format == .gptq ? { g * sourceColumns + $0 } : { $0 * groups + g }
        let word = nibbles(window(src, bit: w * 24, last: sourceColumns - 1, index: index))
        let valid = (n - w * 8).min(b.constant(8, .i64))
        let mask = ((b.constant(1, .i64) << (valid * 4)) - 1).convert(.i32)
        return word & mask
    }
}
