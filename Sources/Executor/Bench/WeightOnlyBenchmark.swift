import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

/// Times one CPU weight-only kernel on random GPTQ data. Weight copies are rotated so the
/// working set exceeds the caches and weights stream from memory, as in decoding.
public struct WeightOnlyBenchmark {
    public var selection: Selection
    public var m: Int, n: Int, k: Int
    public var threads: Int
    public var repeats: Int
    /// Total bytes of the rotated weight copies.
    public var workingSet: Int

    public init(selection: Selection, m: Int, n: Int, k: Int, threads: Int, repeats: Int = 50, workingSet: Int = 512 << 20) {
        self.selection = selection
        self.m = m
        self.n = n
        self.k = k
        self.threads = threads
        self.repeats = repeats
        self.workingSet = workingSet
    }

    public struct Result: Sendable {
        public var variant: String
        public var compileSeconds: Double
        public var medianSeconds: Double
        public var minSeconds: Double
        /// Bytes one call must move: packed weights, scales, zeros, g_idx, activations, outputs.
        public var bytes: Int
        public var flops: Int
        public var gbps: Double { Double(bytes) / medianSeconds / 1e9 }
        public var gflops: Double { Double(flops) / medianSeconds / 1e9 }
    }

    /// Runs the benchmark; `between` (e.g. a bandwidth sample) runs after each timed call.
    public func run(between: (() -> Void)? = nil) throws -> Result {
        let spec: WeightOnlySpec
        switch selection.generator {
        case let g as GPTQGEMV: spec = g.spec
        case let g as GPTQGEMM: spec = g.spec
        case let g as GPTQDequantize: spec = g.spec
        default: throw KernelConfigError(generator: selection.entry, message: "no benchmark for this generator")
        }
        let layout = spec.layout
        if let problem = layout.validate(k: k, n: n) { throw KernelConfigError(generator: selection.entry, message: problem) }
        let kernelIR = try selection.emit()
        var kernel: CPUKernel?
        let compileSeconds = try Timing.measure { kernel = try CPUCompiler().compile(kernelIR) }

        let groups = layout.groupCount(k: k)
        let actBytes = spec.activation == .f16 ? 2 : 4
        let qweightWords = layout.packedRows(k: k) * n
        let zeroWords = layout.zeroPoints == .symmetric ? 0 : groups * layout.packedZeroColumns(n: n)
        let weightBytes = 4 * qweightWords + 2 * groups * n + 4 * zeroWords + (layout.actOrder ? 4 * k : 0)
        let outputs = selection.generator.family == .dequantize ? k * n : m * n
        let bytes = weightBytes + (selection.generator.family == .dequantize ? 0 : m * k * actBytes) + outputs * actBytes
        let copies = max(1, min(64, workingSet / max(weightBytes, 1)))

        var rng = SystemRandomNumberGenerator()
        func buffer<T>(_ count: Int, _ make: () -> T) -> UnsafeMutableBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
            for i in 0..<p.count { p.initializeElement(at: i, to: make()) }
            return p
        }
        let sets = (0..<copies).map { _ in
            (buffer(qweightWords) { Int32(truncatingIfNeeded: rng.next()) },
             buffer(groups * n) { Float16(Float(rng.next() % 100 + 1) / 1000).bitPattern },
             buffer(zeroWords) { Int32(truncatingIfNeeded: rng.next()) },
             buffer(k) { Int32(rng.next() % UInt64(groups)) })
        }
        let x = buffer(m * k * actBytes / 2) { UInt16(Float16(Float(rng.next() % 200) / 100 - 1).bitPattern) }
        if spec.activation == .f32 {
            let f = UnsafeMutableRawPointer(x.baseAddress!).assumingMemoryBound(to: Float.self)
            for i in 0..<(m * k) { f[i] = Float(i % 17) / 17 - 0.5 }
        }
        let y = buffer(outputs * actBytes) { UInt8(0) }
        defer {
            for s in sets { s.0.deallocate(); s.1.deallocate(); s.2.deallocate(); s.3.deallocate() }
            x.deallocate()
            y.deallocate()
        }
        let runner = GridRunner(threads: threads)
        let programs = selection.config.programs(m: selection.generator.family == .dequantize ? 1 : m, n: n)
        var times: [Double] = []
        for i in 0..<(repeats + copies) {
            let s = sets[i % copies]
            let args: [KernelArgument] = [.pointer(x), .pointer(s.0), .pointer(s.2), .pointer(s.1), .pointer(s.3), .pointer(y),
                                          .int(m), .int(n), .int(k)]
            let t = try Timing.measure { try runner.run(kernel!, args, programs: programs) }
            if i >= copies {  // the first pass over the copies warms up
                times.append(t)
                between?()
            }
        }
        return Result(variant: selection.variantName, compileSeconds: compileSeconds, medianSeconds: Timing.median(times),
                      minSeconds: times.min() ?? .nan, bytes: bytes, flops: 2 * m * n * k)
    }
}
