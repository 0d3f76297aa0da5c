import KernelIR
import Kernels
import Quantization

/// Tile configs that the JIT runner (``JITLinearFactory``) and the registry take instead of the
/// generators' defaults.
public enum GGUFPreferredConfigs {
    /// The int8 GEMV with one weight row per program (`m1n1u2`). Each thread then reads its
    /// share of the weight matrix as one sequential stream; the generator's default, four rows
    /// per program (`m1n4u2`), reads four rows side by side — four short streams (2304 bytes per
    /// Q4_0 row at k = 4096) that restart every program — and the hardware prefetchers keep up
    /// with that less well. With the weights in cache the two are within ±15 % of each other
    /// (except Q8_0, where the default is 2× slower); streamed from memory at 4096 × 4096
    /// (Zen 5, 1 thread, so that no scheduling noise enters) `m1n1u2` took 20–45 % less time for
    /// Q4_0, Q4_1, Q8_0, Q4_K and Q6_K (Tools/bench/gguf/README.md).
    /// Both give bitwise the same outputs (the per-row arithmetic is the same).
    public static func gemv(_ type: GGMLType, strategy: GGUFStrategy) -> GGUFTileConfig? {
        strategy == .int8 ? GGUFTileConfig(tileM: 1, tileN: 1, unrollK: 2) : nil
    }
}

/// A GGUF matmul generator seen through the registry's ``TileConfig``: `tileM` activation
/// rows, `tileN` weight rows (outputs) per program and `unrollK` carry over; `vectorWidth` (16)
/// and `threadsPerBlock` are fixed by the kernels and ignored; `sweepTiles` and `reuseWeights`
/// are the base generator's defaults. A `preferred` config replaces the base's default (and leads the
/// candidates).
public struct GGUFRegistryGenerator: KernelGenerator {
    public let base: any KernelGenerator<GGUFTileConfig>
    public let preferred: GGUFTileConfig?
    public init(_ base: any KernelGenerator<GGUFTileConfig>, preferred: GGUFTileConfig? = nil) {
        self.base = base
        self.preferred = preferred
    }

    public func tile(_ c: TileConfig) -> GGUFTileConfig {
        let d = base.defaultConfig
        return GGUFTileConfig(tileM: c.tileM, tileN: c.tileN, unrollK: c.unrollK, sweepTiles: d.sweepTiles, reuseWeights: d.reuseWeights)
    }
    public static func tile(_ c: GGUFTileConfig) -> TileConfig { TileConfig(tileM: c.tileM, tileN: c.tileN, vectorWidth: 16, unrollK: c.unrollK) }

    public var family: KernelFamily { base.family }
    public var defaultConfig: TileConfig { Self.tile(preferred ?? base.defaultConfig) }
    /// The preferred config, then the base's candidates without their sweeps, duplicates removed, in order.
    public var candidateConfigs: [TileConfig] {
        var seen = Set<TileConfig>()
        return ([preferred].compactMap { $0 } + base.candidateConfigs).map { Self.tile($0) }.filter { seen.insert($0).inserted }
    }
    public func variantName(_ c: TileConfig) -> String { base.variantName(tile(c)) }
    public func validate(_ c: TileConfig) throws { try base.validate(tile(c)) }
    public func emit(_ c: TileConfig) throws -> Kernel { try base.emit(tile(c)) }
}

extension KernelRegistry {
    /// The GGUF GEMV/GEMM entries, best first: the int8 (VNNI) strategy, then f32 FMA.
    /// Both read f32 activations and GGUF weights `[N][K]` on the CPU.
    public static let gguf: [RegistryEntry] = [
        ggufEntry(.gemv, .int8), ggufEntry(.gemv, .fma), ggufEntry(.gemm, .int8), ggufEntry(.gemm, .fma),
    ]

    static func ggufEntry(_ family: KernelFamily, _ strategy: GGUFStrategy) -> RegistryEntry {
        let types = (GGUFMatmulSpec.supportedTypes + (strategy == .fma ? GGUFMatmulSpec.floatTypes : [])).map(\.name).joined(separator: ", ")
        let how = strategy == .int8 ? "int8 activations (per-32 blocks) and AVX-512 VNNI dot products" : "f32 FMA after dequantizing in registers"
        return RegistryEntry(
            name: "gguf_\(family.rawValue)_\(strategy.tag)", family: family,
            supportSummary: "GGUF \(types); \(how); f32 activations; cpu",
            rejection: { r in
                guard r.family == family else { return "other family" }
                guard case .gguf(let type) = r.format else { return "reads GGUF block formats only" }
                if !GGUFMatmulSpec.supports(type, strategy: strategy) { return "GGML type \(type.name) unsupported (supported: \(types))" }
                if r.activation != .f32 { return "activation \(r.activation.name) unsupported (f32)" }
                if r.target != .cpu { return "runs on the CPU only" }
                return nil
            },
            generator: { r in
                guard case .gguf(let type) = r.format else { preconditionFailure("the rejection admits GGUF only") }
                return family == .gemv ? GGUFRegistryGenerator(GGUFGEMV(type: type, strategy: strategy),
                                                               preferred: GGUFPreferredConfigs.gemv(type, strategy: strategy))
                                       : GGUFRegistryGenerator(GGUFGEMM(type: type, strategy: strategy))
            })
    }
}
