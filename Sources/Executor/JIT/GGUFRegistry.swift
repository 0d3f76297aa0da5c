import KernelIR
import Kernels
import Quantization

/// A GGUF matmul generator seen through the registry's ``TileConfig``: `tileM` activation
/// rows, `tileN` weight rows (outputs) per program and `unrollK` carry over; `vectorWidth` (16)
/// and `threadsPerBlock` are fixed by the kernels and ignored; `sweepTiles` is the base
/// generator's default.
public struct GGUFRegistryGenerator: KernelGenerator {
    public let base: any KernelGenerator<GGUFTileConfig>
    public init(_ base: any KernelGenerator<GGUFTileConfig>) { self.base = base }

    public func tile(_ c: TileConfig) -> GGUFTileConfig {
        GGUFTileConfig(tileM: c.tileM, tileN: c.tileN, unrollK: c.unrollK, sweepTiles: base.defaultConfig.sweepTiles)
    }
    public static func tile(_ c: GGUFTileConfig) -> TileConfig { TileConfig(tileM: c.tileM, tileN: c.tileN, vectorWidth: 16, unrollK: c.unrollK) }

    public var family: KernelFamily { base.family }
    public var defaultConfig: TileConfig { Self.tile(base.defaultConfig) }
    /// The base's candidates without their sweeps, duplicates removed, in order.
    public var candidateConfigs: [TileConfig] {
        var seen = Set<TileConfig>()
        return base.candidateConfigs.map { Self.tile($0) }.filter { seen.insert($0).inserted }
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
                return family == .gemv ? GGUFRegistryGenerator(GGUFGEMV(type: type, strategy: strategy))
                                       : GGUFRegistryGenerator(GGUFGEMM(type: type, strategy: strategy))
            })
    }
}
