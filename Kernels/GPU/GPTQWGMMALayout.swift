import Quantization

/// The repacked weight layout of ``GPTQGPUWGMMA`` (4- or 8-bit values): the weights reordered
/// once, at load, so that every lane's `wgmma` A fragments for 64 values of K are one (4-bit) or
/// two (8-bit) 128-bit loads.
///
/// The GEMM computes `yᵀ = Wᵀ · xᵀ`: weight columns are the rows of the `wgmma` A operand (held in
/// registers), activations the B operand (in shared memory). Columns go in blocks of 16 (one
/// warp's rows), K in blocks of 64 (four `k16` steps). Lane `(g, t) = (lane / 4, lane % 4)` holds,
/// for column block `b`, K block `q` and K step `s`, with `n0 = 16b + g`, `n1 = n0 + 8`,
/// `k = 64q + 16s + 2t`, the A fragment registers 0 (`k, k+1` of `n0`), 1 (`k, k+1` of `n1`),
/// 2 (`k+8, k+9` of `n0`) and 3 (`k+8, k+9` of `n1`).
///
/// **4-bit**: word `((b · K64 + q) · 32 + lane) · 4 + s` holds the eight nibbles
///
/// | nibble | 0 | 4 | 1 | 5 | 2 | 6 | 3 | 7 |
/// |---|---|---|---|---|---|---|---|---|
/// | `q[·, ·]` | `k, n0` | `k+1, n0` | `k, n1` | `k+1, n1` | `k+8, n0` | `k+9, n0` | `k+8, n1` | `k+9, n1` |
///
/// so that `(w & 0x000F000F)` gives fragment register 0 (`a0, a1`), `(w & 0x00F000F0)` register 1,
/// and the same on `w >> 8` registers 2 and 3 — the pairs the magic-number conversion yields.
///
/// **8-bit**: a lane's 32 bytes of a K block are two 16-byte halves, steps 0–1 and 2–3, each
/// half of a warp 512 contiguous bytes; word `(((b · K64 + q) · 2 + s / 2) · 32 + lane) · 4
/// + 2 · (s % 2) + h` holds, byte 0 lowest,
///
/// | byte | 0 | 1 | 2 | 3 |
/// |---|---|---|---|---|
/// | `h = 0` | `k, n0` | `k+1, n0` | `k, n1` | `k+1, n1` |
/// | `h = 1` | `k+8, n0` | `k+9, n0` | `k+8, n1` | `k+9, n1` |
///
/// so that fragment register `2h + u` is bytes `2u, 2u + 1` of word `h` (one `prmt` each).
///
/// Columns past N and K past the end are padded with zeros (the kernel never stores those
/// columns and zero-fills activations past K). Scales and zero points keep their GPTQ layout.
public enum GPTQWGMMALayout {
    /// The value widths the layout holds.
    public static let supportedBits = [4, 8]
    /// 16-column blocks: `⌈N / 16⌉`.
    public static func columnBlocks(n: Int) -> Int { (n + 15) / 16 }
    /// 64-value K blocks: `⌈K / 64⌉`.
    public static func kBlocks(k: Int) -> Int { (k + 63) / 64 }
    /// Int32 words of the repacked 4-bit weight.
    public static func words(k: Int, n: Int) -> Int { words(k: k, n: n, bits: 4) }
    /// Int32 words of the repacked weight of `bits`-bit values: `32 · bits` per 16 columns × 64 K.
    public static func words(k: Int, n: Int, bits: Int) -> Int { columnBlocks(n: n) * kBlocks(k: k) * 32 * bits }

    /// The position of the 4-bit `q[row, col]` in the repacked words: word index and nibble (0…7).
    public static func position(row: Int, col: Int, k: Int) -> (word: Int, nibble: Int) {
        let b = col / 16, within = col % 16, g = within % 8, upper = within / 8
        let q = row / 64, s = (row % 64) / 16, r = row % 16
        let t = (r % 8) / 2, odd = r % 2, high = r / 8
        let lane = 4 * g + t
        let nibble = 2 * high + upper + 4 * odd
        return (((b * kBlocks(k: k) + q) * 32 + lane) * 4 + s, nibble)
    }

    /// The position of the 8-bit `q[row, col]` in the repacked words: word index and byte (0…3).
    public static func bytePosition(row: Int, col: Int, k: Int) -> (word: Int, byte: Int) {
        let b = col / 16, within = col % 16, g = within % 8, upper = within / 8
        let q = row / 64, s = (row % 64) / 16, r = row % 16
        let t = (r % 8) / 2, odd = r % 2, high = r / 8
        let lane = 4 * g + t
        return ((((b * kBlocks(k: k) + q) * 2 + s / 2) * 32 + lane) * 4 + 2 * (s % 2) + high, 2 * upper + odd)
    }

    /// Repacks a 4- or 8-bit GPTQ `qweight` (`Int32[K·bits/32, N]`, no act-order) into this layout.
    public static func repack(_ weight: GPTQWeight) -> [Int32] {
        let bits = weight.layout.bits
        precondition(supportedBits.contains(bits) && !weight.layout.actOrder, "4- or 8-bit weights without act-order only")
        var out = [UInt32](repeating: 0, count: words(k: weight.k, n: weight.n, bits: bits))
        for row in 0..<weight.k {
            for col in 0..<weight.n {
                let q = UInt32(weight.quantized(row: row, col: col))
                if bits == 4 {
                    let (word, nibble) = position(row: row, col: col, k: weight.k)
                    out[word] |= q << (4 * nibble)
                } else {
                    let (word, byte) = bytePosition(row: row, col: col, k: weight.k)
                    out[word] |= q << (8 * byte)
                }
            }
        }
        return out.map { Int32(bitPattern: $0) }
    }
}
