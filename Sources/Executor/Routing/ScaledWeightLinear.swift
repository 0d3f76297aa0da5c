import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

/// A linear layer over int8 weights `[N, K]` with per-channel scales whose activations are
/// quantized to int8 on every call (``LinearRoute/int8W8A8(activation:matmul:)``): the JIT
/// activation quantizer, then the int8 GEMV (one row) or GEMM (several).
public final class Int8W8A8Linear: LinearKernel, @unchecked Sendable {
    public let inputCount: Int
    public let outputCount: Int
    public let quantizerSpec: ActivationQuantSpec
    public let matmulSpec: W8A8Spec
    let weights: [Int8]
    let weightScales: [Float]
    let rowSums: [Int32]
    let staticScale: Float?
    let staticZero: Int32
    let quantizer: CPUKernel, rangePass: CPUKernel?, gemv: CPUKernel, gemm: CPUKernel
    let quantizerConfig: ActivationQuantConfig
    let gemvConfig: W8A8Config, gemmConfig: W8A8Config
    let runner: GridRunner

    /// - Parameters:
    ///   - weights: `[n, k]` int8, row-major.
    ///   - weightScales: one per output channel, or one for the tensor.
    ///   - inputScale: the static activation scale (`input_scale`), for static scaling.
    ///   - inputZeroPoint: the static activation zero point (`input_zero_point`), when asymmetric.
    public init(n: Int, k: Int, weights: [Int8], weightScales: [Float], activation: ActivationQuantSpec, matmul: W8A8Spec,
                inputScale: Float? = nil, inputZeroPoint: Int32 = 0, cache: GGUFKernelCache = .shared, threads: ThreadPool) throws {
        guard weights.count == n * k else { throw RoutingError.shape("int8 weight holds \(weights.count) values, expected \(n) × \(k)") }
        guard weightScales.count == n || weightScales.count == 1 else {
            throw RoutingError.shape("int8 weight scales hold \(weightScales.count) values, expected \(n) (per channel) or 1 (per tensor)")
        }
        if activation.scaling == .staticPerTensor && inputScale == nil {
            throw RoutingError.shape("static activation scaling needs the checkpoint's input_scale")
        }
        inputCount = k
        outputCount = n
        quantizerSpec = activation
        matmulSpec = matmul
        self.weights = weights
        self.weightScales = weightScales.count == n ? weightScales : Array(repeating: weightScales[0], count: n)
        rowSums = W8A8Weights.rowSums(weights, n: n, k: k)
        staticScale = inputScale
        staticZero = inputZeroPoint
        let q = ActivationQuantize(spec: activation), v = W8A8GEMV(spec: matmul), m = W8A8GEMM(spec: matmul)
        quantizerConfig = q.defaultConfig
        gemvConfig = v.defaultConfig
        gemmConfig = m.defaultConfig
        var requests: [GGUFKernelCache.Request] = [
            .init(name: q.variantName(quantizerConfig)) { [quantizerConfig] in try q.emit(quantizerConfig) },
            .init(name: v.variantName(gemvConfig)) { [gemvConfig] in try v.emit(gemvConfig) },
            .init(name: m.variantName(gemmConfig)) { [gemmConfig] in try m.emit(gemmConfig) },
        ]
        if activation.scaling == .dynamicPerTensor {
            requests.append(.init(name: q.variantName(quantizerConfig) + "_range") { [quantizerConfig] in try q.emitRangePass(quantizerConfig) })
        }
        let kernels = try cache.kernels(requests)
        (quantizer, gemv, gemm) = (kernels[0], kernels[1], kernels[2])
        rangePass = kernels.count > 3 ? kernels[3] : nil
        runner = GridRunner(threads: threads.threads)
    }

    public func apply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>) {
        guard rows > 0 else { return }
        let k = inputCount, n = outputCount
        let codes = UnsafeMutablePointer<Int8>.allocate(capacity: rows * k)
        let slots = 1 + 2 * rows  // per token: `rows`; dynamic per tensor: the scale, then 2 per token of scratch
        let scales = UnsafeMutablePointer<Float>.allocate(capacity: slots)
        let zeros = UnsafeMutablePointer<Int32>.allocate(capacity: slots)
        defer { codes.deallocate(); scales.deallocate(); zeros.deallocate() }
        scales.initialize(repeating: staticScale ?? 0, count: slots)
        zeros.initialize(repeating: staticZero, count: slots)
        let quantizerArguments: [KernelArgument] = [.pointer(x), .pointer(codes), .pointer(scales), .pointer(zeros), .int(rows), .int(k)]
        let single = rows == 1
        do {
            if let rangePass { try runner.run(rangePass, quantizerArguments, programs: quantizerConfig.programs(tokens: rows)) }
            try runner.run(quantizer, quantizerArguments, programs: quantizerConfig.programs(tokens: rows))
            try weights.withUnsafeBufferPointer { w in
                try weightScales.withUnsafeBufferPointer { sw in
                    try rowSums.withUnsafeBufferPointer { sums in
                        try runner.run(single ? gemv : gemm,
                                       [.pointer(codes), .pointer(scales), .pointer(zeros), .pointer(w), .pointer(sw), .pointer(sums), .address(nil), .pointer(y),
                                        .int(rows), .int(n), .int(k)],
                                       programs: (single ? gemvConfig : gemmConfig).programs(m: rows, n: n))
                    }
                }
            }
        } catch {
            fatalError("Int8W8A8Linear: \(error)")  // the arguments are built here: a mismatch is a bug
        }
    }
}

/// A linear layer over FP8 e4m3fn weights `[N, K]` (per-tensor, per-channel or 128 × 128
/// block scales) and f32 activations (``LinearRoute/fp8WeightOnly(_:skipped:)``): the JIT
/// FP8-weight GEMV (one row) or GEMM (several), weights decoded in registers.
public final class FP8WeightLinear: LinearKernel, @unchecked Sendable {
    public let inputCount: Int
    public let outputCount: Int
    public let spec: FP8WeightSpec
    let weights: [UInt8]
    let scales: [Float]
    let gemv: CPUKernel, gemm: CPUKernel
    let gemvConfig: W8A8Config, gemmConfig: W8A8Config
    let runner: GridRunner

    /// - Parameters:
    ///   - weights: `[n, k]` e4m3fn codes, row-major.
    ///   - scales: 1 (per tensor), `n` (per channel) or `⌈n/128⌉ · ⌈k/128⌉` (blocks), as `spec` says.
    public init(n: Int, k: Int, weights: [UInt8], scales: [Float], spec: FP8WeightSpec, cache: GGUFKernelCache = .shared,
                threads: ThreadPool) throws {
        guard weights.count == n * k else { throw RoutingError.shape("FP8 weight holds \(weights.count) values, expected \(n) × \(k)") }
        let expected: Int
        switch spec.scaling {
        case .perTensor: expected = 1
        case .perChannel: expected = n
        case .block128: expected = ((n + 127) / 128) * ((k + 127) / 128)
        }
        guard scales.count == expected else {
            throw RoutingError.shape("FP8 \(spec.scaling.rawValue) scales hold \(scales.count) values, expected \(expected)")
        }
        inputCount = k
        outputCount = n
        self.spec = spec
        self.weights = weights
        self.scales = scales
        let v = FP8WeightGEMV(spec: spec), m = FP8WeightGEMM(spec: spec)
        gemvConfig = v.defaultConfig
        gemmConfig = m.defaultConfig
        let kernels = try cache.kernels([
            .init(name: v.variantName(gemvConfig)) { [gemvConfig] in try v.emit(gemvConfig) },
            .init(name: m.variantName(gemmConfig)) { [gemmConfig] in try m.emit(gemmConfig) },
        ])
        (gemv, gemm) = (kernels[0], kernels[1])
        runner = GridRunner(threads: threads.threads)
    }

    public func apply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>) {
        guard rows > 0 else { return }
        let single = rows == 1
        do {
            try weights.withUnsafeBufferPointer { w in
                try scales.withUnsafeBufferPointer { s in
                    try runner.run(single ? gemv : gemm,
                                   [.pointer(x), .pointer(w), .pointer(s), .pointer(y), .int(rows), .int(outputCount), .int(inputCount)],
                                   programs: (single ? gemvConfig : gemmConfig).programs(m: rows, n: outputCount))
                }
            }
        } catch {
            fatalError("FP8WeightLinear: \(error)")  // the arguments are built here: a mismatch is a bug
        }
    }
}

/// Why a module could not be made into a layer.
public enum RoutingError: Error, CustomStringConvertible, Equatable {
    /// Tensors of the wrong size for the route.
    case shape(String)
    /// The route has no kernel on this target.
    case unsupported(module: String, reason: String)

    public var description: String {
        switch self {
        case .shape(let s): return s
        case .unsupported(let module, let reason): return "\(module): \(reason)"
        }
    }
}
