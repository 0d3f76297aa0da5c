import Compiler
import KernelIR
import Kernels
import Quantization

/// A random GPTQ problem with its float64 reference, shared by the kernel tests.
struct GPTQProblem {
    let layout: GPTQLayout
    let m: Int, n: Int, k: Int
    let weight: GPTQWeight
    /// f16 bit patterns of the scales, as the kernel reads them.
    let scaleBits: [UInt16]
    let x: [Float]
    /// Dequantized `W[K, N]` (from the reference in `Quantization`).
    let w: [Float]

    init(layout: GPTQLayout, m: Int, n: Int, k: Int, seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        self.layout = layout
        self.m = m
        self.n = n
        self.k = k
        let groups = layout.groupCount(k: k)
        let q = (0..<(k * n)).map { _ in Int(rng.next() % UInt64(layout.maxQuantized + 1)) }
        let lowestZero = layout.zeroPoints == .v1 ? 1 : 0  // v1 cannot store a zero point of 0
        let zeros = (0..<(groups * n)).map { _ in lowestZero + Int(rng.next() % UInt64(layout.maxQuantized + 1 - lowestZero)) }
        let scales = (0..<(groups * n)).map { _ in Float(Float16(Float(rng.next() % 1000 + 1) / 20000)) }
        var gIdx: [Int32] = []
        if layout.actOrder {
            // A non-monotonic assignment: row r belongs to the group of its place in a shuffle.
            var order = Array(0..<k)
            for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            let size = layout.effectiveGroupSize(k: k)
            gIdx = order.map { Int32($0 / size) }
        }
        weight = GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: zeros, scales: scales, gIdx: gIdx)
        scaleBits = scales.map { Float16($0).bitPattern }
        x = (0..<(m * k)).map { _ in Float(Int(rng.next() % 2001) - 1000) / 1000 }
        w = weight.dequantize()
    }

    /// `x · W` accumulated in Float64, and the sum of |x|·|w| per output (the error scale).
    func reference(activation: ScalarType) -> (y: [Double], magnitude: [Double]) {
        let xs = activation == .f16 ? x.map { Float(Float16($0)) } : x
        var y = [Double](repeating: 0, count: m * n), mag = y
        for r in 0..<m {
            for kk in 0..<k {
                let xv = Double(xs[r * k + kk])
                for c in 0..<n {
                    let wv = Double(w[kk * n + c])
                    y[r * n + c] += xv * wv
                    mag[r * n + c] += abs(xv * wv)
                }
            }
        }
        return (y, mag)
    }

    /// Runs a compiled weight-only kernel on the CPU with NaN-poisoned outputs.
    func run(_ kernel: CPUKernel, config: TileConfig, activation: ScalarType, outputCount: Int, rows: Int) throws -> [Float] {
        let arena = Arena()
        defer { arena.free() }
        let qzeros = arena.copy(weight.qzeros.isEmpty ? [-1] : weight.qzeros)
        let gIdx = arena.copy(weight.gIdx.isEmpty ? [-1] : weight.gIdx)
        let qweight = arena.copy(weight.qweight), scales = arena.copy(scaleBits)
        let half = activation == .f16
        let input: KernelArgument = half ? .pointer(arena.copy(x.map { Float16($0) })) : .pointer(arena.copy(x))
        let outHalf = arena.copy([Float16](repeating: .nan, count: outputCount))
        let outFloat = arena.copy([Float](repeating: .nan, count: outputCount))
        let arguments: [KernelArgument] = [
            input, .pointer(qweight), .pointer(qzeros), .pointer(scales), .pointer(gIdx),
            half ? .pointer(outHalf) : .pointer(outFloat), .int(rows), .int(n), .int(k),
        ]
        try GridRunner(threads: 2).run(kernel, arguments, programs: config.programs(m: rows, n: n))
        return half ? outHalf.map(Float.init) : Array(outFloat)
    }
}

/// Owns manually allocated copies of arrays for the duration of a kernel call.
final class Arena {
    private var frees: [() -> Void] = []
    func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
        let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(a.count, 1))
        _ = p.initialize(from: a)
        frees.append { p.deallocate() }
        return p
    }
    func free() { frees.forEach { $0() } }
}

/// Reports the first output that differs from the reference by more than the tolerance.
func firstMismatch(_ got: [Float], _ want: [Double], _ magnitude: [Double], relative: Double) -> String? {
    for i in want.indices {
        let tolerance = relative * magnitude[i] + 1e-6
        if !(abs(Double(got[i]) - want[i]) <= tolerance) {
            return "output \(i): got \(got[i]), want \(want[i]) (tolerance \(tolerance))"
        }
    }
    return nil
}

/// A small deterministic generator so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
