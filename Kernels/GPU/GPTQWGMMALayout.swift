import Quantization

/// The repacked weight layout of ``GPTQGPUWGMMA`` (2-, 4- or 8-bit values): the weights reordered
/// once, at load, so that every lane's `wgmma` A fragments for 64 values of K are one (4-bit) or
/// two (8-bit) 128-bit loads, and for 128 values of K one 128-bit load (2-bit).
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
/// **2-bit**: a lane's 64 bits of a K block are half of a 16-byte chunk that holds two K blocks
/// (`2p`, `2p + 1`: 128 values of K), each pair of K blocks of a warp 512 contiguous bytes; word
/// `((b · K128 + p) · 32 + lane) · 4 + 2 · (q % 2) + j` (`K128 = ⌈K / 128⌉`, `q = 2p + q % 2`)
/// holds steps `2j` and `2j + 1`, as crumbs (2-bit fields, crumb `c` at bits `2c, 2c + 1`) with
/// `k` of step `2j` and `k′ = k + 16` of step `2j + 1`:
///
/// | crumb | 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 |
/// |---|---|---|---|---|---|---|---|---|
/// | `q[·, ·]` | `k, n0` | `k, n1` | `k+8, n0` | `k+8, n1` | `k′, n0` | `k′, n1` | `k′+8, n0` | `k′+8, n1` |
///
/// and crumbs 8–15 the same with `k + 1` (`k+1`, `k+9`, `k′+1`, `k′+9`): pair `i = 4 · (s % 2) + r`
/// (fragment register `r` of step `s`) is crumbs `i` and `i + 8`, bits `2i` and `16 + 2i`, the two
/// halves of the register. So `(w & (0x3 << 2r | 0x3 << (16 + 2r))) | 0x6400_6400` on `w` (step
/// `2j`) and on `w >> 8` (step `2j + 1`) is the f16 pair `1024 + q·4^r` (one shift per word), and
/// `((w >> 2i) & 0x0003_0003) | 0x4300_4300` the bf16 pair `128 + q` (see ``GPUHalfDequant``).
/// A two-panel pipeline step (``GPUWGMMAConfig/panels`` = 2, 128 K) reads its two K blocks with
/// one 128-bit load per lane (a warp's 512 contiguous bytes); a one-panel step reads its K
/// block's 8 bytes with one 64-bit load (every 32-byte sector of the 512 is touched by both K
/// blocks' loads, half each, so the bytes from memory are the same; the second half's traffic
/// is L1's to absorb — unmeasured).
///
/// Columns past N and K past the end are padded with zeros (the kernel never stores those
/// columns and zero-fills activations past K). Scales and zero points keep their GPTQ layout.
public enum GPTQWGMMALayout {
    /// The value widths the layout holds.
    public static let supportedBits = [2, 4, 8]
    /// 16-column blocks: `⌈N / 16⌉`.
    public static func columnBlocks(n: Int) -> Int { (n + 15) / 16 }
    /// 64-value K blocks: `⌈K / 64⌉`.
    public static func kBlocks(k: Int) -> Int { (k + 63) / 64 }
    /// 128-value K blocks (pairs of 64-value blocks, the 2-bit layout's unit): `⌈K / 128⌉`.
    public static func kPairs(k: Int) -> Int { (k + 127) / 128 }
    /// Int32 words of the repacked 4-bit weight.
    public static func words(k: Int, n: Int) -> Int { words(k: k, n: n, bits: 4) }
    /// Int32 words of the repacked weight of `bits`-bit values: `32 · bits` per 16 columns × 64 K
    /// (2-bit: 128 per 16 columns × 128 K, K padded to a multiple of 128).
    public static func words(k: Int, n: Int, bits: Int) -> Int {
        bits == 2 ? columnBlocks(n: n) * kPairs(k: k) * 128 : columnBlocks(n: n) * kBlocks(k: k) * 32 * bits
    }

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

    /// The position of the 2-bit `q[row, col]` in the repacked words: word index and crumb (0…15).
    public static func crumbPosition(row: Int, col: Int, k: Int) -> (word: Int, crumb: Int) {
        let b = col / 16, within = col % 16, g = within % 8, upper = within / 8
        let q = row / 64, s = (row % 64) / 16, r = row % 16
        let t = (r % 8) / 2, odd = r % 2, high = r / 8
        let lane = 4 * g + t
        let pair = 4 * (s % 2) + 2 * high + upper
        return (((b * kPairs(k: k) + q / 2) * 32 + lane) * 4 + 2 * (q % 2) + s / 2, pair + 8 * odd)
    }

    /// Repacks a 2-, 4- or 8-bit GPTQ `qweight` (`Int32[K·bits/32, N]`, no act-order) into this layout.
    public static func repack(_ weight: GPTQWeight) -> [Int32] {
        let bits = weight.layout.bits
        precondition(supportedBits.contains(bits) && !weight.layout.actOrder, "2-, 4- or 8-bit weights without act-order only")
        var out = [UInt32](repeating: 0, count: words(k: weight.k, n: weight.n, bits: bits))
        for row in 0..<weight.k {
            for col in 0..<weight.n {
                let q = UInt32(weight.quantized(row: row, col: col))
                if bits == 4 {
                    let (word, nibble) = position(row: row, col: col, k: weight.k)
                    out[word] |= q << (4 * nibble)
                } else if bits == 2 {
                    let (word, crumb) = crumbPosition(row: row, col: col, k: weight.k)
                    out[word] |= q << (2 * crumb)
                } else {
                    let (word, byte) = bytePosition(row: row, col: col, k: weight.k)
                    out[word] |= q << (8 * byte)
                }
            }
        }
        return out.map { Int32(bitPattern: $0) }
    }
}
