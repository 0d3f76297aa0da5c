import CUDA
import Foundation
import KernelIR
import Kernels
import Quantization

/// Random inputs on the GPU for timing weight-only kernels of one problem: enough copies of
/// the packed weights, scales, zeros and `g_idx` to exceed the L2 cache several times, which
/// calls rotate through (in a rotation shared by every candidate), as in decoding.
public final class GPUWeightOnlyInputs {
    public let spec: WeightOnlySpec
    public let family: KernelFamily
    public let m: Int, n: Int, k: Int
    public let copies: Int
    /// Bytes one call moves: weights, scales, zeros, g_idx, activations, outputs.
    public let bytesPerCall: Int
    let context: CUDAContext
    let stream: CUDAStream
    private let sets: [(qweight: DeviceBuffer<Int32>, zeros: DeviceBuffer<Int32>, scales: DeviceBuffer<UInt16>, gIdx: DeviceBuffer<Int32>)]
    private let x: any CUDAKernelArgument
    private let yFloat: DeviceBuffer<Float>
    private let yHalf: DeviceBuffer<Float16>
    private var nextCopy = 0

    public init(context: CUDAContext, spec: WeightOnlySpec, family: KernelFamily, m: Int, n: Int, k: Int,
                workingSet: Int = 512 << 20) throws {
        let layout = spec.layout
        if let problem = layout.validate(k: k, n: n) { throw KernelConfigError(generator: "gptq_\(family.rawValue)", message: problem) }
        self.context = context
        self.spec = spec
        self.family = family
        self.m = family == .dequantize ? 1 : m
        self.n = n
        self.k = k
        stream = try CUDAStream(context: context)
        let groups = layout.groupCount(k: k)
        let half = spec.activation == .f16
        let qweightWords = layout.packedRows(k: k) * n
        let zeroWords = layout.zeroPoints == .symmetric ? 0 : groups * layout.packedZeroColumns(n: n)
        let weightBytes = 4 * qweightWords + 2 * groups * n + 4 * zeroWords + (layout.actOrder ? 4 * k : 0)
        let outputs = family == .dequantize ? k * n : self.m * n
        let actBytes = half ? 2 : 4
        bytesPerCall = weightBytes + (family == .dequantize ? 0 : self.m * k * actBytes) + outputs * actBytes
        copies = max(1, min(256, (workingSet + weightBytes - 1) / max(weightBytes, 1)))

        var rng = SplitMix64(seed: 0x6b75)
        let first = (try DeviceBuffer(context: context, copying: (0..<max(qweightWords, 1)).map { _ in Int32(truncatingIfNeeded: rng.next()) }),
                     try DeviceBuffer(context: context, copying: (0..<max(zeroWords, 1)).map { _ in Int32(truncatingIfNeeded: rng.next()) }),
                     try DeviceBuffer(context: context, copying: (0..<(groups * n)).map { _ in Float16(Float(rng.next() % 100 + 1) / 1000).bitPattern }),
                     try DeviceBuffer(context: context, copying: (0..<k).map { _ in Int32(rng.next() % UInt64(groups)) }))
        var sets = [first]
        for _ in 1..<copies {  // device-to-device copies of the first set: same values, other addresses
            let c = (try DeviceBuffer<Int32>(context: context, count: first.0.count), try DeviceBuffer<Int32>(context: context, count: first.1.count),
                     try DeviceBuffer<UInt16>(context: context, count: first.2.count), try DeviceBuffer<Int32>(context: context, count: first.3.count))
            try c.0.copy(from: first.0)
            try c.1.copy(from: first.1)
            try c.2.copy(from: first.2)
            try c.3.copy(from: first.3)
            sets.append(c)
        }
        self.sets = sets
        let xs = (0..<(self.m * k)).map { _ in Float(rng.next() % 200) / 100 - 1 }
        x = half ? try DeviceBuffer(context: context, copying: xs.map { Float16($0) }) : try DeviceBuffer(context: context, copying: xs)
        yFloat = try DeviceBuffer(context: context, count: half ? 1 : outputs)
        yHalf = try DeviceBuffer(context: context, count: half ? outputs : 1)
        try context.synchronize()
    }

    func arguments(copy: Int) -> [any CUDAKernelArgument] {
        let s = sets[copy % copies]
        let y: any CUDAKernelArgument = spec.activation == .f16 ? yHalf : yFloat
        return [x, s.qweight, s.zeros, s.scales, s.gIdx, y, Int64(m), Int64(n), Int64(k)]
    }

    func launch(_ function: CUDAFunction, config: TileConfig, copy: Int) throws {
        try function.launch(grid: Dim3(config.blocks(m: m, n: n)), block: Dim3(config.threadsPerBlock), stream: stream,
                            arguments: arguments(copy: copy))
    }

    /// Times `calls` launches with CUDA events, each on the next weight copy; seconds each.
    public func sample(_ function: CUDAFunction, config: TileConfig, calls: Int) throws -> [Double] {
        let timing = try stream.time(warmup: 0, repetitions: calls) { _ in
            try launch(function, config: config, copy: nextCopy)
            nextCopy = (nextCopy + 1) % copies
        }
        return timing.milliseconds.map { $0 / 1e3 }
    }

    /// Runs once on copy 0 into NaN-poisoned outputs and returns them as Float.
    public func output(_ function: CUDAFunction, config: TileConfig) throws -> [Float] {
        try yFloat.fill(byte: 0xff)
        try yHalf.fill(byte: 0xff)
        try launch(function, config: config, copy: 0)
        try stream.synchronize()
        return spec.activation == .f16 ? try yHalf.toArray().map(Float.init) : try yFloat.toArray()
    }
}
