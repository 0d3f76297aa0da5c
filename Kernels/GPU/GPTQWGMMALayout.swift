import Quantization

/// The repacked 4-bit weight layout of ``GPTQGPUWGMMA``: the weights reordered once, at load, so
/// that every lane's `wgmma` A fragments for 64 values of K are one 128-bit load.
///
/// The GEMM computes `yᵀ = Wᵀ · xᵀ`: weight columns are the rows of the `wgmma` A operand (held in
/// registers), activations the B operand (in shared memory). Columns go in blocks of 16 (one
/// warp's rows), K in blocks of 64 (four `k16` steps). Word `((b · K64 + q) · 32 + lane) · 4 + s`
/// holds, for column block `b`, K block `q`, K step `s` and lane `(g, t) = (lane / 4, lane % 4)`,
/// the eight nibbles of that lane's A fragment, with `n0 = 16b + g`, `n1 = n0 + 8`,
/// `k = 64q + 16s + 2t`:
///
/// | nibble | 0 | 4 | 1 | 5 | 2 | 6 | 3 | 7 |
/// |---|---|---|---|---|---|---|---|---|
/// | `q[·, ·]` | `k, n0` | `k+1, n0` | `k, n1` | `k+1, n1` | `k+8, n0` | `k+9, n0` | `k+8, n1` | `k+9, n1` |
///
/// so that `(w & 0x000F000F)` gives fragment register 0 (`a0, a1`), `(w & 0x00F000F0)` register 1,
/// and the same on `w >> 8` registers 2 and 3 — the pairs the magic-number conversion yields.
/// Columns past N and K past the end are padded with zero nibbles (the kernel never stores those
/// columns and zero-fills activations past K). Scales and zero points keep their GPTQ layout.
public enum GPTQWGMMALayout {
    /// 16-column blocks: `⌈N / 16⌉`.
    public static func columnBlocks(n: Int) -> Int { (n + 15) / 16 }
    /// 64-value K blocks: `⌈K / 64⌉`.
    public static func kBlocks(k: Int) -> Int { (k + 63) / 64 }
    /// Int32 words of the repacked weight.
    public static func words(k: Int, n: Int) -> Int { columnBlocks(n: n) * kBlocks(k: k) * 128 }

    /// The position of `q[row, col]` in the repacked words: word index and nibble (0…7).
    public static func position(row: Int, col: Int, k: Int) -> (word: Int, nibble: Int) {
        let b = col / 16, within = col % 16, g = within % 8, upper = within / 8
        let q = row / 64, s = (row % 64) / 16, r = row % 16
        let t = (r % 8) / 2, odd = r % 2, high = r / 8
        let lane = 4 * g + t
        let nibble = 2 * high + upper + 4 * odd
        return (((b * kBlocks(k: k) + q) * 32 + lane) * 4 + s, nibble)
    }

    /// Repacks a 4-bit GPTQ `qweight` (`Int32[K/8, N]`, no act-order) into this layout.
    public static func repack(_ weight: GPTQWeight) -> [Int32] {
        precondition(weight.layout.bits == 4 && !weight.layout.actOrder, "4-bit weights without act-order only")
        var out = [UInt32](repeating: 0, count: words(k: weight.k, n: weight.n))
        for row in 0..<weight.k {
            for col in 0..<weight.n {
                let (word, nibble) = position(row: row, col: col, k: weight.k)
                out[word] |= UInt32(weight.quantized(row: row, col: col)) << (4 * nibble)
            }
        }
        return out.map { Int32(bitPattern: $0) }
    }
}
