import Compiler
import KernelIR
import Kernels
import Quantization
import Testing

/// FP8-weight GEMV and GEMM against a float64 product of ``MiniFloat``-decoded weights.
@Suite struct W8A8FP8WeightTests {
    static func check(_ g: any KernelGenerator<W8A8Config>, _ spec: FP8WeightSpec, _ c: W8A8Config, m: Int, n: Int, k: Int) throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        let kernel = try CPUCompiler().compile(try g.emit(c))
        // Every code but the NaNs (0x7F, 0xFF); row 0 cycles through all of them.
        var codes = (0..<(n * k)).map { _ in UInt8(truncatingIfNeeded: rng.next()) & 0xFE }
        for i in 0..<k { codes[i] = UInt8((i * 37) % 256) }
        codes = codes.map { $0 & 0x7F == 0x7F ? $0 & 0xF7 : $0 }
        var x = (0..<(m * k)).map { _ in Float(Int(rng.next() % 20001) - 10000) / 5000 }
        if spec.activation == .f16 { x = x.map { Float(Float16($0)) } }
        let blocksK = (k + 127) / 128
        let scaleCount = spec.scaling == .perTensor ? 1 : (spec.scaling == .perChannel ? n : ((n + 127) / 128) * blocksK)
        let scales = (0..<scaleCount).map { _ in Float(rng.next() % 1000 + 1) / 3000 }
        func scale(_ c: Int, _ i: Int) -> Double {
            switch spec.scaling {
            case .perTensor: Double(scales[0])
            case .perChannel: Double(scales[c])
            case .block128: Double(scales[(c / 128) * blocksK + i / 128])
            }
        }
        var want = [Double](repeating: 0, count: m * n), magnitude = want
        for r in 0..<m {
            for col in 0..<n {
                for i in 0..<k {
                    let p = Double(x[r * k + i]) * Double(MiniFloat.float8E4M3FN.decode(codes[col * k + i])) * scale(col, i)
                    want[r * n + col] += p
                    magnitude[r * n + col] += abs(p)
                }
            }
        }
        let arena = Arena()
        defer { arena.free() }
        let y = arena.copy([Float](repeating: .nan, count: m * n))
        let xArg: KernelArgument = spec.activation == .f16 ? .pointer(arena.copy(x.map { Float16($0) })) : .pointer(arena.copy(x))
        try GridRunner(threads: 2).run(kernel, [xArg, .pointer(arena.copy(codes)), .pointer(arena.copy(scales)), .pointer(y), .int(m), .int(n), .int(k)],
                                      programs: c.programs(m: m, n: n))
        let mismatch = firstMismatch(Array(y), want, magnitude, relative: 1e-5)
        #expect(mismatch == nil, "\(g.variantName(c)) m\(m) n\(n) k\(k) seed \(seed): \(mismatch ?? "")")
    }

    static let scalings: [FP8WeightSpec.Scaling] = [.perTensor, .perChannel, .block128]

    @Test("GEMV, every candidate config", arguments: scalings)
    func gemv(scaling: FP8WeightSpec.Scaling) throws {
        let spec = FP8WeightSpec(scaling: scaling)
        let g = FP8WeightGEMV(spec: spec)
        for c in [g.defaultConfig] + g.candidateConfigs { try Self.check(g, spec, c, m: 1, n: 67, k: 300) }
    }

    @Test("GEMM, every candidate config", arguments: scalings)
    func gemm(scaling: FP8WeightSpec.Scaling) throws {
        let spec = FP8WeightSpec(scaling: scaling)
        let g = FP8WeightGEMM(spec: spec)
        for c in g.candidateConfigs { try Self.check(g, spec, c, m: 7, n: 133, k: 261) }
        try Self.check(g, spec, g.defaultConfig, m: 3, n: 129, k: 256)  // whole blocks only
        try Self.check(g, spec, g.defaultConfig, m: 2, n: 9, k: 100)  // one ragged block only
    }

    @Test("f16 activations, 256-bit vectors")
    func halfActivations() throws {
        let spec = FP8WeightSpec(scaling: .block128, activation: .f16)
        try Self.check(FP8WeightGEMM(spec: spec), spec, W8A8Config(tileM: 3, tileN: 2, vectorWidth: 8, unrollK: 2, groupN: 4), m: 5, n: 140, k: 390)
    }
}
