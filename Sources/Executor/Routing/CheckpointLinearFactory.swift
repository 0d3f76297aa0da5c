import Checkpoint
import Compiler
import Foundation
import Quantization

/// Makes the layer of each linear module of a safetensors checkpoint along its
/// ``LinearRoute``: INT8 W8A8 modules become ``Int8W8A8Linear``, FP8 modules
/// ``FP8WeightLinear``, integer weight-only modules ``WeightOnlyLinear``, float modules
/// ``DenseLinear``; kernels are JIT-compiled at load.
public struct CheckpointLinearFactory: Sendable {
    public var target: ExecutionTarget
    public var cache: GGUFKernelCache

    public init(target: ExecutionTarget = .cpu, cache: GGUFKernelCache = .shared) {
        self.target = target
        self.cache = cache
    }

    /// The route of every module of `checkpoint`, in the checkpoint's order.
    public func plan(_ checkpoint: QuantizedCheckpoint) -> [(module: ResolvedModule, route: LinearRoute)] {
        checkpoint.resolution.modules.map { ($0, LinearRouter.route($0, target: target)) }
    }

    /// The layer computing module `module` of `checkpoint`.
    public func makeLinear(_ module: ResolvedModule, in checkpoint: QuantizedCheckpoint, threads: ThreadPool) throws -> LinearKernel {
        let route = LinearRouter.route(module, target: target)
        switch route {
        case .unsupported(let why):
            throw RoutingError.unsupported(module: module.name, reason: why)
        case .gpu:
            throw RoutingError.unsupported(module: module.name, reason: "a GPU route: GPULinear / GPUW8A8Linear run it on a CUDA device (quantjit route --target \(target) --compile compiles its kernels)")
        case .dense:
            return try DenseLinear(n: module.n, k: module.k, weights: checkpoint.files.tensor("\(module.name).weight").floats(), threads: threads)
        case .int8W8A8(let activation, let matmul):
            let stored = try checkpoint.storedWeight(module)
            guard case .bytes(let bytes) = stored.weight else { throw RoutingError.shape("\(module.name): int8 weights must be stored one per byte") }
            var inputScale: Float?, inputZero: Int32 = 0
            if activation.scaling == .staticPerTensor {
                inputScale = try single(checkpoint.view(module, "input_scale").floats(), "\(module.name).input_scale")
                if !activation.symmetric {
                    inputZero = Int32(try single(checkpoint.view(module, "input_zero_point").integers(), "\(module.name).input_zero_point"))
                }
            }
            return try Int8W8A8Linear(n: module.n, k: module.k, weights: bytes.map { Int8(bitPattern: $0) }, weightScales: stored.scales,
                                      activation: activation, matmul: matmul, inputScale: inputScale, inputZeroPoint: inputZero,
                                      cache: cache, threads: threads)
        case .weightOnly(let layout, let repacked):
            let stored = try checkpoint.storedWeight(module)
            let weight: GPTQWeight
            if !repacked, let direct = try stored.gptqWeight() {
                weight = direct
            } else {
                weight = try stored.unpack().gptqWeight(layout: layout, signedCodes: stored.scheme.valueType == .signedInt)
            }
            return try WeightOnlyLinear(weight: weight, cache: cache, threads: threads)
        case .fp8WeightOnly(let spec, _):
            let stored = try checkpoint.storedWeight(module)
            guard case .bytes(let bytes) = stored.weight else { throw RoutingError.shape("\(module.name): FP8 weights must be stored one per byte") }
            var scales = stored.scales
            // Per-channel scales stored as one per tensor (a checkpoint may broadcast): expand.
            if spec.scaling == .perChannel && scales.count == 1 { scales = Array(repeating: scales[0], count: module.n) }
            return try FP8WeightLinear(n: module.n, k: module.k, weights: bytes, scales: scales, spec: spec, cache: cache, threads: threads)
        }
    }

    func single<T>(_ values: [T], _ name: String) throws -> T {
        guard values.count == 1 else {
            throw RoutingError.shape("\(name) holds \(values.count) values; per-tensor static scaling needs one")
        }
        return values[0]
    }
}

/// `y = W·x` over float weights `[N, K]`: the route of modules a checkpoint leaves unquantized.
public struct DenseLinear: LinearKernel, @unchecked Sendable {
    public let inputCount: Int
    public let outputCount: Int
    let weights: [Float]
    let threads: ThreadPool

    public init(n: Int, k: Int, weights: [Float], threads: ThreadPool) throws {
        guard weights.count == n * k else { throw RoutingError.shape("dense weight holds \(weights.count) values, expected \(n) × \(k)") }
        inputCount = k
        outputCount = n
        self.weights = weights
        self.threads = threads
    }

    public func apply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>) {
        let k = inputCount, n = outputCount
        let out = UncheckedSendable(y)
        weights.withUnsafeBufferPointer { w in
            let base = UncheckedSendable(w.baseAddress!)
            threads.forEachRange(n, minimumChunk: 16) { columns in
                for r in 0..<rows {
                    for c in columns { out.value[r * n + c] = dotProduct(x + r * k, base.value + c * k, k) }
                }
            }
        }
    }
}
