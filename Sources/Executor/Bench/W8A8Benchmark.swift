import Compiler
import Foundation
import KernelIR
import Kernels

/// Times the CPU W8A8 kernels on random data: the INT8 and FP8-weight GEMV (weights rotated
/// through copies larger than the caches, as in decoding) and GEMM (`m` tokens), and the
/// activation quantizers. Default configs unless `configs` says otherwise.
public struct W8A8Benchmark {
    public var n: Int, k: Int, gemmRows: Int
    public var threads: Int
    public var repeats: Int
    /// Total bytes of the rotated GEMV weight copies.
    public var workingSet: Int
    /// INT8 GEMV configs timed besides the default (each a row of its own).
    public var extraGEMVConfigs: [W8A8Config] = []
    /// FP8-weight GEMV configs timed besides the default.
    public var extraFP8GEMVConfigs: [W8A8Config] = []

    public init(n: Int = 4096, k: Int = 4096, gemmRows: Int = 512, threads: Int, repeats: Int = 20, workingSet: Int = 256 << 20) {
        self.n = n
        self.k = k
        self.gemmRows = gemmRows
        self.threads = threads
        self.repeats = repeats
        self.workingSet = workingSet
    }

    public struct Result: Codable, Sendable {
        public var variant: String
        public var m: Int
        public var medianSeconds: Double
        /// The fastest timed call.
        public var minimumSeconds: Double
        /// Bytes one call must move (weights, scales, activations, outputs).
        public var bytes: Int
        /// Multiply-adds × 2.
        public var ops: Int
        public var gbps: Double { Double(bytes) / medianSeconds / 1e9 }
        public var tops: Double { Double(ops) / medianSeconds / 1e12 }
    }

    public func run() throws -> [Result] {
        let runner = GridRunner(threads: threads)
        var rng = SystemRandomNumberGenerator()
        func buffer<T>(_ count: Int, _ make: () -> T) -> UnsafeMutableBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(count, 1))
            for i in 0..<p.count { p.initializeElement(at: i, to: make()) }
            return p
        }
        let m = gemmRows, copies = max(1, min(64, workingSet / (n * k)))
        let weights = buffer(copies * n * k) { UInt8(truncatingIfNeeded: rng.next()) & 0x77 }  // int8 or FP8 (no NaN)
        let xq = buffer(m * k) { Int8(truncatingIfNeeded: rng.next()) }
        let x = buffer(2 * m * k) { Float(Int(rng.next() % 2001) - 1000) / 1000 }
        let scales = buffer(max(m, n) + 2 * m + n * k / 16384 + 1) { Float(0.01) }
        let ints = buffer(max(m, n) + 1) { Int32(0) }
        let y = buffer(m * n) { Float(0) }
        let codes = buffer(m * k) { UInt8(0) }
        defer { [weights.baseAddress, codes.baseAddress].forEach { $0?.deallocate() }; xq.deallocate(); x.deallocate(); scales.deallocate(); ints.deallocate(); y.deallocate() }

        func time(_ kernel: CPUKernel, programs: Int, rotate: Bool, _ args: (UnsafeMutablePointer<UInt8>) -> [KernelArgument]) throws -> (median: Double, minimum: Double) {
            var which = 0
            var times: [Double] = []
            for _ in 0..<(repeats + 1) {
                let w = weights.baseAddress! + (rotate ? (which % copies) * n * k : 0)
                which += 1
                let arguments = args(w)
                times.append(try Timing.measure { try runner.run(kernel, arguments, programs: programs) })
            }
            let timed = Array(times.dropFirst())
            return (Timing.median(timed), timed.min()!)
        }
        var results: [Result] = []
        let gemv = W8A8GEMV(spec: W8A8Spec()), gemm = W8A8GEMM(spec: W8A8Spec())
        let int8: [(any KernelGenerator<W8A8Config>, W8A8Config, Int)] = [(gemv, gemv.defaultConfig, 1)]
            + extraGEMVConfigs.map { (gemv, $0, 1) } + [(gemm, gemm.defaultConfig, m)]
        for (g, c, rows) in int8 {
            let kernel = try CPUCompiler().compile(try g.emit(c))
            let t = try time(kernel, programs: c.programs(m: rows, n: n), rotate: rows == 1) { w in
                [.pointer(xq), .pointer(scales), .pointer(ints), .pointer(w), .pointer(scales), .pointer(ints), .pointer(scales), .pointer(y), .int(rows), .int(n), .int(k)]
            }
            results.append(Result(variant: g.variantName(c), m: rows, medianSeconds: t.median, minimumSeconds: t.minimum, bytes: n * k + rows * k + 12 * n + 4 * rows * n,
                                  ops: 2 * rows * n * k))
        }
        let fp8GEMV = FP8WeightGEMV(spec: FP8WeightSpec(scaling: .perChannel)), fp8GEMM = FP8WeightGEMM(spec: FP8WeightSpec(scaling: .perChannel))
        let fp8: [(any KernelGenerator<W8A8Config>, W8A8Config, Int)] = [(fp8GEMV, fp8GEMV.defaultConfig, 1)]
            + extraFP8GEMVConfigs.map { (fp8GEMV, $0, 1) } + [(fp8GEMM, fp8GEMM.defaultConfig, m)]
        for (g, c, rows) in fp8 {
            let kernel = try CPUCompiler().compile(try g.emit(c))
            let t = try time(kernel, programs: c.programs(m: rows, n: n), rotate: rows == 1) { w in
                [.pointer(x), .pointer(w), .pointer(scales), .pointer(y), .int(rows), .int(n), .int(k)]
            }
            results.append(Result(variant: g.variantName(c), m: rows, medianSeconds: t.median, minimumSeconds: t.minimum, bytes: n * k + 4 * rows * k + 4 * n + 4 * rows * n,
                                  ops: 2 * rows * n * k))
        }
        let quantizers = [ActivationQuantSpec(target: .int8, scaling: .dynamicPerToken), ActivationQuantSpec(target: .fp8e4m3, scaling: .dynamicPerToken),
                          ActivationQuantSpec(target: .fp8e4m3, scaling: .staticPerTensor, fusedSiLUAndMul: true)]
        for spec in quantizers {
            let g = ActivationQuantize(spec: spec)
            let c = g.defaultConfig, kernel = try CPUCompiler().compile(try g.emit(c))
            let t = try time(kernel, programs: c.programs(tokens: m), rotate: false) { _ in
                [.pointer(x), .pointer(codes), .pointer(scales), .pointer(ints), .int(m), .int(k)]
            }
            results.append(Result(variant: g.variantName(c), m: m, medianSeconds: t.median, minimumSeconds: t.minimum, bytes: m * k * ((spec.fusedSiLUAndMul ? 8 : 4) + 1),
                                  ops: 0))
        }
        return results
    }

    public static func table(_ results: [Result]) -> String {
        var s = "variant                                                  m    median ms      GB/s    TOPS\n"
        for r in results {
            s += r.variant.padding(toLength: 55, withPad: " ", startingAt: 0)
            s += String(format: " %4d %12.3f %9.1f %7.3f\n", r.m, r.medianSeconds * 1e3, r.gbps, r.tops)
        }
        return s
    }
}
