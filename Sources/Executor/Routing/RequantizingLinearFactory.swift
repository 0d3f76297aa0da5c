import Checkpoint
import Foundation
import Kernels
import Quantization

/// The schemes ``RequantizingLinearFactory`` can re-quantize a model's linear weights to.
public enum RequantizationScheme: String, CaseIterable, Sendable {
    /// INT8 W8A8: int8 weights with symmetric per-channel scales, int8 activations with a
    /// dynamic per-token scale (compressed-tensors' `W8A8` preset).
    case int8 = "int8-w8a8"
    /// FP8 e4m3 weights with per-channel scales (`amax / 448`), f32 activations on the CPU.
    case fp8 = "fp8"
    /// GPTQ-layout 4-bit, asymmetric, group 32, round to nearest.
    case w4g32 = "w4g32"

    /// The route the re-quantized weights take.
    var route: LinearRoute {
        switch self {
        case .int8:
            return .int8W8A8(activation: ActivationQuantSpec(target: .int8, scaling: .dynamicPerToken), matmul: W8A8Spec())
        case .fp8:
            return .fp8WeightOnly(FP8WeightSpec(scaling: .perChannel), skipped: .none)
        case .w4g32:
            return .weightOnly(GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), repacked: true)
        }
    }
}

/// A ``LinearKernelFactory`` that dequantizes each GGUF linear weight at load, re-quantizes it
/// to `scheme` with the scalar reference quantizers and runs it on that scheme's routed JIT
/// kernels (``Int8W8A8Linear``, ``FP8WeightLinear``, ``WeightOnlyLinear``): a whole model on
/// the W8A8 / FP8 / GPTQ kernels, to see what the scheme costs in accuracy and speed.
public struct RequantizingLinearFactory: LinearKernelFactory {
    public var scheme: RequantizationScheme
    public var cache: GGUFKernelCache

    public init(scheme: RequantizationScheme, cache: GGUFKernelCache = .shared) {
        self.scheme = scheme
        self.cache = cache
    }

    public func makeLinear(tensor: GGUFTensorInfo, in file: GGUFFile, threads: ThreadPool) throws -> LinearKernel {
        let source = try ReferenceGGUFLinear(tensor: tensor, in: file, threads: threads)
        let n = source.outputCount, k = source.inputCount
        var w = [Float](repeating: 0, count: n * k)
        w.withUnsafeMutableBufferPointer { p in
            for row in 0..<n { source.dequantizeRow(row, into: p.baseAddress! + row * k) }
        }
        switch scheme.route {
        case .int8W8A8(let activation, let matmul):
            let q = try RTNQuantizer(bits: 8, groupSize: -1, symmetric: true, convention: .signed).quantize(w, n: n, k: k)
            return try Int8W8A8Linear(n: n, k: k, weights: q.codes.map { Int8($0) }, weightScales: q.scales,
                                      activation: activation, matmul: matmul, cache: cache, threads: threads)
        case .fp8WeightOnly(let spec, _):
            // Each weight row quantized like a token: scale amax / 448, saturating e4m3 codes.
            let q = try ActivationQuantizer(target: .float8E4M3FN, granularity: .perToken).quantize(w, tokens: n, hidden: k)
            return try FP8WeightLinear(n: n, k: k, weights: q.codes, scales: q.scales, spec: spec, cache: cache, threads: threads)
        case .weightOnly(let layout, _):
            let q = try RTNQuantizer(bits: layout.bits, groupSize: layout.groupSize, symmetric: false).quantize(w, n: n, k: k)
            return try WeightOnlyLinear(weight: q.unpacked.gptqWeight(layout: layout, signedCodes: false), cache: cache, threads: threads)
        case .dense, .unsupported, .gpu:
            preconditionFailure("every requantization scheme has a kernel route")
        }
    }
}
