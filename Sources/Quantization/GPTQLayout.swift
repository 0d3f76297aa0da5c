/// How GPTQ checkpoints store zero points.
public enum GPTQZeroPoints: String, Codable, Hashable, Sendable, CaseIterable {
    /// Symmetric quantization: the zero point is fixed at 2^(bits−1) and `qzeros` is not read.
    case symmetric
    /// `checkpoint_format: gptq` (v1): `qzeros` holds the zero point minus one.
    case v1
    /// `checkpoint_format: gptq_v2`: `qzeros` holds the zero point itself.
    case v2
}

/// The memory layout of a GPTQ-packed linear weight `W[K, N]` (K = input features).
///
/// - `qweight`: `Int32[K·bits/32, N]`, packed along K. Column `n` is a little-endian bit
///   stream: value `k` starts at bit `k·bits`. For 3 bits this means 32 values share 3 words
///   and two of them cross a word boundary (bits 30…32 and 63…65 of each 96-bit block).
/// - `qzeros`: `Int32[G, N·bits/32]`, packed along N in the same bit-stream order.
/// - `scales`: `Float16[G, N]`.
/// - `g_idx`: `Int32[K]`, the group of each input row (act-order makes it non-monotonic).
///
/// `W[k, n] = (q[k, n] − z[g, n]) · s[g, n]` with `g = g_idx[k]` (or `k / groupSize`).
public struct GPTQLayout: Hashable, Codable, Sendable {
    public static let supportedBits = [2, 3, 4, 8]

    public var bits: Int
    /// Group size along K; −1 means one group per output channel (G = 1).
    public var groupSize: Int
    public var zeroPoints: GPTQZeroPoints
    /// Whether a `g_idx` tensor maps rows to groups (act-order / `desc_act`).
    public var actOrder: Bool

    public init(bits: Int, groupSize: Int, zeroPoints: GPTQZeroPoints = .symmetric, actOrder: Bool = false) {
        self.bits = bits
        self.groupSize = groupSize
        self.zeroPoints = zeroPoints
        self.actOrder = actOrder
    }

    /// Values per 32-bit word when they do not cross words (2, 4, 8 bits); 3-bit packs 32 values in 3 words.
    public var maxQuantized: Int { (1 << bits) - 1 }
    /// The zero point of symmetric quantization.
    public var symmetricZero: Int { 1 << (bits - 1) }
    /// How many K rows must be packed together: a whole number of words (32 for 3-bit).
    public var packAlignment: Int { bits == 3 ? 32 : 32 / bits }

    public func groupCount(k: Int) -> Int { groupSize <= 0 ? 1 : (k + groupSize - 1) / groupSize }
    public func effectiveGroupSize(k: Int) -> Int { groupSize <= 0 ? k : groupSize }
    public func packedRows(k: Int) -> Int { k * bits / 32 }
    public func packedZeroColumns(n: Int) -> Int { (n * bits + 31) / 32 }

    /// Why this layout cannot describe a `K×N` weight, or nil when it can.
    public func validate(k: Int, n: Int) -> String? {
        if !Self.supportedBits.contains(bits) { return "bits \(bits) is not one of \(Self.supportedBits)" }
        if groupSize == 0 || groupSize < -1 { return "group size \(groupSize) must be −1 or positive" }
        if k <= 0 || n <= 0 { return "shape \(k)×\(n) must be positive" }
        if k % packAlignment != 0 { return "K = \(k) must be a multiple of \(packAlignment) for \(bits)-bit packing" }
        if groupSize > 0 && k % groupSize != 0 { return "group size \(groupSize) does not divide K = \(k)" }
        return nil
    }
}

/// Little-endian bit streams of `bits`-wide unsigned values in 32-bit words.
public enum BitStream {
    /// Reads value `index` from a stream whose consecutive words are `stride` apart in `words`.
    @inlinable
    public static func read(_ words: UnsafeBufferPointer<Int32>, base: Int, stride: Int, index: Int, bits: Int) -> Int {
        let bit = index * bits
        let word = bit >> 5, shift = bit & 31
        var v = UInt64(UInt32(bitPattern: words[base + word * stride])) >> UInt64(shift)
        if shift + bits > 32 {
            v |= UInt64(UInt32(bitPattern: words[base + (word + 1) * stride])) << UInt64(32 - shift)
        }
        return Int(v & ((1 << UInt64(bits)) - 1))
    }

    /// ORs `value` into the stream at position `index` (the words must start zeroed).
    @inlinable
    public static func write(_ words: inout [Int32], base: Int, stride: Int, index: Int, bits: Int, value: Int) {
        let v = UInt64(value) & ((1 << UInt64(bits)) - 1)
        let bit = index * bits
        let word = bit >> 5, shift = bit & 31
        let lo = UInt32(truncatingIfNeeded: v << UInt64(shift))
        words[base + word * stride] |= Int32(bitPattern: lo)
        if shift + bits > 32 {
            let hi = UInt32(truncatingIfNeeded: v >> UInt64(32 - shift))
            words[base + (word + 1) * stride] |= Int32(bitPattern: hi)
        }
    }
}
