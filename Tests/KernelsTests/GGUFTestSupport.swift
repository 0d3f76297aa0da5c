import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

/// A random GGUF weight matrix `W[N][K]` (whole blocks with random quants and sane f16
/// scales), random activations, and the float64 reference built on the scalar dequantizers.
struct GGUFProblem {
    let type: GGMLType
    let m: Int, n: Int, k: Int
    let bytes: [UInt8]
    let x: [Float]
    /// Dequantized `W[N][K]` from ``GGUFDequantizer``.
    let w: [Float]

    init(type: GGMLType, m: Int, n: Int, k: Int, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        self.type = type
        self.m = m
        self.n = n
        self.k = k
        let layout = type.layout
        let blockCount = n * k / layout.valuesPerBlock
        var bytes = (0..<(blockCount * layout.bytesPerBlock)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        func half(_ v: Float) -> [UInt8] { let bits = Float16(v).bitPattern; return [UInt8(bits & 0xFF), UInt8(bits >> 8)] }
        func scale(_ rng: inout SplitMix64, signed: Bool) -> Float {
            let magnitude = Float(rng.next() % 1000 + 10) / 20000
            return signed && rng.next() % 2 == 0 ? -magnitude : magnitude
        }
        let fields = Self.scaleFields(type)
        for block in 0..<blockCount {
            for (offset, signed) in fields {
                let h = half(scale(&rng, signed: signed))
                bytes[block * layout.bytesPerBlock + offset] = h[0]
                bytes[block * layout.bytesPerBlock + offset + 1] = h[1]
            }
        }
        if GGUFMatmulSpec.floatTypes.contains(type) {
            // Values in (−1, 1): random bits would make NaNs.
            bytes = (0..<(n * k)).flatMap { _ -> [UInt8] in
                let v = Float(Int(rng.next() % 2001) - 1000) / 1001
                switch type {
                case .f32: return withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init)
                case .f16: return withUnsafeBytes(of: Float16(v).bitPattern.littleEndian, Array.init)
                default: return withUnsafeBytes(of: UInt16(v.bitPattern >> 16).littleEndian, Array.init)
                }
            }
        }
        self.bytes = bytes
        x = (0..<(m * k)).map { _ in Float(Int(rng.next() % 2001) - 1000) / 1000 }
        w = try GGUFDequantizer.dequantize(type, bytes: bytes, count: n * k)
    }

    /// Byte offsets of each block's f16 scales (and whether they may be negative).
    static func scaleFields(_ type: GGMLType) -> [(Int, Bool)] {
        switch type {
        case .q4_0, .q8_0, .q5_0, .iq4_NL, .iq4_XS: [(0, true)]
        case .q4_1, .q5_1: [(0, false), (2, true)]
        case .q4_K, .q5_K: [(0, false), (2, false)]
        case .q6_K: [(208, true)]
        case .q2_K: [(80, false), (82, false)]
        case .q3_K: [(108, true)]
        default: []
        }
    }

    /// `activations · Wᵀ` in Float64 and Σ|x·w| per output (the error scale).
    func reference(_ activations: [Float]) -> (y: [Double], magnitude: [Double]) {
        var y = [Double](repeating: 0, count: m * n), mag = y
        for r in 0..<m {
            for c in 0..<n {
                var s = 0.0, a = 0.0
                for kk in 0..<k {
                    let p = Double(activations[r * k + kk]) * Double(w[c * k + kk])
                    s += p
                    a += abs(p)
                }
                y[r * n + c] = s
                mag[r * n + c] = a
            }
        }
        return (y, mag)
    }
}

/// The scalar reference of ``GGUFActivationQuantizer`` (natural order), as ggml's x86
/// `quantize_row_q8_0`/`q8_1` (`.q8Block32`) or `quantize_row_q8_K` (`.q8K`): int8 values, the
/// scale of each 32 values and their sums.
func referenceQuantize(_ x: [Float], k: Int, rounding: GGUFActivationRoundingMode = .q8Block32) -> (q: [Int8], d: [Float], s: [Float]) {
    var q = [Int8](repeating: 0, count: x.count), d: [Float] = [], s: [Float] = []
    if rounding == .q8K {
        for start in stride(from: 0, to: x.count, by: 256) {
            var amax: Float = 0, signedMax: Float = 0
            for v in x[start..<(start + 256)] where abs(v) > amax { amax = abs(v); signedMax = v }
            let inverse: Float = amax != 0 ? -127 / signedMax : 0
            let scale: Float = amax != 0 ? 1 / inverse : 0
            for block in 0..<8 {
                var sum = 0
                for j in 0..<32 {
                    let i = start + block * 32 + j
                    let v = Int(min(127, (inverse * x[i]).rounded(.toNearestOrEven)))
                    q[i] = Int8(v)
                    sum += v
                }
                d.append(scale)
                s.append(scale * Float(sum))
            }
        }
        return (q, d, s)
    }
    for block in 0..<(x.count / 32) {
        let values = x[(block * 32)..<(block * 32 + 32)]
        let amax = values.map { max($0, -$0) }.max()!
        let inverse: Float = amax != 0 ? 127 / amax : 0
        var sum = 0
        for (j, v) in values.enumerated() {
            let rounded = Int((v * inverse).rounded(.toNearestOrEven))
            q[block * 32 + j] = Int8(rounded)
            sum += rounded
        }
        d.append(Float(Float16(amax / 127)))
        s.append(Float(Float16(amax / 127 * Float(sum))))
    }
    return (q, d, s)
}

/// Undoes an activation layout: natural-order int8 values of a row of `k`.
func naturalOrder(_ stored: ArraySlice<Int8>, layout: GGUFActivationLayout, k: Int) -> [Int8] {
    let base = stored.startIndex
    var out = [Int8](repeating: 0, count: k)
    let blocks = k / 32, grouped = layout == .natural ? 0 : blocks / 4
    for block in 0..<blocks {
        for h in 0..<2 {
            let source = block < grouped * 4
                ? (block / 4) * 128 + layout.offset(block: block % 4, half: h)
                : block * 32 + 16 * h
            for j in 0..<16 { out[block * 32 + 16 * h + j] = stored[base + source + j] }
        }
    }
    return out
}

/// Compiled kernels by name, shared by concurrently running tests.
final class KernelMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var kernels: [String: CPUKernel] = [:]
    func kernel(_ name: String, _ make: () throws -> CPUKernel) throws -> CPUKernel {
        if let k = lock.withLock({ kernels[name] }) { return k }
        let k = try make()
        lock.withLock { kernels[name] = kernels[name] ?? k }
        return k
    }
}
