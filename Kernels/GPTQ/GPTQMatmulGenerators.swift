import KernelIR
import Quantization

/// Weight-only GEMV over GPTQ-packed weights: one activation row per program, scales and
/// zeros applied once per group (factorized).
public struct GPTQGEMV: KernelGenerator {
    public var spec: WeightOnlySpec
    public init(spec: WeightOnlySpec) { self.spec = spec }

    public var family: KernelFamily { .gemv }

    public var defaultConfig: TileConfig {
        spec.gpu ? TileConfig(tileM: 1, tileN: 1, vectorWidth: 1, unrollK: 2, threadsPerBlock: 128)
                 : TileConfig(tileM: 1, tileN: 4, vectorWidth: 16, unrollK: 1)
    }

    public var candidateConfigs: [TileConfig] {
        if spec.gpu { return [64, 128, 256].map { TileConfig(tileM: 1, tileN: 1, vectorWidth: 1, unrollK: 2, threadsPerBlock: $0) } }
        return [(1, 16, 2), (2, 16, 2), (4, 16, 1), (2, 8, 4), (4, 8, 2)].map {
            TileConfig(tileM: 1, tileN: $0.0, vectorWidth: $0.1, unrollK: $0.2)
        }
    }

    public func variantName(_ c: TileConfig) -> String {
        "gptq_gemv_\(spec.layoutName)_\(spec.gpu ? "gpu" : "cpu")_\(c.name(gpu: spec.gpu))"
    }

    public func validate(_ c: TileConfig) throws {
        try spec.validate(c, generator: "gptq_gemv")
        if c.tileM != 1 { throw KernelConfigError(generator: "gptq_gemv", message: "GEMV computes one row per program: tileM must be 1, got \(c.tileM)") }
        if spec.gpu && c.tileN != 1 { throw KernelConfigError(generator: "gptq_gemv", message: "GPU GEMV uses tileN 1, got \(c.tileN)") }
    }

    public func emit(_ c: TileConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: spec.convention)
        WeightOnlyMatmul(spec: spec, config: c, factorized: true, builder: b).emit()
        return b.finish()
    }
}

/// Weight-only tiled GEMM over GPTQ-packed weights: each weight is dequantized once per
/// program and reused by `tileM` activation rows.
public struct GPTQGEMM: KernelGenerator {
    public var spec: WeightOnlySpec
    public init(spec: WeightOnlySpec) { self.spec = spec }

    public var family: KernelFamily { .gemm }

    public var defaultConfig: TileConfig {
        spec.gpu ? TileConfig(tileM: 4, tileN: 1, vectorWidth: 1, unrollK: 1, threadsPerBlock: 128)
                 : TileConfig(tileM: 4, tileN: 2, vectorWidth: 16, unrollK: 1)
    }

    public var candidateConfigs: [TileConfig] {
        if spec.gpu { return [(4, 128), (8, 128), (4, 256)].map { TileConfig(tileM: $0.0, tileN: 1, vectorWidth: 1, unrollK: 1, threadsPerBlock: $0.1) } }
        return [(4, 2, 16), (2, 2, 16), (6, 1, 16), (8, 1, 16), (4, 1, 32)].map {
            TileConfig(tileM: $0.0, tileN: $0.1, vectorWidth: $0.2, unrollK: 1)
        }
    }

    public func variantName(_ c: TileConfig) -> String {
        "gptq_gemm_\(spec.layoutName)_\(spec.gpu ? "gpu" : "cpu")_\(c.name(gpu: spec.gpu))"
    }

    public func validate(_ c: TileConfig) throws {
        try spec.validate(c, generator: "gptq_gemm")
        if spec.gpu && c.tileN != 1 { throw KernelConfigError(generator: "gptq_gemm", message: "GPU GEMM uses tileN 1, got \(c.tileN)") }
    }

    public func emit(_ c: TileConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: spec.convention)
        WeightOnlyMatmul(spec: spec, config: c, factorized: false, builder: b).emit()
        return b.finish()
    }
}
