import KernelIR
import Quantization

/// Fused dequantize-GEMV over GGUF weights `W[N][K]` (each weight row is `K / block` blocks):
/// `y[M][N] = x[M][K] · Wᵀ`, one activation row per program tile row. With the ``GGUFStrategy/int8``
/// strategy the kernel reads activations quantized by ``GGUFActivationQuantizer`` with
/// ``GGUFMatmulSpec/activationLayout``; with ``GGUFStrategy/fma`` it reads f32 `x`.
public struct GGUFGEMV: KernelGenerator {
    public var spec: GGUFMatmulSpec
    public init(spec: GGUFMatmulSpec) { self.spec = spec }
    public init(type: GGMLType, strategy: GGUFStrategy, ggmlOrder: Bool = false) {
        spec = GGUFMatmulSpec(type: type, strategy: strategy, ggmlOrder: ggmlOrder)
    }

    public var family: KernelFamily { .gemv }
    /// Four weight rows, the K loop unrolled twice: the best of ``candidateConfigs`` by CPU time
    /// on Zen 5 (AVX-512 VNNI), 4096 × 4096, 2 threads (GGUFBenchmark).
    public var defaultConfig: GGUFTileConfig { GGUFTileConfig(tileM: 1, tileN: 4, unrollK: 2) }
    public var candidateConfigs: [GGUFTileConfig] {
        [(4, 2), (2, 1), (4, 1), (8, 1)].map { GGUFTileConfig(tileM: 1, tileN: $0.0, unrollK: $0.1) }
    }

    public func variantName(_ c: GGUFTileConfig) -> String { "gguf_gemv_\(spec.name)_cpu_\(c)" }

    public func validate(_ c: GGUFTileConfig) throws {
        try spec.validate(c, generator: "gguf_gemv")
        if c.tileM != 1 { throw KernelConfigError(generator: "gguf_gemv", message: "GEMV computes one activation row per program: tileM must be 1, got \(c.tileM)") }
    }

    public func emit(_ c: GGUFTileConfig) throws -> Kernel {
        try validate(c)
        return GGUFMatmulEmission.emit(spec, c, name: variantName(c))
    }
}

/// Fused dequantize-GEMM over GGUF weights: a program owns `tileM` activation rows × `tileN`
/// weight rows, so each decoded weight block serves `tileM` rows.
public struct GGUFGEMM: KernelGenerator {
    public var spec: GGUFMatmulSpec
    public init(spec: GGUFMatmulSpec) { self.spec = spec }
    public init(type: GGMLType, strategy: GGUFStrategy, ggmlOrder: Bool = false) {
        spec = GGUFMatmulSpec(type: type, strategy: strategy, ggmlOrder: ggmlOrder)
    }

    public var family: KernelFamily { .gemm }
    /// 4 × 4 for the 32-value blocks, 4 × 2 for the super-blocks (whose decoded weights take
    /// more registers), sweeps of 16 row tiles (64 rows): the best by CPU time on Zen 5,
    /// 512 × 4096 × 4096, 2 threads. The int8 K-quant kernels decode each weight super-block
    /// once per 64-row band (``GGUFTileConfig/reuseWeights``): 1.14–1.5× the tiled schedule
    /// on the same machine (Q4_K 405 → 530–555 GFLOP/s, Q6_K 362 → 470–515).
    public var defaultConfig: GGUFTileConfig {
        let kQuant = spec.valuesPerBlock == 256
        return GGUFTileConfig(tileM: 4, tileN: kQuant ? 2 : 4, unrollK: 1, sweepTiles: 16,
                              reuseWeights: kQuant && spec.strategy == .int8)
    }
    /// The tiled candidates, and for the int8 K-quants the weight-reusing ones first.
    public var candidateConfigs: [GGUFTileConfig] {
        let tiled = [(4, 4, 16), (4, 2, 16), (2, 4, 32), (4, 4, 0), (3, 6, 0)].map { GGUFTileConfig(tileM: $0.0, tileN: $0.1, unrollK: 1, sweepTiles: $0.2) }
        guard defaultConfig.reuseWeights else { return tiled }
        let reusing = [(4, 2, 16), (4, 3, 16), (4, 2, 32), (4, 4, 16)].map {
            GGUFTileConfig(tileM: $0.0, tileN: $0.1, unrollK: 1, sweepTiles: $0.2, reuseWeights: true)
        }
        return reusing + tiled
    }

    public func variantName(_ c: GGUFTileConfig) -> String { "gguf_gemm_\(spec.name)_cpu_\(c)" }

    public func validate(_ c: GGUFTileConfig) throws { try spec.validate(c, generator: "gguf_gemm") }

    public func emit(_ c: GGUFTileConfig) throws -> Kernel {
        try validate(c)
        return GGUFMatmulEmission.emit(spec, c, name: variantName(c))
    }
}

enum GGUFMatmulEmission {
    static func emit(_ spec: GGUFMatmulSpec, _ c: GGUFTileConfig, name: String) -> Kernel {
        let b = KernelBuilder(name: name, convention: .cpuGrid)
        switch spec.strategy {
        case .fma: GGUFFMAMatmul(spec: spec, config: c, builder: b).emit()
        case .int8: GGUFInt8Matmul(spec: spec, config: c, builder: b).emit()
        }
        return b.finish()
    }
}
