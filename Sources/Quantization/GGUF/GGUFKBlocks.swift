/// The 256-value "K" super-block formats (Q2_K … Q6_K) and IQ4_XS. Each function decodes one
/// super-block into 256 floats with gguf-py's float32 expression order.
@usableFromInline
enum GGUFKBlocks {
    /// `block_q2_K { u8 scales[16]; u8 qs[64]; f16 d; f16 dmin; }`:
    /// y = (d · sc) · q − (dmin · m), 16 sub-blocks of 16.
    @inlinable
    static func q2_K(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 80)
        let dmin = halfToFloat(b, 82)
        for o in 0..<256 {
            let half = o >> 7, shift = ((o >> 5) & 3) * 2, l = o & 31
            let scale = b.load(fromByteOffset: o >> 4, as: UInt8.self)
            let q = (b.load(fromByteOffset: 16 + half * 32 + l, as: UInt8.self) >> UInt8(shift)) & 3
            let dl = d * Float(scale & 0x0F)
            let ml = dmin * Float(scale >> 4)
            y[o] = dl * Float(q) - ml
        }
    }

    /// `block_q3_K { u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d; }`: 6-bit signed scales,
    /// q = low 2 bits − 4 where the hmask bit is clear; y = (d · sc) · q.
    @inlinable
    static func q3_K(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 108)
        let scales = b + 96
        var dl = [Float](repeating: 0, count: 16)
        for s in 0..<16 {
            let low = (scales.load(fromByteOffset: s & 7, as: UInt8.self) >> UInt8(4 * (s >> 3))) & 0x0F
            let high = (scales.load(fromByteOffset: 8 + (s & 3), as: UInt8.self) >> UInt8(2 * (s >> 2))) & 0x03
            dl[s] = d * Float(Int(low | (high << 4)) - 32)
        }
        for o in 0..<256 {
            let k = o >> 5, l = o & 31
            let low = (b.load(fromByteOffset: 32 + (k >> 2) * 32 + l, as: UInt8.self) >> UInt8(2 * (k & 3))) & 3
            let bit = (b.load(fromByteOffset: l, as: UInt8.self) >> UInt8(k)) & 1
            let q = Int(low) - (bit == 0 ? 4 : 0)
            y[o] = dl[o >> 4] * Float(q)
        }
    }

    /// The 6-bit scale and min of sub-block `j` (0..<8) from the 12 packed bytes of
    /// Q4_K/Q5_K (`get_scale_min_k4`).
    @inlinable @inline(__always)
    static func scaleMin(_ s: UnsafeRawPointer, _ j: Int) -> (scale: UInt8, min: UInt8) {
        if j < 4 {
            return (s.load(fromByteOffset: j, as: UInt8.self) & 0x3F, s.load(fromByteOffset: j + 4, as: UInt8.self) & 0x3F)
        }
        let md = s.load(fromByteOffset: j + 4, as: UInt8.self)
        let dHigh = (s.load(fromByteOffset: j - 4, as: UInt8.self) >> 2) & 0x30
        let mHigh = (s.load(fromByteOffset: j, as: UInt8.self) >> 2) & 0x30
        return ((md & 0x0F) | dHigh, (md >> 4) | mHigh)
    }

    /// `block_q4_K { f16 d; f16 dmin; u8 scales[12]; u8 qs[128]; }`:
    /// y = (d · sc) · q − (dmin · m), 8 sub-blocks of 32.
    @inlinable
    static func q4_K(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        let dmin = halfToFloat(b, 2)
        for s in 0..<8 {
            let (sc, m) = scaleMin(b + 4, s)
            let dl = d * Float(sc), ml = dmin * Float(m)
            let shift = UInt8(4 * (s & 1))
            for l in 0..<32 {
                let q = (b.load(fromByteOffset: 16 + (s >> 1) * 32 + l, as: UInt8.self) >> shift) & 0x0F
                y[s * 32 + l] = dl * Float(q) - ml
            }
        }
    }

    /// `block_q5_K { f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]; }`: as Q4_K with a
    /// fifth bit (bit s of qh[l] for sub-block s).
    @inlinable
    static func q5_K(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        let dmin = halfToFloat(b, 2)
        for s in 0..<8 {
            let (sc, m) = scaleMin(b + 4, s)
            let dl = d * Float(sc), ml = dmin * Float(m)
            let shift = UInt8(4 * (s & 1))
            for l in 0..<32 {
                let low = (b.load(fromByteOffset: 48 + (s >> 1) * 32 + l, as: UInt8.self) >> shift) & 0x0F
                let high = (b.load(fromByteOffset: 16 + l, as: UInt8.self) >> UInt8(s)) & 1
                y[s * 32 + l] = dl * Float(low | (high << 4)) - ml
            }
        }
    }

    /// `block_q6_K { u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d; }`:
    /// q = (4 low | 2 high bits) − 32; y = (d · sc) · q.
    @inlinable
    static func q6_K(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 208)
        for o in 0..<256 {
            let half = o >> 7, r = o & 127
            let low = (b.load(fromByteOffset: half * 64 + (r & 63), as: UInt8.self) >> UInt8(4 * (r >> 6))) & 0x0F
            let high = (b.load(fromByteOffset: 128 + half * 32 + (o & 31), as: UInt8.self) >> UInt8(2 * (r >> 5))) & 0x03
            let scale = Float(b.load(fromByteOffset: 192 + (o >> 4), as: Int8.self))
            y[o] = (d * scale) * Float(Int(low | (high << 4)) - 32)
        }
    }

    /// `block_iq4_xs { f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128]; }`: 6-bit signed scales,
    /// y = (d · sc) · kvalues[q], 8 sub-blocks of 32.
    @inlinable
    static func iq4_XS(_ b: UnsafeRawPointer, _ y: UnsafeMutablePointer<Float>) {
        let d = halfToFloat(b, 0)
        let scalesHigh = b.loadUnaligned(fromByteOffset: 2, as: UInt16.self)
        GGUFBlocks.iq4Values.withUnsafeBufferPointer { kv in
            for s in 0..<8 {
                let low = (b.load(fromByteOffset: 4 + (s >> 1), as: UInt8.self) >> UInt8(4 * (s & 1))) & 0x0F
                let high = UInt8(truncatingIfNeeded: scalesHigh >> UInt16(2 * s)) & 0x03
                let dl = d * Float(Int(low | (high << 4)) - 32)
                for i in 0..<32 {
                    let byte = b.load(fromByteOffset: 8 + s * 16 + (i & 15), as: UInt8.self)
                    let q = (byte >> UInt8(4 * (i >> 4))) & 0x0F
                    y[s * 32 + i] = dl * Float(kv[Int(q)])
                }
            }
        }
    }
}
