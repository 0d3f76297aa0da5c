import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

extension UnpackedWeight {
    /// The same weight in the GPTQ layout of `layout` (codes `[K, N]` packed along K, zero
    /// points v2 or symmetric, scales `[G, N]`, `g_idx` under act-order): the load-time repack
    /// that lets AWQ and compressed-tensors weights run on the GPTQ kernels.
    ///
    /// Signed codes (compressed-tensors) are offset by `2^(bits−1)` into the unsigned range, and
    /// their zero points with them, so `(q − z)` — and every dequantized value — is unchanged.
    func gptqWeight(layout: GPTQLayout, signedCodes: Bool) throws -> GPTQWeight {
        try validate()
        guard floatValues.isEmpty else { throw RoutingError.shape("FP8 values have no GPTQ layout") }
        if let problem = layout.validate(k: k, n: n) { throw RoutingError.shape(problem) }
        let offset: Int32 = signedCodes ? 1 << (layout.bits - 1) : 0
        let g = layout.groupCount(k: k)
        var q = [Int](repeating: 0, count: k * n)
        for row in 0..<n {
            for col in 0..<k {
                let code = codes[row * k + col] + offset
                guard code >= 0 && Int(code) <= layout.maxQuantized else {
                    throw RoutingError.shape("code \(codes[row * k + col]) at [\(row), \(col)] does not fit \(layout.bits) bits")
                }
                q[col * n + row] = Int(code)
            }
        }
        // Scales and zeros are per (group, column): the column's group along K is `groupOfColumn`
        // (group granularity) or the single group (per channel, per tensor).
        var scalesGN = [Float](repeating: 0, count: g * n), zerosGN = [Int](repeating: layout.symmetricZero, count: g * n)
        var gIdx = [Int32](repeating: 0, count: k)
        for col in 0..<k {
            let group = groupOfColumn.isEmpty ? 0 : Int(groupOfColumn[col])
            guard group < g else { throw RoutingError.shape("group \(group) of input \(col) exceeds the \(g) groups of the layout") }
            gIdx[col] = Int32(group)
            for row in 0..<n {
                scalesGN[group * n + row] = scale(row: row, col: col)
                let z = Int(zero(row: row, col: col) + offset)
                if layout.zeroPoints != .symmetric {
                    guard (0...layout.maxQuantized).contains(z) else { throw RoutingError.shape("zero point \(z) does not fit \(layout.bits) bits") }
                    zerosGN[group * n + row] = z
                } else if z != layout.symmetricZero {
                    throw RoutingError.shape("a symmetric layout needs zero point \(layout.symmetricZero), found \(z)")
                }
            }
        }
        return GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: zerosGN, scales: scalesGN, gIdx: layout.actOrder ? gIdx : [])
    }
}

/// A linear layer over integer weights in the GPTQ layout (GPTQ directly; AWQ and
/// compressed-tensors after ``UnpackedWeight/gptqWeight(layout:signedCodes:)`` at load), on
/// the registry's GPTQ GEMV (one row) and GEMM (several) with f32 activations.
public final class WeightOnlyLinear: LinearKernel, @unchecked Sendable {
    public let inputCount: Int
    public let outputCount: Int
    public let weight: GPTQWeight
    let scales: [Float16]
    let gemv: CPUKernel, gemm: CPUKernel
    let gemvSelection: Selection, gemmSelection: Selection
    let runner: GridRunner

    public init(weight: GPTQWeight, registry: KernelRegistry = .standard, cache: GGUFKernelCache = .shared, threads: ThreadPool) throws {
        self.weight = weight
        inputCount = weight.k
        outputCount = weight.n
        scales = weight.scales.map { Float16($0) }
        gemvSelection = try registry.select(KernelRequest(family: .gemv, format: .gptq(weight.layout)))
        gemmSelection = try registry.select(KernelRequest(family: .gemm, format: .gptq(weight.layout)))
        let (v, m) = (gemvSelection, gemmSelection)
        let kernels = try cache.kernels([.init(name: v.variantName) { try v.emit() }, .init(name: m.variantName) { try m.emit() }])
        (gemv, gemm) = (kernels[0], kernels[1])
        runner = GridRunner(threads: threads.threads)
    }

    /// The variant names for one row and for several rows.
    public var variantNames: [String] { [gemvSelection.variantName, gemmSelection.variantName] }

    public func apply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>) {
        guard rows > 0 else { return }
        let single = rows == 1
        let config = (single ? gemvSelection : gemmSelection).config
        let w = weight
        let gIdx = w.gIdx.isEmpty ? [Int32(0)] : w.gIdx
        do {
            try w.qweight.withUnsafeBufferPointer { qw in
                try (w.qzeros.isEmpty ? [0] : w.qzeros).withUnsafeBufferPointer { qz in
                    try scales.withUnsafeBufferPointer { s in
                        try gIdx.withUnsafeBufferPointer { g in
                            try runner.run(single ? gemv : gemm,
                                           [.pointer(x), .pointer(qw), .pointer(qz), .pointer(s), .pointer(g), .pointer(y),
                                            .int(rows), .int(outputCount), .int(inputCount)],
                                           programs: config.programs(m: rows, n: outputCount))
                        }
                    }
                }
            }
        } catch {
            fatalError("WeightOnlyLinear: \(error)")  // the arguments are built here: a mismatch is a bug
        }
    }
}
