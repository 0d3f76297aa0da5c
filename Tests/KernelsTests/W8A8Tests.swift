import Compiler
import KernelIR
import Kernels
import Quantization
import Testing

/// A random INT8 W8A8 problem: activations quantized per token by ``ActivationQuantizer``,
/// int8 weights with per-channel scales (extreme rows of −128 and 127 included).
struct W8A8Problem {
    let m: Int, n: Int, k: Int
    let xq: [Int8], sx: [Float], zx: [Int32]
    let w: [Int8], sw: [Float], rowsum: [Int32], bias: [Float]

    init(m: Int, n: Int, k: Int, asymmetric: Bool, seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        self.m = m
        self.n = n
        self.k = k
        var x = (0..<(m * k)).map { i in Float(Int(rng.next() % 20001) - 10000) / 1000 + (i / k == 1 ? 4 : 0) }
        for i in 0..<k { x[i] = i % 2 == 0 ? 10 : -10 }  // row 0 hits both ends of the code range
        let quantizer = ActivationQuantizer(target: .int8, granularity: .perToken, symmetric: !asymmetric)
        let q = try quantizer.quantize(x, tokens: m, hidden: k)
        xq = q.codes.map { Int8(bitPattern: $0) }
        sx = q.scales
        zx = asymmetric ? q.zeros : [Int32](repeating: 0, count: m)
        var weights = (0..<(n * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        for i in 0..<k { weights[i] = -128; if n > 1 { weights[k + i] = 127 } }
        w = weights
        sw = (0..<n).map { _ in Float(rng.next() % 1000 + 1) / 50000 }
        rowsum = W8A8Weights.rowSums(w, n: n, k: k)
        bias = (0..<n).map { _ in Float(Int(rng.next() % 2001) - 1000) / 100 }
    }

    /// The integer dot products (exact), then the scales (and bias), in Float64.
    func reference(bias withBias: Bool = false) -> [Double] {
        var y = [Double](repeating: 0, count: m * n)
        for r in 0..<m {
            for c in 0..<n {
                var dot = 0
                for i in 0..<k { dot += (Int(xq[r * k + i]) - Int(zx[r])) * Int(w[c * k + i]) }
                y[r * n + c] = Double(dot) * Double(sx[r]) * Double(sw[c]) + (withBias ? Double(bias[c]) : 0)
            }
        }
        return y
    }

    func run(_ kernel: CPUKernel, config: W8A8Config, output: ScalarType = .f32, xq: [Int8]? = nil) throws -> [Float] {
        let arena = Arena()
        defer { arena.free() }
        let y = arena.copy([Float](repeating: .nan, count: m * n)), yHalf = arena.copy([Float16](repeating: .nan, count: m * n))
        let arguments: [KernelArgument] = [
            .pointer(arena.copy(xq ?? self.xq)), .pointer(arena.copy(sx)), .pointer(arena.copy(zx)), .pointer(arena.copy(w)),
            .pointer(arena.copy(sw)), .pointer(arena.copy(rowsum)), .pointer(arena.copy(bias)),
            output == .f16 ? .pointer(yHalf) : .pointer(y), .int(m), .int(n), .int(k),
        ]
        try GridRunner(threads: 2).run(kernel, arguments, programs: config.programs(m: m, n: n))
        return output == .f16 ? yHalf.map(Float.init) : Array(y)
    }
}

/// INT8 W8A8 GEMV and GEMM against the exact integer math (fp32 tolerance for the scales).
@Suite struct W8A8Tests {
    static func check(_ g: any KernelGenerator<W8A8Config>, _ c: W8A8Config, m: Int, n: Int, k: Int, asymmetric: Bool,
                      spec: W8A8Spec? = nil) throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        let kernel = try CPUCompiler().compile(try g.emit(c))
        let p = try W8A8Problem(m: m, n: n, k: k, asymmetric: asymmetric, seed: seed)
        let output = spec?.output ?? .f32
        let got = try p.run(kernel, config: c, output: output)
        let want = p.reference(bias: spec?.bias ?? false)
        // Float(acc) and two products (and a bias): a few fp32 roundings, or one f16 rounding.
        let relative = output == .f16 ? 1e-3 : 4e-7
        let bad = want.indices.first { !(abs(Double(got[$0]) - want[$0]) <= relative * abs(want[$0]) + 1e-5) }
        #expect(bad == nil, "\(g.variantName(c)) m\(m) n\(n) k\(k) seed \(seed): output \(bad ?? 0) is \(got[bad ?? 0]), want \(want[bad ?? 0])")
    }

    @Test("GEMV, every candidate config", .enabled(if: HostSupport.int8, HostSupport.int8Comment), arguments: [false, true])
    func gemv(asymmetric: Bool) throws {
        let g = W8A8GEMV(spec: W8A8Spec(activationZeroPoint: asymmetric))
        for c in g.candidateConfigs { try Self.check(g, c, m: 1, n: 67, k: 200, asymmetric: asymmetric) }
        try Self.check(g, g.defaultConfig, m: 3, n: 5, k: 131, asymmetric: asymmetric)  // n < tileN, odd K
    }

    @Test("GEMM, every candidate config", .enabled(if: HostSupport.int8, HostSupport.int8Comment), arguments: [false, true])
    func gemm(asymmetric: Bool) throws {
        let g = W8A8GEMM(spec: W8A8Spec(activationZeroPoint: asymmetric))
        for c in g.candidateConfigs { try Self.check(g, c, m: 7, n: 67, k: 200, asymmetric: asymmetric) }
        try Self.check(g, g.defaultConfig, m: 13, n: 91, k: 1036, asymmetric: asymmetric)
    }

    @Test("256-bit vectors", .enabled(if: HostSupport.int8, HostSupport.int8Comment))
    func narrowVectors() throws {
        let g = W8A8GEMM(spec: W8A8Spec(activationZeroPoint: true))
        try Self.check(g, W8A8Config(tileM: 2, tileN: 4, vectorWidth: 8, unrollK: 2, groupN: 8), m: 5, n: 29, k: 328, asymmetric: true)
    }

    /// A static per-tensor scale and zero point, as `int8Static` checkpoints carry.
    @Test("per-tensor activation scale", .enabled(if: HostSupport.int8, HostSupport.int8Comment), arguments: [false, true])
    func perTensorActivation(asymmetric: Bool) throws {
        let m = 4, n = 23, k = 100
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        let x = (0..<(m * k)).map { _ in Float(Int(rng.next() % 20001) - 10000) / 3000 }
        let scale: Float = 0.025, zero: Int32 = asymmetric ? -9 : 0
        let quantizer = ActivationQuantizer(target: .int8, granularity: .perTensor, symmetric: !asymmetric)
        let codes = quantizer.quantize(x, scale: scale, zero: zero).map { Int8(bitPattern: $0) }
        let weights = (0..<(n * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        let sw = (0..<n).map { _ in Float(rng.next() % 100 + 1) / 1000 }
        let g = W8A8GEMM(spec: W8A8Spec(activationZeroPoint: asymmetric, perTensorActivation: true))
        let kernel = try CPUCompiler().compile(try g.emit(g.defaultConfig))
        let arena = Arena()
        defer { arena.free() }
        let y = arena.copy([Float](repeating: .nan, count: m * n))
        try GridRunner(threads: 2).run(kernel, [.pointer(arena.copy(codes)), .pointer(arena.copy([scale])), .pointer(arena.copy([zero])),
                                                .pointer(arena.copy(weights)), .pointer(arena.copy(sw)), .pointer(arena.copy(W8A8Weights.rowSums(weights, n: n, k: k))),
                                                .pointer(arena.copy(sw)), .pointer(y), .int(m), .int(n), .int(k)], programs: g.defaultConfig.programs(m: m, n: n))
        for row in 0..<m {
            for c in 0..<n {
                var dot = 0
                for i in 0..<k { dot += (Int(codes[row * k + i]) - Int(zero)) * Int(weights[c * k + i]) }
                let want = Double(dot) * Double(scale) * Double(sw[c])
                #expect(abs(Double(y[row * n + c]) - want) <= 4e-7 * abs(want) + 1e-5, "seed \(seed) y[\(row), \(c)] = \(y[row * n + c]), want \(want)")
            }
        }
    }

    @Test("bias and f16 outputs", .enabled(if: HostSupport.int8, HostSupport.int8Comment))
    func biasAndHalfOutputs() throws {
        for spec in [W8A8Spec(activationZeroPoint: true, bias: true), W8A8Spec(bias: true, output: .f16)] {
            try Self.check(W8A8GEMM(spec: spec), W8A8GEMM(spec: spec).defaultConfig, m: 6, n: 37, k: 260, asymmetric: spec.activationZeroPoint, spec: spec)
        }
    }

    /// The activation kernel's codes feed the GEMM: the same result as the reference's codes.
    @Test("quantize kernel, then GEMM", .enabled(if: HostSupport.int8, HostSupport.int8Comment), arguments: [false, true])
    func pipeline(asymmetric: Bool) throws {
        let m = 5, n = 19, k = 136
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix64(seed: seed)
        let x = (0..<(m * k)).map { _ in Float(Int(rng.next() % 20001) - 10000) / 3000 }
        let quantize = ActivationQuantize(spec: ActivationQuantSpec(target: .int8, scaling: .dynamicPerToken, symmetric: !asymmetric))
        let qc = quantize.defaultConfig
        let arena = Arena()
        defer { arena.free() }
        let codes = arena.copy([Int8](repeating: 0, count: m * k)), scales = arena.copy([Float](repeating: .nan, count: m))
        let zeros = arena.copy([Int32](repeating: 0, count: m))
        try GridRunner(threads: 2).run(try CPUCompiler().compile(try quantize.emit(qc)),
                                       [.pointer(arena.copy(x)), .pointer(codes), .pointer(scales), .pointer(zeros), .int(m), .int(k)],
                                       programs: qc.programs(tokens: m))
        let gemm = W8A8GEMM(spec: W8A8Spec(activationZeroPoint: asymmetric))
        let kernel = try CPUCompiler().compile(try gemm.emit(gemm.defaultConfig))
        let weights = (0..<(n * k)).map { _ in Int8(truncatingIfNeeded: rng.next()) }
        let sw = (0..<n).map { _ in Float(rng.next() % 100 + 1) / 1000 }
        let y = arena.copy([Float](repeating: .nan, count: m * n))
        try GridRunner(threads: 2).run(kernel, [.pointer(codes), .pointer(scales), .pointer(zeros), .pointer(arena.copy(weights)), .pointer(arena.copy(sw)),
                                                .pointer(arena.copy(W8A8Weights.rowSums(weights, n: n, k: k))), .pointer(arena.copy(sw)), .pointer(y),
                                                .int(m), .int(n), .int(k)], programs: gemm.defaultConfig.programs(m: m, n: n))
        // Reference: the scalar quantizer's codes, dequantized, times the dequantized weights.
        let r = try ActivationQuantizer(target: .int8, granularity: .perToken, symmetric: !asymmetric).quantize(x, tokens: m, hidden: k)
        for row in 0..<m {
            for c in 0..<n {
                var want = 0.0
                for i in 0..<k {
                    let xv = Double(Int(Int8(bitPattern: r.codes[row * k + i])) - Int(asymmetric ? r.zeros[row] : 0)) * Double(r.scales[row])
                    want += xv * Double(weights[c * k + i]) * Double(sw[c])
                }
                #expect(abs(Double(y[row * n + c]) - want) <= 1e-5 * abs(want) + 1e-4, "seed \(seed) y[\(row), \(c)] = \(y[row * n + c]), want \(want)")
            }
        }
    }

    @Test func invalidConfigs() {
        let g = W8A8GEMV(spec: W8A8Spec())
        #expect(throws: KernelConfigError(generator: "w8a8_gemv", message: "GEMV computes one row per program: tileM must be 1, got 2")) {
            try g.emit(W8A8Config(tileM: 2))
        }
        #expect(throws: KernelConfigError(generator: "w8a8_gemm", message: "tileM × tileN = 32 accumulators exceed 24 vector registers")) {
            try W8A8GEMM(spec: W8A8Spec()).emit(W8A8Config(tileM: 4, tileN: 8))
        }
        #expect(throws: KernelConfigError(generator: "w8a8_gemm", message: "CPU only (AVX-512 VNNI); GPU W8A8 GEMMs are separate kernels")) {
            try W8A8GEMM(spec: W8A8Spec(convention: .gpu)).emit(W8A8Config())
        }
    }
}
