/// The 32-value GGUF block formats (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL): one function per
/// format decodes one block into 32 floats. Layouts follow ggml's `block_*` structs.
@usableFromInline
enum GGUFBlocks {
    /// The IQ4_NL / IQ4_XS non-linear codebook (`kvalues_iq4nl`).
    @usableFromInline
    static let iq4Values: [Int8] = [-127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113]

    /// `block_q4_0 { f16 d; u8 qs[16]; }`: y = d · (q − 8).
    @inlinable @inline(__always)
    static func q4_0(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        let qs = b + 2
        for j in 0..<16 {
            let byte = qs.load(fromByteOffset: j, as: UInt8.self)
            y[j] = d * Float(Int(byte & 0x0F) - 8)
            y[j + 16] = d * Float(Int(byte >> 4) - 8)
        }
    }

    /// `block_q4_1 { f16 d; f16 m; u8 qs[16]; }`: y = d · q + m.
    @inlinable @inline(__always)
    static func q4_1(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        let m = halfToFloat(b, 2)
        let qs = b + 4
        for j in 0..<16 {
            let byte = qs.load(fromByteOffset: j, as: UInt8.self)
            y[j] = d * Float(byte & 0x0F) + m
            y[j + 16] = d * Float(byte >> 4) + m
        }
    }

    /// `block_q5_0 { f16 d; u8 qh[4]; u8 qs[16]; }`: 5-bit q (high bit i of qh for value i),
    /// y = d · (q − 16).
    @inlinable @inline(__always)
    static func q5_0(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        let qh = b.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
        let qs = b + 6
        for j in 0..<16 {
            let byte = qs.load(fromByteOffset: j, as: UInt8.self)
            let h0 = Int((qh >> UInt32(j)) & 1) << 4
            let h1 = Int((qh >> UInt32(j + 16)) & 1) << 4
            y[j] = d * Float((Int(byte & 0x0F) | h0) - 16)
            y[j + 16] = d * Float((Int(byte >> 4) | h1) - 16)
        }
    }

    /// `block_q5_1 { f16 d; f16 m; u8 qh[4]; u8 qs[16]; }`: y = d · q + m.
    @inlinable @inline(__always)
    static func q5_1(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        let m = halfToFloat(b, 2)
        let qh = b.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        let qs = b + 8
        for j in 0..<16 {
            let byte = qs.load(fromByteOffset: j, as: UInt8.self)
            let h0 = Int((qh >> UInt32(j)) & 1) << 4
            let h1 = Int((qh >> UInt32(j + 16)) & 1) << 4
            y[j] = d * Float(Int(byte & 0x0F) | h0) + m
            y[j + 16] = d * Float(Int(byte >> 4) | h1) + m
        }
    }

    /// `block_q8_0 { f16 d; i8 qs[32]; }`: y = q · d.
    @inlinable @inline(__always)
    static func q8_0(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        for j in 0..<32 {
            y[j] = Float(b.load(fromByteOffset: 2 + j, as: Int8.self)) * d
        }
    }

    /// `block_iq4_nl { f16 d; u8 qs[16]; }`: y = d · kvalues[q].
    @inlinable @inline(__always)
    static func iq4_NL(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        let qs = b + 2
        iq4Values.withUnsafeBufferPointer { kv in
            for j in 0..<16 {
                let byte = qs.load(fromByteOffset: j, as: UInt8.self)
                y[j] = d * Float(kv[Int(byte & 0x0F)])
                y[j + 16] = d * Float(kv[Int(byte >> 4)])
            }
        }
    }
}
