import CUDA
import Compiler
import Foundation
import Quantization

/// Times one GPU weight-only GPTQ kernel (``GPUWeightOnlyKernel``) on an `m × n × k` problem
/// with the kernel's activations (f16 or bf16): checks its output once against the float64 scalar reference on the
/// same data, then times it with CUDA events, the weights rotating through copies that exceed
/// the L2 cache (``GPUBenchWeights``).
public struct GPUWeightOnlyBenchmark {
    public var layout: GPTQLayout
    public var m: Int, n: Int, k: Int
    /// Timed launches, each between its own pair of events (the median is reported).
    public var repeats: Int
    /// Launches per CUDA graph for the back-to-back timing (0: no graph timing).
    public var graphLaunches: Int
    /// Bytes the rotated weight copies span together.
    public var workingSet: Int

    public init(layout: GPTQLayout, m: Int, n: Int, k: Int, repeats: Int = 50, graphLaunches: Int = 20,
                workingSet: Int = 1 << 30) {
        self.layout = layout
        self.m = m
        self.n = n
        self.k = k
        self.repeats = repeats
        self.graphLaunches = graphLaunches
        self.workingSet = workingSet
    }

    public struct Result: Sendable {
        public var variant: String
        /// PTX generation and the driver's JIT, seconds.
        public var compileSeconds: Double
        public var medianSeconds: Double
        public var minSeconds: Double
        /// Per launch inside a CUDA graph of back-to-back launches (nil without graph timing).
        public var graphSeconds: Double?
        /// Bytes one call must move: weights, scales, zeros (asymmetric), g_idx (act-order), x, y.
        public var bytes: Int
        public var flops: Int
        /// Outputs compared with the reference, and the worst |y − ref| / (Σ|x·w|) among them.
        public var checkedOutputs: Int
        public var worstError: Double
        public var copies: Int

        public var gbps: Double { Double(bytes) / medianSeconds / 1e9 }
        public var tflops: Double { Double(flops) / medianSeconds / 1e12 }
    }

    /// Runs the check and the timing.
    public func run(_ kernel: GPUWeightOnlyKernel, context: CUDAContext, stream: CUDAStream,
                    gpu: GPUArchitecture) throws -> Result {
        var loaded: LoadedGPUWeightOnlyKernel?
        let compileSeconds = try Timing.measure { loaded = try kernel.load(context: context, gpu: gpu) }
        let function = loaded!
        var isFP8 = false
        if case .fp8GEMV = kernel { isFP8 = true }
        let weights = try GPUBenchWeights(context: context, layout: layout, k: k, n: n, fp8: isFP8, deviceWords: kernel.deviceWords,
                                          workingSet: workingSet)
        var random = SplitMix64(seed: 0xbe7c)
        // x and y as 16-bit patterns of the kernel's activation type (f16 or bf16).
        let bf16 = kernel.activation == .bf16
        func encode(_ v: Float) -> UInt16 { bf16 ? BFloat16Bits.encode(v) : Float16(v).bitPattern }
        func decode(_ bits: UInt16) -> Float { bf16 ? BFloat16Bits.decode(bits) : Float(Float16(bitPattern: bits)) }
        let xBits = (0..<(m * k)).map { _ in encode(Float(Int(random.next() % 2001) - 1000) / 1000) }
        let x = try DeviceBuffer(context: context, copying: xBits)
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)

        try y.fill(byte: 0xFF)  // NaN: an unwritten output cannot pass the check
        try function.launch(x: x, weights: weights.copy(0), y: y, m: m, n: n, k: k, stream: stream)
        try stream.synchronize()
        let (checked, worst) = try check(y.toArray().map(decode), x: xBits.map(decode), weights: weights, variant: kernel.variantName,
                                         relativeTolerance: bf16 ? Self.bf16Tolerance : 1e-3)

        let timing = try stream.time(warmup: 5, repetitions: repeats) { run in
            try function.launch(x: x, weights: weights.copy(run), y: y, m: m, n: n, k: k, stream: stream)
        }
        try stream.synchronize()
        var graphSeconds: Double?
        if graphLaunches > 0 {
            graphSeconds = try stream.timePerLaunchInGraph(launches: graphLaunches) { run in
                try function.launch(x: x, weights: weights.copy(run), y: y, m: m, n: n, k: k, stream: stream)
            } / 1e3
        }
        return Result(variant: kernel.variantName, compileSeconds: compileSeconds, medianSeconds: timing.median / 1e3,
                      minSeconds: timing.minimum / 1e3, graphSeconds: graphSeconds,
                      bytes: weights.bytesPerCall + 2 * m * k + 2 * m * n, flops: 2 * m * n * k,
                      checkedOutputs: checked, worstError: worst, copies: weights.copies.count)
    }

    /// The rows and columns the check compares: every row up to 16 (else 32 of them, the first
    /// and last included) and 64 columns (the first and last included).
    func sample(_ count: Int, upTo limit: Int, _ random: inout SplitMix64) -> [Int] {
        if limit <= count { return Array(0..<limit) }
        var picked: Set<Int> = [0, limit - 1]
        while picked.count < count { picked.insert(Int(random.next() % UInt64(limit))) }
        return picked.sorted()
    }

    /// The relative tolerance of bf16 outputs: a bf16 weight carries two roundings (the f16 scale
    /// to bf16, then `(q − z)·s`: ≤ 2^−8 relative) and the output one more (2^−9), so
    /// |y − ref| ≤ (2^−8 + 2^−9)·Σ|x·w| bounds the error; 6e-3 with a margin for f32 accumulation.
    public static let bf16Tolerance = 6e-3

    /// Compares sampled outputs with `Σ_k x·W` in float64 (W from the scalar dequantization of
    /// the same packed weight, x the rounded activations the kernel read):
    /// |y − ref| ≤ `relativeTolerance` · Σ|x·w| + 1e-6 (1e-3 for f16, as the self-test's checks;
    /// ``bf16Tolerance`` for bf16). Every output must be finite. Returns the outputs compared and
    /// the worst relative error.
    func check(_ y: [Float], x: [Float], weights: GPUBenchWeights, variant: String, relativeTolerance: Double) throws -> (Int, Double) {
        if let bad = y.firstIndex(where: { !$0.isFinite }) {
            throw GPUBenchError.wrongOutput("\(variant): y[\(bad / n), \(bad % n)] = \(y[bad]) (not written or not finite)")
        }
        var random = SplitMix64(seed: 0xc0ffee)
        let rows = sample(m <= 16 ? 16 : 32, upTo: m, &random), columns = sample(64, upTo: n, &random)
        var worst = 0.0
        for col in columns {
            let w = weights.column(col)
            for row in rows {
                var sum = 0.0, magnitude = 0.0
                for kk in 0..<k {
                    let product = Double(x[row * k + kk]) * w[kk]
                    sum += product
                    magnitude += abs(product)
                }
                let got = Double(y[row * n + col])
                let tolerance = relativeTolerance * magnitude + 1e-6
                if !(abs(got - sum) <= tolerance) {
                    throw GPUBenchError.wrongOutput("\(variant): y[\(row), \(col)] = \(got), float64 reference \(sum) (tolerance \(tolerance))")
                }
                worst = max(worst, abs(got - sum) / max(magnitude, 1e-30))
            }
        }
        return (rows.count * columns.count, worst)
    }
}
