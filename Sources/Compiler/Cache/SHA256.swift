/// SHA-256 (FIPS 180-4), written out so the compile cache needs no crypto package.
///
/// Incremental: ``update(_:)`` any number of times, then ``finalize()``. Checked against the
/// NIST vectors in `CacheKeyTests`.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
    private var block: [UInt8] = []
    private var length: UInt64 = 0

    public init() { block.reserveCapacity(64) }

    /// The digest of `bytes` in one call.
    public static func hash<S: Sequence>(_ bytes: S) -> [UInt8] where S.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.finalize()
    }

    /// The lowercase hex digest of a string's UTF-8 bytes.
    public static func hex(_ text: String) -> String { hash(Array(text.utf8)).hexString }

    public mutating func update(_ text: String) { update(Array(text.utf8)) }

    public mutating func update<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ feed($0) }) != nil { return }
        for byte in bytes {
            block.append(byte)
            length &+= 1
            if block.count == 64 { compress(block); block.removeAll(keepingCapacity: true) }
        }
    }

    private mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        length &+= UInt64(bytes.count)
        var i = 0
        if !block.isEmpty {
            let take = min(64 - block.count, bytes.count)
            block.append(contentsOf: UnsafeBufferPointer(start: base, count: take))
            i = take
            if block.count < 64 { return }
            compress(block)
            block.removeAll(keepingCapacity: true)
        }
        while bytes.count - i >= 64 {
            compress(UnsafeBufferPointer(start: base + i, count: 64))
            i += 64
        }
        block.append(contentsOf: UnsafeBufferPointer(start: base + i, count: bytes.count - i))
    }

    /// Pads, processes the last blocks and returns the 32-byte digest.
    public mutating func finalize() -> [UInt8] {
        let bits = length &* 8
        var tail = block
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        for start in stride(from: 0, to: tail.count, by: 64) { compress(tail[start..<start + 64]) }
        block.removeAll()
        let s = state
        return [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7].flatMap { w in
            [UInt8(w >> 24), UInt8(truncatingIfNeeded: w >> 16), UInt8(truncatingIfNeeded: w >> 8), UInt8(truncatingIfNeeded: w)]
        }
    }

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    /// One 64-byte block.
    private mutating func compress<C: Collection>(_ chunk: C) where C.Element == UInt8, C.Index == Int {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in compress(chunk, schedule: w) }
    }

    private mutating func compress<C: Collection>(_ chunk: C, schedule w: UnsafeMutableBufferPointer<UInt32>)
    where C.Element == UInt8, C.Index == Int {
        var p = chunk.startIndex
        for t in 0..<16 {
            w[t] = UInt32(chunk[p]) << 24 | UInt32(chunk[p + 1]) << 16 | UInt32(chunk[p + 2]) << 8 | UInt32(chunk[p + 3])
            p += 4
        }
        func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }
        for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        for t in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ ch &+ Self.k[t] &+ w[t]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            (h, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d,
                 state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
    }
}

extension Sequence where Element == UInt8 {
    /// Lowercase hexadecimal, two digits a byte.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
