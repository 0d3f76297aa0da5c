import Compiler
import KernelIR
import Kernels
import Quantization
import Testing

/// Every GPTQ kernel family against the float64 scalar reference, on fresh random data with
/// ragged shapes (N = 67 is no multiple of any vector width; M = 5 is no multiple of tileM).
@Suite struct GPTQKernelTests {
    static let families: [KernelFamily] = [.dequantize, .gemv, .gemm]

    static let layouts: [GPTQLayout] = GPTQLayout.supportedBits.flatMap { bits in
        [-1, 32, 64, 128].flatMap { g in
            GPTQZeroPoints.allCases.flatMap { z in
                [false, true].map { GPTQLayout(bits: bits, groupSize: g, zeroPoints: z, actOrder: $0) }
            }
        }
    }

    static func generator(_ family: KernelFamily, _ spec: WeightOnlySpec) -> any KernelGenerator<TileConfig> {
        switch family {
        case .dequantize: GPTQDequantize(spec: spec)
        case .gemv: GPTQGEMV(spec: spec)
        case .gemm: GPTQGEMM(spec: spec)
        }
    }

    /// Compiles and runs one variant, comparing against the reference.
    static func check(_ family: KernelFamily, _ layout: GPTQLayout, _ config: TileConfig? = nil,
                      activation: ScalarType = .f32, n: Int = 67, k: Int = 256) throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        let spec = WeightOnlySpec(layout: layout, activation: activation)
        let g = generator(family, spec)
        let c = config ?? g.defaultConfig
        let kernel = try CPUCompiler().compile(try g.emit(c))
        let rows = family == .dequantize ? 1 : (family == .gemv ? 2 : 5)
        let problem = GPTQProblem(layout: layout, m: rows, n: n, k: k, seed: seed)
        let relative = activation == .f16 ? 2e-3 : 1e-5
        let context = "\(g.variantName(c)) seed \(seed)"
        if family == .dequantize {
            let got = try problem.run(kernel, config: c, activation: activation, outputCount: k * n, rows: 1)
            let want = problem.w.map { activation == .f16 ? Double(Float16($0)) : Double($0) }
            let mismatch = firstMismatch(got, want, want.map { abs($0) }, relative: activation == .f16 ? 1e-3 : 1e-6)
            #expect(mismatch == nil, "\(context): \(mismatch ?? "")")
            return
        }
        let (want, magnitude) = problem.reference(activation: activation)
        let got = try problem.run(kernel, config: c, activation: activation, outputCount: rows * n, rows: rows)
        let mismatch = firstMismatch(got, want, magnitude, relative: relative)
        #expect(mismatch == nil, "\(context): \(mismatch ?? "")")
    }

    @Test("every layout, default config", arguments: families, layouts)
    func everyLayout(family: KernelFamily, layout: GPTQLayout) throws {
        try Self.check(family, layout)
    }

    @Test("every candidate config", arguments: families)
    func everyConfig(family: KernelFamily) throws {
        let layouts = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v2), GPTQLayout(bits: 3, groupSize: 32, zeroPoints: .v1, actOrder: true)]
        for layout in layouts {
            for c in Self.generator(family, WeightOnlySpec(layout: layout)).candidateConfigs {
                try Self.check(family, layout, c)
            }
        }
    }

    @Test("f16 activations", arguments: families)
    func halfActivations(family: KernelFamily) throws {
        try Self.check(family, GPTQLayout(bits: 4, groupSize: 64, zeroPoints: .v1), activation: .f16)
        try Self.check(family, GPTQLayout(bits: 8, groupSize: -1, zeroPoints: .symmetric, actOrder: true), activation: .f16)
    }

    @Test("wider shapes", arguments: families)
    func widerShapes(family: KernelFamily) throws {
        try Self.check(family, GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .symmetric), n: 301, k: 512)
        try Self.check(family, GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v2), n: 33, k: 384)
    }
}
