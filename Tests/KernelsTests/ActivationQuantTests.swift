import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// Activation quantization kernels against ``ActivationQuantizer`` (and ``MiniFloat`` for the
/// bare FP8 cast), bit for bit: codes, scales and zero points.
@Suite struct ActivationQuantTests {
    /// Every f32 → e4m3 edge: each code's value, the midpoints between neighbours (ties) and
    /// one f32 ulp either side, f32 subnormals, the overflow band 448…480…∞, NaNs, signs.
    static let edgeCases: [Float] = {
        var v: [Float] = [0, -0, .infinity, -.infinity, .nan, -.nan, Float(bitPattern: 0x7FC0_0001), Float(bitPattern: 0xFF80_0001),
                          .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1e-30, 448, 449, 463.99, 464, 464.01,
                          479, 480, 481, 1e6, 0x1p-10, Float(0x1p-10).nextUp, Float(0x1p-10).nextDown, 0x3p-11, 0x1p-9 * 1.5, 0x1p-9 * 7.5]
        let codes = (0..<127).map { MiniFloat.float8E4M3FN.decode(UInt8($0)) }  // 0x7F is NaN
        for (i, c) in codes.enumerated() {
            v += [c, c.nextUp, c.nextDown]
            if i + 1 < codes.count {
                let mid = (c + codes[i + 1]) / 2
                v += [mid, mid.nextUp, mid.nextDown]
            }
        }
        v += v.map { -$0 }
        var rng = SplitMix64(seed: 0xE4_3)
        v += (0..<2000).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: rng.next())) }
        return v
    }()

    @Test("f32/f16 → e4m3 cast, every edge case", arguments: [false, true], [ScalarType.f32, .f16])
    func e4m3Cast(saturating: Bool, input: ScalarType) throws {
        let g = FP8E4M3Encode(input: input, saturating: saturating)
        let kernel = try CPUCompiler().compile(try g.emit())
        let x = input == .f16 ? Self.edgeCases.map { Float(Float16($0)) } : Self.edgeCases
        let arena = Arena()
        defer { arena.free() }
        let q = arena.copy([UInt8](repeating: 0xAA, count: x.count))
        let xArg: KernelArgument = input == .f16 ? .pointer(arena.copy(x.map { Float16($0) })) : .pointer(arena.copy(x))
        try GridRunner(threads: 2).run(kernel, [xArg, .pointer(q), .int(x.count)], programs: g.programs(n: x.count))
        for (i, v) in x.enumerated() {
            let want = MiniFloat.float8E4M3FN.encode(v, saturating: saturating)
            #expect(q[i] == want, "\(g.variantName): \(v) (0x\(String(v.bitPattern, radix: 16))) → 0x\(String(q[i], radix: 16)), want 0x\(String(want, radix: 16))")
        }
    }

    /// QuantJIT's exp against the exact exponential: within 2 ulp, 0 and ∞ where f32 must.
    @Test func expAccuracy() {
        var worst = 0.0
        var x: Float = -103.5
        while x < 88.8 {
            let got = FloatExp.exp(x), want = Foundation.exp(Double(x))
            let ulp = Double(Float(want).ulp)
            worst = max(worst, abs(Double(got) - want) / ulp)
            x += 0.000731
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
        #expect(FloatExp.exp(-200) == 0 && FloatExp.exp(100) == .infinity && FloatExp.exp(0) == 1 && FloatExp.exp(.nan).isNaN)
        #expect(FloatExp.exp(-.infinity) == 0 && FloatExp.exp(.infinity) == .infinity)
    }

    static let specs: [ActivationQuantSpec] = {
        let scalings: [ActivationQuantSpec.Scaling] = [.staticPerTensor, .dynamicPerTensor, .dynamicPerToken, .dynamicPerTokenGroup(64), .dynamicPerTokenGroup(128)]
        var specs: [ActivationQuantSpec] = []
        for s in scalings {
            for (target, symmetric) in [(ActivationQuantSpec.Target.fp8e4m3, true), (.int8, true), (.int8, false)] {
                for fused in [false, true] {
                    specs.append(ActivationQuantSpec(target: target, scaling: s, symmetric: symmetric, fusedSiLUAndMul: fused))
                }
            }
        }
        // f16 inputs: one of each target.
        specs.append(ActivationQuantSpec(target: .fp8e4m3, scaling: .dynamicPerToken, input: .f16))
        specs.append(ActivationQuantSpec(target: .int8, scaling: .dynamicPerTokenGroup(128), symmetric: false, input: .f16))
        specs.append(ActivationQuantSpec(target: .int8, scaling: .staticPerTensor, input: .f16, fusedSiLUAndMul: true))
        return specs
    }()

    /// Rows of a test input `[m ≥ 3, width]`: all zeros (minimum scale), exact ties of the
    /// rounding (x/scale on .5 for int8, on e4m3 midpoints for FP8), then random rows of
    /// different magnitudes and signs.
    static func input(m: Int, width: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        var x = [Float](repeating: 0, count: m * width)
        // absmax 127 (int8 scale 1) and 448 (FP8 scale 1): x itself is rounded.
        let int8Ties: [Float] = [127, -2.5, 3.5, 0.5, -0.5, 100.5, -126.5, 1.25]
        let fp8Ties: [Float] = [448, 17, -19, 432, -0x1p-9 * 2.5, 0x3p-11, 0x1p-9 * 0.5, 0x1p-9 * 0.75, 1.0625]
        for i in 0..<width {
            x[width + i] = int8Ties[i % int8Ties.count]
            x[2 * width + i] = fp8Ties[i % fp8Ties.count]
        }
        for r in 3..<max(m, 3) {
            let magnitude = Float([1e-3, 0.7, 30, 5e3][r % 4])
            for i in 0..<width {
                x[r * width + i] = magnitude * Float(Int(rng.next() % 20001) - 10000) / 10000 + (r % 3 == 0 ? magnitude / 3 : 0)
            }
        }
        return x
    }

    static func check(_ spec: ActivationQuantSpec, _ config: ActivationQuantConfig? = nil, m: Int = 6) throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        let g = ActivationQuantize(spec: spec)
        let c = config ?? g.defaultConfig
        let kernel = try CPUCompiler().compile(try g.emit(c))
        let k: Int
        if case .dynamicPerTokenGroup = spec.scaling { k = 384 } else { k = 200 }  // 200: a vector tail
        let width = spec.fusedSiLUAndMul ? 2 * k : k
        var x = input(m: m, width: width, seed: seed)
        if spec.input == .f16 { x = x.map { Float(Float16($0)) } }
        let quantizer = spec.reference
        let values = spec.fusedSiLUAndMul ? SiLUAndMul.reference(x, tokens: m, d: k) : x
        var want: (codes: [UInt8], scales: [Float], zeros: [Int32])
        let staticScale: Float = 0.037, staticZero: Int32 = -7
        if case .staticPerTensor = spec.scaling {
            var probe = values
            probe[0] = .nan; probe[1] = .infinity; probe[2] = -1e30; probe[3] = 1e30  // saturation and NaN
            if !spec.fusedSiLUAndMul { x[0] = .nan; x[1] = .infinity; x[2] = -1e30; x[3] = 1e30 }
            let zero = spec.symmetric ? 0 : staticZero
            want = (quantizer.quantize(spec.fusedSiLUAndMul ? values : probe, scale: staticScale, zero: zero), [staticScale], spec.symmetric ? [] : [zero])
        } else {
            let r = try quantizer.quantize(values, tokens: m, hidden: k)
            want = (r.codes, r.scales, r.zeros)
        }
        let arena = Arena()
        defer { arena.free() }
        let xArg: KernelArgument = spec.input == .f16 ? .pointer(arena.copy(x.map { Float16($0) })) : .pointer(arena.copy(x))
        let q = arena.copy([UInt8](repeating: 0xAA, count: m * k))
        let perTensor = spec.scaling == .dynamicPerTensor
        let scaleCount = perTensor ? 1 + 2 * m : max(want.scales.count, 1)  // per tensor: the scale, then scratch
        let scales = arena.copy(spec.scaling == .staticPerTensor ? want.scales : [Float](repeating: .nan, count: scaleCount))
        let zeros = arena.copy(spec.scaling == .staticPerTensor ? [staticZero] : [Int32](repeating: 0x5555, count: max(want.zeros.count, 1)))
        let arguments: [KernelArgument] = [xArg, .pointer(q), .pointer(scales), .pointer(zeros), .int(m), .int(k)]
        if perTensor {
            let range = try CPUCompiler().compile(try g.emitRangePass(c))
            try GridRunner(threads: 2).run(range, arguments, programs: c.programs(tokens: m))
        }
        try GridRunner(threads: 2).run(kernel, arguments, programs: c.programs(tokens: m))
        let context = "\(g.variantName(c)) seed \(seed)"
        if let i = (0..<(m * k)).first(where: { q[$0] != want.codes[$0] }) {
            Issue.record("\(context): code \(i) (row \(i / k)) is 0x\(String(q[i], radix: 16)), want 0x\(String(want.codes[i], radix: 16)) for \(values[i])")
        }
        #expect(Array(scales.prefix(want.scales.count)).map(\.bitPattern) == want.scales.map(\.bitPattern), "\(context): scales")
        if !spec.symmetric && spec.scaling != .staticPerTensor { #expect(Array(zeros) == want.zeros, "\(context): zeros") }
    }

    @Test("every spec, default config", arguments: specs)
    func everySpec(spec: ActivationQuantSpec) throws {
        try Self.check(spec)
    }

    @Test("every candidate config")
    func everyConfig() throws {
        let spec = ActivationQuantSpec(target: .int8, scaling: .dynamicPerToken, symmetric: false)
        for c in ActivationQuantize(spec: spec).candidateConfigs { try Self.check(spec, c, m: 3) }
    }

    @Test("GPU variants emit PTX")
    func gpuPTX() throws {
        let specs = [ActivationQuantSpec(target: .fp8e4m3, scaling: .dynamicPerTokenGroup(128), fusedSiLUAndMul: true, convention: .gpu),
                     ActivationQuantSpec(target: .int8, scaling: .dynamicPerToken, symmetric: false, input: .f16, convention: .gpu),
                     ActivationQuantSpec(target: .int8, scaling: .staticPerTensor, convention: .gpu),
                     ActivationQuantSpec(target: .int8, scaling: .dynamicPerTensor, symmetric: false, convention: .gpu)]
        for spec in specs {
            let g = ActivationQuantize(spec: spec)
            let ptx = try PTXCompiler().ptx(try g.emit(g.defaultConfig), gpu: .sm_90)
            #expect(ptx.contains(".entry \(g.variantName(g.defaultConfig))"))
            #expect(ptx.contains("cvt.rni.f32.f32"))
            if spec.fusedSiLUAndMul { #expect(ptx.contains("fma.rn.f32")) }
            if spec.scaling == .dynamicPerTensor { _ = try PTXCompiler().ptx(try g.emitRangePass(g.defaultConfig), gpu: .sm_90) }
        }
        let cast = try PTXCompiler().ptx(try FP8E4M3Encode(saturating: true, convention: .gpu).emit(), gpu: .sm_90)
        #expect(cast.contains("st.global.u8") || cast.contains("st.global.b8"))
    }

    @Test func invalidSpecs() {
        let asymFP8 = ActivationQuantize(spec: ActivationQuantSpec(target: .fp8e4m3, scaling: .dynamicPerToken, symmetric: false))
        #expect(throws: KernelConfigError(generator: "actquant", message: "asymmetric quantization needs int8 codes, not fp8e4m3")) {
            try asymFP8.emit(asymFP8.defaultConfig)
        }
        let perToken = ActivationQuantize(spec: ActivationQuantSpec(target: .int8, scaling: .dynamicPerToken))
        #expect(throws: KernelConfigError(generator: "actquant", message: "only dynamic per-tensor scaling has a range pass")) {
            try perToken.emitRangePass(perToken.defaultConfig)
        }
        let group32 = ActivationQuantize(spec: ActivationQuantSpec(target: .int8, scaling: .dynamicPerTokenGroup(32)))
        #expect(throws: KernelConfigError(generator: "actquant", message: "group size 32 is not one of 64, 128")) {
            try group32.emit(group32.defaultConfig)
        }
    }
}

extension ActivationQuantSpec: CustomTestStringConvertible {
    public var testDescription: String { ActivationQuantize(spec: self).variantName(ActivationQuantize(spec: self).defaultConfig) }
}
