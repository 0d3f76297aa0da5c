import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

/// Random inputs for timing CPU weight-only kernels (GPTQ dequantize, GEMV, GEMM) of one
/// problem, allocated once and shared by every candidate so they are compared on the same
/// data. The packed weights, scales, zeros and `g_idx` exist in enough copies to exceed the
/// last-level cache; calls rotate through them so weights stream from memory, as in decoding.
public final class WeightOnlyInputs {
    public let spec: WeightOnlySpec
    public let family: KernelFamily
    public let m: Int, n: Int, k: Int
    /// Number of weight copies rotated through.
    public let copies: Int
    /// Bytes one call moves: weights, scales, zeros, g_idx, activations, outputs.
    public let bytesPerCall: Int
    private let sets: [(qweight: UnsafeMutableBufferPointer<Int32>, scales: UnsafeMutableBufferPointer<UInt16>,
                        zeros: UnsafeMutableBufferPointer<Int32>, gIdx: UnsafeMutableBufferPointer<Int32>)]
    private let x: UnsafeMutableRawBufferPointer
    private let y: UnsafeMutableRawBufferPointer
    private let outputBytes: Int
    private var nextCopy = 0

    /// Allocates `workingSet` bytes or more of weight copies (at most 64 copies).
    public init(spec: WeightOnlySpec, family: KernelFamily, m: Int, n: Int, k: Int, workingSet: Int = 256 << 20) throws {
        let layout = spec.layout
        if let problem = layout.validate(k: k, n: n) { throw KernelConfigError(generator: "gptq_\(family.rawValue)", message: problem) }
        self.spec = spec
        self.family = family
        self.m = family == .dequantize ? 1 : m
        self.n = n
        self.k = k
        let groups = layout.groupCount(k: k)
        let actBytes = spec.activation == .f16 ? 2 : 4
        let qweightWords = layout.packedRows(k: k) * n
        let zeroWords = layout.zeroPoints == .symmetric ? 0 : groups * layout.packedZeroColumns(n: n)
        let weightBytes = 4 * qweightWords + 2 * groups * n + 4 * zeroWords + (layout.actOrder ? 4 * k : 0)
        let outputs = family == .dequantize ? k * n : self.m * n
        outputBytes = outputs * actBytes
        bytesPerCall = weightBytes + (family == .dequantize ? 0 : self.m * k * actBytes) + outputBytes
        copies = max(1, min(64, (workingSet + weightBytes - 1) / max(weightBytes, 1)))

        var rng = SplitMix64(seed: 0x5eed)
        func buffer<T>(_ count: Int, _ make: () -> T) -> UnsafeMutableBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
            for i in 0..<p.count { p.initializeElement(at: i, to: make()) }
            return p
        }
        sets = (0..<copies).map { _ in
            (buffer(qweightWords) { Int32(truncatingIfNeeded: rng.next()) },
             buffer(groups * n) { Float16(Float(rng.next() % 100 + 1) / 1000).bitPattern },
             buffer(zeroWords) { Int32(truncatingIfNeeded: rng.next()) },
             buffer(k) { Int32(rng.next() % UInt64(groups)) })
        }
        x = .allocate(byteCount: max(self.m * k * actBytes, 1), alignment: 64)
        for i in 0..<(self.m * k) {
            let v = Float(rng.next() % 200) / 100 - 1
            if spec.activation == .f16 { x.storeBytes(of: Float16(v).bitPattern, toByteOffset: 2 * i, as: UInt16.self) }
            else { x.storeBytes(of: v, toByteOffset: 4 * i, as: Float.self) }
        }
        y = .allocate(byteCount: max(outputBytes, 1), alignment: 64)
    }

    deinit {
        for s in sets { s.qweight.deallocate(); s.scales.deallocate(); s.zeros.deallocate(); s.gIdx.deallocate() }
        x.deallocate()
        y.deallocate()
    }

    /// The kernel arguments for weight copy `copy`.
    public func arguments(copy: Int) -> [KernelArgument] {
        let s = sets[copy % copies]
        return [.pointer(UnsafeRawPointer(x.baseAddress)), .pointer(s.qweight), .pointer(s.zeros), .pointer(s.scales),
                .pointer(s.gIdx), .pointer(UnsafeRawPointer(y.baseAddress)), .int(m), .int(n), .int(k)]
    }

    /// Times `calls` calls of `kernel` (compiled from `config`), each on the next weight copy
    /// in a rotation shared by all kernels timed on these inputs, so that between two uses
    /// of a copy the others have pushed it out of the caches. Returns each call's seconds.
    public func sample(_ kernel: CPUKernel, config: TileConfig, runner: GridRunner, calls: Int) throws -> [Double] {
        let programs = config.programs(m: m, n: n)
        return try (0..<calls).map { _ in
            let args = arguments(copy: nextCopy)
            nextCopy = (nextCopy + 1) % copies
            return try Timing.measure { try runner.run(kernel, args, programs: programs) }
        }
    }

    /// Runs `kernel` once on copy 0 and returns the outputs as Float (to check a candidate
    /// against the default).
    public func output(_ kernel: CPUKernel, config: TileConfig, runner: GridRunner) throws -> [Float] {
        memset(y.baseAddress!, 0xff, outputBytes)  // poison: NaN in f32 and f16
        try runner.run(kernel, arguments(copy: 0), programs: config.programs(m: m, n: n))
        let count = outputBytes / (spec.activation == .f16 ? 2 : 4)
        return (0..<count).map { i in
            spec.activation == .f16 ? Float(Float16(bitPattern: y.load(fromByteOffset: 2 * i, as: UInt16.self)))
                                    : y.load(fromByteOffset: 4 * i, as: Float.self)
        }
    }
}

/// A small, fast, seeded generator for filling hundreds of megabytes of test weights.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58476d1ce4e5b9
        z = (z ^ (z >> 27)) &* 0x94d049bb133111eb
        return z ^ (z >> 31)
    }
}
