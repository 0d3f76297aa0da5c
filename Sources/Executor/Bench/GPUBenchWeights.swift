import CUDA
import Kernels
import Quantization

/// Random GPTQ weights for timing GPU weight-only kernels: one valid packed weight made on the
/// host (kept, so outputs can be checked against the scalar reference) and enough
/// device-to-device copies of it to exceed the L2 cache several times. Runs rotate through
/// the copies, so no run finds its weights in L2, as in decoding, where every layer's weights
/// are read once per token.
public final class GPUBenchWeights {
    public let layout: GPTQLayout
    /// Whether the bytes of `qweight` are FP8 e4m3 codes (``FP8GPUGEMV``; `layout` is then
    /// 8-bit per-channel symmetric and `scales` one per column).
    public let fp8: Bool
    public let k: Int, n: Int
    /// The packed tensors on the host, in the layout of ``GPTQLayout`` (`scales` as the f16
    /// values the kernels read; `qzeros` empty when symmetric, `gIdx` without act-order).
    public let qweight: [Int32], qzeros: [Int32], scales: [Float], gIdx: [Int32]
    /// Copies on the device, each at its own address.
    public let copies: [(qweight: DeviceBuffer<Int32>, qzeros: DeviceBuffer<Int32>, scales: DeviceBuffer<UInt16>, gIdx: DeviceBuffer<Int32>)]
    /// Bytes of weight data one call reads: `qweight`, `scales`, `qzeros` when asymmetric and
    /// `g_idx` with act-order.
    public let bytesPerCall: Int

    /// - Parameters:
    ///   - workingSet: bytes the copies should span together (at least two copies are made,
    ///     at most `maxCopies`).
    ///   - fp8: FP8 e4m3 weights with per-channel scales (`layout` is ignored).
    ///   - deviceWords: the device copies' `qweight` from the packed weight (e.g.
    ///     ``GPUWeightOnlyKernel/deviceWords(_:)``: the `wgmma` GEMM's layout); the host tensors
    ///     stay in GPTQ's layout.
    public init(context: CUDAContext, layout requested: GPTQLayout, k: Int, n: Int, fp8: Bool = false,
                deviceWords: (GPTQWeight) -> [Int32] = { $0.qweight },
                workingSet: Int = 1 << 30, maxCopies: Int = 64, seed: UInt64 = 0x5eed) throws {
        let layout = fp8 ? GPTQLayout(bits: 8, groupSize: -1) : requested
        if let problem = layout.validate(k: k, n: n) { throw GPUBenchError.unsupported(problem) }
        var random = SplitMix64(seed: seed)
        let groups = layout.groupCount(k: k)
        // Any bit pattern is a valid packing of q (of e4m3 codes once the NaN codes 0x7F and
        // 0xFF are mapped to 0x70 and 0xF0); zero points are drawn from the range a real
        // checkpoint stores (v1 cannot store a zero point of 0).
        let qweight = (0..<(layout.packedRows(k: k) * n)).map { _ in
            let word = UInt32(truncatingIfNeeded: random.next())
            guard fp8 else { return Int32(bitPattern: word) }
            var clean: UInt32 = 0
            for byte in 0..<4 {
                let code = (word >> UInt32(8 * byte)) & 0xFF
                clean |= (code & 0x7F == 0x7F ? code & 0xF0 : code) << UInt32(8 * byte)
            }
            return Int32(bitPattern: clean)
        }
        var qzeros: [Int32] = []
        if layout.zeroPoints != .symmetric {
            let columns = layout.packedZeroColumns(n: n)
            let lowest = layout.zeroPoints == .v1 ? 1 : 0
            qzeros = [Int32](repeating: 0, count: groups * columns)
            for g in 0..<groups {
                for col in 0..<n {
                    let zero = lowest + Int(random.next() % UInt64(layout.maxQuantized + 1 - lowest))
                    let stored = layout.zeroPoints == .v1 ? zero - 1 : zero
                    BitStream.write(&qzeros, base: g * columns, stride: 1, index: col, bits: layout.bits, value: stored)
                }
            }
        }
        let scales = (0..<(groups * n)).map { _ in Float(Float16(Float(random.next() % 1000 + 1) / 20000)) }
        var gIdx: [Int32] = []
        if layout.actOrder {
            // Act-order: row r belongs to the group of its place in a random permutation.
            var order = Array(0..<k)
            for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
            gIdx = order.map { Int32($0 / layout.effectiveGroupSize(k: k)) }
        }
        (self.layout, self.k, self.n, self.fp8) = (layout, k, n, fp8)
        (self.qweight, self.qzeros, self.scales, self.gIdx) = (qweight, qzeros, scales, gIdx)

        let zeroBytes = layout.zeroPoints == .symmetric ? 0 : 4 * qzeros.count
        bytesPerCall = 4 * qweight.count + 2 * scales.count + zeroBytes + 4 * gIdx.count
        let count = max(2, min(maxCopies, (workingSet + bytesPerCall - 1) / bytesPerCall))
        let deviceWeight = deviceWords(GPTQWeight(layout: layout, k: k, n: n, qweight: qweight, qzeros: qzeros, scales: scales, gIdx: gIdx))
        let first = (qweight: try DeviceBuffer(context: context, copying: deviceWeight),
                     qzeros: try DeviceBuffer(context: context, copying: qzeros.isEmpty ? [-1] : qzeros),
                     scales: try DeviceBuffer(context: context, copying: scales.map { Float16($0).bitPattern }),
                     gIdx: try DeviceBuffer(context: context, copying: gIdx.isEmpty ? [-1] : gIdx))
        var copies = [first]
        for _ in 1..<count {
            let c = (qweight: try DeviceBuffer<Int32>(context: context, count: first.qweight.count),
                     qzeros: try DeviceBuffer<Int32>(context: context, count: first.qzeros.count),
                     scales: try DeviceBuffer<UInt16>(context: context, count: first.scales.count),
                     gIdx: try DeviceBuffer<Int32>(context: context, count: first.gIdx.count))
            try c.qweight.copy(from: first.qweight)
            try c.qzeros.copy(from: first.qzeros)
            try c.scales.copy(from: first.scales)
            try c.gIdx.copy(from: first.gIdx)
            copies.append(c)
        }
        self.copies = copies
        try context.synchronize()
    }

    /// The copy that run `run` reads.
    public func copy(_ run: Int) -> (qweight: DeviceBuffer<Int32>, qzeros: DeviceBuffer<Int32>, scales: DeviceBuffer<UInt16>, gIdx: DeviceBuffer<Int32>) {
        copies[run % copies.count]
    }

    /// Column `col` of the dequantized weight, `W[0..<K, col] = (q − z)·s`, in float64, read
    /// from the packed bit streams as ``GPTQWeight`` defines them (v1 zero points are stored
    /// minus one).
    public func column(_ col: Int) -> [Double] {
        let zeroColumns = layout.packedZeroColumns(n: n)
        return qweight.withUnsafeBufferPointer { w in
            qzeros.withUnsafeBufferPointer { z in
                (0..<k).map { row in
                    let g = layout.actOrder ? Int(gIdx[row]) : row / layout.effectiveGroupSize(k: k)
                    let q = BitStream.read(w, base: col, stride: n, index: row, bits: layout.bits)
                    if fp8 { return Double(MiniFloat.float8E4M3FN.decode(UInt8(q))) * Double(scales[col]) }
                    var zero = layout.symmetricZero
                    if layout.zeroPoints != .symmetric {
                        zero = BitStream.read(z, base: g * zeroColumns, stride: 1, index: col, bits: layout.bits)
                            + (layout.zeroPoints == .v1 ? 1 : 0)
                    }
                    return Double(q - zero) * Double(scales[g * n + col])
                }
            }
        }
    }
}

/// Why a GPU benchmark cannot run.
public enum GPUBenchError: Error, CustomStringConvertible {
    case unsupported(String)
    case wrongOutput(String)

    public var description: String {
        switch self {
        case .unsupported(let m): "unsupported: \(m)"
        case .wrongOutput(let m): "wrong output: \(m)"
        }
    }
}
