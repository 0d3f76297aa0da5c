import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

/// Times one CPU weight-only kernel on random GPTQ data (``WeightOnlyInputs``, the
/// autotuner's inputs): weight copies are rotated so the working set exceeds the caches and
/// weights stream from memory, as in decoding.
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
        let spec = try CPUAutotune.weightOnlySpec(selection)
        let inputs = try WeightOnlyInputs(spec: spec, family: selection.generator.family, m: m, n: n, k: k, workingSet: workingSet)
        let kernelIR = try selection.emit()
        var compiled: CPUKernel?
        let compileSeconds = try Timing.measure { compiled = try CPUCompiler().compile(kernelIR) }
        let kernel = compiled!, runner = GridRunner(threads: threads)
        _ = try inputs.sample(kernel, config: selection.config, runner: runner, calls: inputs.copies)  // warm-up pass
        var times: [Double] = []
        for _ in 0..<repeats {
            times += try inputs.sample(kernel, config: selection.config, runner: runner, calls: 1)
            between?()
        }
        return Result(variant: selection.variantName, compileSeconds: compileSeconds, medianSeconds: Timing.median(times),
                      minSeconds: times.min() ?? .nan, bytes: inputs.bytesPerCall, flops: 2 * inputs.m * n * k)
    }
}
