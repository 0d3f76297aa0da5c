import Compiler
import KernelIR
import Kernels
import Quantization
import Testing

/// Every GGUF matmul variant (type × strategy × family × two configs) against the float64
/// reference on the scalar dequantizers, with ragged shapes: N = 67 fits no tile, M = 5 no
/// tileM, K = 576 is 4 groups of 4 blocks plus 2 blocks and K = 96 has no whole group.
@Suite struct GGUFKernelTests {
    /// The quantizer kernels, compiled once per layout and config for the whole suite.
    static let quantizers = KernelMemo()

    static let types = GGUFMatmulSpec.supportedTypes + GGUFMatmulSpec.floatTypes
    static let strategies = GGUFStrategy.allCases

    static func ks(_ type: GGMLType) -> [Int] { type.layout.valuesPerBlock == 256 ? [768, 256] : [576, 96] }

    /// Runs the activation quantizer, checks it against ``referenceQuantize(_:k:)`` and returns
    /// its outputs (int8 values in the kernel's layout, scales, block sums).
    static func quantize(_ x: [Float], m: Int, k: Int, layout: GGUFActivationLayout, rounding: GGUFActivationRoundingMode,
                         config: GGUFQuantizerConfig = GGUFQuantizerConfig(), context: String) throws -> (q: [Int8], d: [Float], s: [Float]) {
        let g = GGUFActivationQuantizer(layout: layout, rounding: rounding)
        let kernel = try quantizers.kernel(g.variantName(config)) { try CPUCompiler().compile(try g.emit(config)) }
        let arena = Arena()
        defer { arena.free() }
        let xs = arena.copy(x), q = arena.copy([Int8](repeating: 99, count: m * k))
        let d = arena.copy([Float](repeating: .nan, count: m * k / 32)), s = arena.copy([Float](repeating: .nan, count: m * k / 32))
        try GridRunner(threads: 2).run(kernel, [.pointer(xs), .pointer(q), .pointer(d), .pointer(s), .int(m), .int(k)],
                                       programs: config.programs(m: m))
        let want = referenceQuantize(x, k: k, rounding: rounding)
        let natural = (0..<m).flatMap { naturalOrder(Array(q)[($0 * k)..<($0 * k + k)], layout: layout, k: k) }
        #expect(natural == want.q, "\(context) \(g.variantName(config)): int8 values differ")
        #expect(Array(d) == want.d, "\(context) \(g.variantName(config)): scales differ")
        #expect(Array(s) == want.s, "\(context) \(g.variantName(config)): block sums differ")
        return (Array(q), Array(d), Array(s))
    }

    /// Compiles and runs one matmul variant, comparing against the reference.
    static func check(_ type: GGMLType, _ strategy: GGUFStrategy, gemm: Bool, config: GGUFTileConfig? = nil,
                      m: Int, n: Int = 67, k: Int, ggmlOrder: Bool = false) throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        let spec = GGUFMatmulSpec(type: type, strategy: strategy, ggmlOrder: ggmlOrder)
        let g: any KernelGenerator<GGUFTileConfig> = gemm ? GGUFGEMM(spec: spec) : GGUFGEMV(spec: spec)
        let c = config ?? g.defaultConfig
        let context = "\(g.variantName(c)) m \(m) n \(n) k \(k) seed \(seed)"
        let kernel = try CPUCompiler().compile(try g.emit(c))
        let problem = try GGUFProblem(type: type, m: m, n: n, k: k, seed: seed)
        let arena = Arena()
        defer { arena.free() }
        let w = arena.copy(problem.bytes), y = arena.copy([Float](repeating: .nan, count: m * n))
        var activations = problem.x
        var correction: [Float] = []  // per activation block: s − d·Σq
        if strategy == .fma {
            try GridRunner(threads: 2).run(kernel, [.pointer(arena.copy(problem.x)), .pointer(w), .pointer(y), .int(m), .int(n), .int(k)],
                                           programs: c.programs(m: m, n: n))
        } else {
            let (q, d, s) = try quantize(problem.x, m: m, k: k, layout: spec.activationLayout,
                                         rounding: GGUFActivationRoundingMode(weight: type), context: context)
            let natural = (0..<m).flatMap { naturalOrder(q[($0 * k)..<($0 * k + k)], layout: spec.activationLayout, k: k) }
            activations = natural.indices.map { Float(natural[$0]) * d[$0 / 32] }
            if type == .q4_1 || type == .q5_1 {
                // ggml's Q8_1 dot product multiplies the mins by s = f16(d·Σq), not by Σ q·f16(d).
                for b in 0..<(m * k / 32) {
                    correction.append(s[b] - d[b] * Float(natural[(b * 32)..<(b * 32 + 32)].reduce(0) { $0 + Int($1) }))
                }
            }
            try GridRunner(threads: 2).run(kernel, [.pointer(arena.copy(q)), .pointer(arena.copy(d)), .pointer(arena.copy(s)),
                                                    .pointer(w), .pointer(y), .int(m), .int(n), .int(k)],
                                           programs: c.programs(m: m, n: n))
        }
        var (want, magnitude) = problem.reference(activations)
        if !correction.isEmpty {
            let blocksPerRow = k / 32, bpb = type.layout.bytesPerBlock
            for r in 0..<m {
                for c in 0..<n {
                    for b in 0..<blocksPerRow {
                        let at = (c * blocksPerRow + b) * bpb + 2
                        let minimum = Float(Float16(bitPattern: UInt16(problem.bytes[at]) | UInt16(problem.bytes[at + 1]) << 8))
                        want[r * n + c] += Double(minimum) * Double(correction[r * blocksPerRow + b])
                    }
                }
            }
        }
        let mismatch = firstMismatch(Array(y), want, magnitude, relative: 2e-5)
        #expect(mismatch == nil, "\(context): \(mismatch ?? "")")
    }

    @Test("activation quantizer, every layout, rounding and config", arguments: GGUFActivationLayout.allCases, GGUFActivationRoundingMode.allCases)
    func quantizer(layout: GGUFActivationLayout, rounding: GGUFActivationRoundingMode) throws {
        var rng = SplitMix64(seed: 7)
        let k = rounding == .q8K ? 768 : 576
        var x = (0..<(5 * k)).map { _ in Float(Int(rng.next() % 2001) - 1000) / 997 }
        for j in 256..<512 { x[j] = 0 }  // all-zero blocks: d = 0, q = 0
        x[k + 300] = -1.5  // a negative largest magnitude
        for c in GGUFActivationQuantizer(layout: layout, rounding: rounding).candidateConfigs {
            _ = try Self.quantize(x, m: 5, k: k, layout: layout, rounding: rounding, config: c, context: "layout \(layout) \(rounding)")
        }
    }

    @Test("GEMV, every type and strategy, two configs", arguments: types, strategies)
    func gemv(type: GGMLType, strategy: GGUFStrategy) throws {
        if strategy == .int8 && !HostSupport.int8 { return }  // refused by the compiler here: HostFeatureTests
        guard GGUFMatmulSpec.supports(type, strategy: strategy) else {
            #expect(throws: KernelConfigError.self) { try GGUFGEMV(type: type, strategy: strategy).emit(GGUFTileConfig()) }
            return
        }
        let g = GGUFGEMV(type: type, strategy: strategy)
        for (i, k) in Self.ks(type).enumerated() {
            try Self.check(type, strategy, gemm: false, config: g.defaultConfig, m: 1, k: k)
            try Self.check(type, strategy, gemm: false, config: g.candidateConfigs[i == 0 ? 2 : 3], m: 2, k: k)
        }
    }

    @Test("GEMM, every type and strategy, two configs", arguments: types, strategies)
    func gemm(type: GGMLType, strategy: GGUFStrategy) throws {
        guard GGUFMatmulSpec.supports(type, strategy: strategy), strategy != .int8 || HostSupport.int8 else { return }
        let g = GGUFGEMM(type: type, strategy: strategy)
        let k = Self.ks(type)
        try Self.check(type, strategy, gemm: true, config: g.defaultConfig, m: 5, k: k[0])
        try Self.check(type, strategy, gemm: true, config: g.candidateConfigs[4], m: 5, n: 13, k: k[1])
        try Self.check(type, strategy, gemm: true, config: GGUFTileConfig(tileM: 2, tileN: 3, unrollK: 1, sweepTiles: 2), m: 9, n: 11, k: k[1])
    }

    @Test("int8 K-quant GEMM decoding each weight super-block once per program", .enabled(if: HostSupport.int8, HostSupport.int8Comment), arguments: GGUFMatmulSpec.supportedTypes.filter { $0.layout.valuesPerBlock == 256 })
    func reuseWeights(type: GGMLType) throws {
        let k = Self.ks(type)
        // Bands of 2 × 3 rows (the last one ragged, 9 = 6 + 3), all rows in one band, and a tail column tile.
        try Self.check(type, .int8, gemm: true, config: GGUFTileConfig(tileM: 2, tileN: 3, unrollK: 1, sweepTiles: 3, reuseWeights: true), m: 9, n: 11, k: k[0])
        try Self.check(type, .int8, gemm: true, config: GGUFTileConfig(tileM: 4, tileN: 4, unrollK: 1, sweepTiles: 0, reuseWeights: true), m: 5, k: k[1])
        try Self.check(type, .int8, gemm: true, config: GGUFTileConfig(tileM: 1, tileN: 8, unrollK: 1, sweepTiles: 64, reuseWeights: true), m: 3, n: 13, k: k[0])
        // Two steps of the scratch (16 + 2 and 8 + 2 super-blocks): the second adds into y.
        try Self.check(type, .int8, gemm: true, config: GGUFTileConfig(tileM: 4, tileN: 2, unrollK: 2, sweepTiles: 1, reuseWeights: true), m: 6, n: 5, k: 4608)
        try Self.check(type, .int8, gemm: true, config: GGUFTileConfig(tileM: 2, tileN: 5, unrollK: 1, sweepTiles: 2, reuseWeights: true), m: 5, n: 7, k: 2560)
        #expect(throws: KernelConfigError.self) { try GGUFGEMM(type: .q4_0, strategy: .int8).emit(GGUFTileConfig(tileM: 4, tileN: 4, reuseWeights: true)) }
        #expect(throws: KernelConfigError.self) { try GGUFGEMM(type: type, strategy: .fma).emit(GGUFTileConfig(tileM: 4, tileN: 4, reuseWeights: true)) }
    }

    @Test("int8 Q4_1 and Q8_0 in ggml's order against the float64 reference", .enabled(if: HostSupport.int8, HostSupport.int8Comment), arguments: GGUFMatmulSpec.ggmlOrderTypes)
    func ggmlOrder(type: GGMLType) throws {
        #expect(GGUFMatmulSpec(type: type, strategy: .int8, ggmlOrder: true).followsGGMLOrder)
        #expect(!GGUFMatmulSpec(type: type, strategy: .int8).followsGGMLOrder)
        for k in Self.ks(type) {
            try Self.check(type, .int8, gemm: false, m: 1, k: k, ggmlOrder: true)
            try Self.check(type, .int8, gemm: true, m: 5, k: k, ggmlOrder: true)
        }
    }

    @Test("unsupported types and bad tiles are named errors")
    func errors() {
        #expect(throws: KernelConfigError.self) { try GGUFGEMV(type: .bf16, strategy: .int8).emit(GGUFTileConfig(tileM: 1)) }
        #expect(throws: KernelConfigError.self) { try GGUFGEMV(type: .q4_0, strategy: .fma).emit(GGUFTileConfig(tileM: 2)) }
        #expect(throws: KernelConfigError.self) { try GGUFGEMM(type: .q4_0, strategy: .fma).emit(GGUFTileConfig(tileM: 8, tileN: 8)) }
    }
}
