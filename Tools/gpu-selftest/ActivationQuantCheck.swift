import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `actquant-gpu`: the activation quantization kernels of `Kernels/ActivationQuant` in their GPU
/// convention (one token per thread) against ``ActivationQuantizer`` on the CPU, bit for bit
/// (codes, scales, zero points): per-tensor static and dynamic (two launches), per-token,
/// per-token-group 64/128; e4m3, int8 symmetric and asymmetric; fused SiLU-and-mul; f32 and
/// f16 inputs; 300 tokens (three blocks of 128, the last one partial), poisoned outputs. The
/// bare e4m3 cast (``FP8E4M3Encode``) on every f32 bit pattern class too.
enum ActivationQuantCheck {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static var specs: [ActivationQuantSpec] {
        let scalings: [ActivationQuantSpec.Scaling] = [.staticPerTensor, .dynamicPerTensor, .dynamicPerToken, .dynamicPerTokenGroup(64), .dynamicPerTokenGroup(128)]
        var specs: [ActivationQuantSpec] = []
        for s in scalings {
            for (target, symmetric) in [(ActivationQuantSpec.Target.fp8e4m3, true), (.int8, true), (.int8, false)] {
                for fused in [false, true] {
                    specs.append(ActivationQuantSpec(target: target, scaling: s, symmetric: symmetric, fusedSiLUAndMul: fused, convention: .gpu))
                }
            }
        }
        specs.append(ActivationQuantSpec(target: .fp8e4m3, scaling: .dynamicPerToken, input: .f16, convention: .gpu))
        specs.append(ActivationQuantSpec(target: .int8, scaling: .dynamicPerTokenGroup(128), symmetric: false, input: .f16, convention: .gpu))
        specs.append(ActivationQuantSpec(target: .int8, scaling: .staticPerTensor, input: .f16, fusedSiLUAndMul: true, convention: .gpu))
        specs.append(ActivationQuantSpec(target: .fp8e4m3, scaling: .dynamicPerTokenGroup(64), input: .f16, fusedSiLUAndMul: true, convention: .gpu))
        return specs
    }

    /// Test rows: all zeros, exact rounding ties for int8 and e4m3, then random rows of four
    /// magnitudes (1e-3 … 5e3), some shifted off zero (asymmetric ranges).
    static func input(m: Int, width: Int, _ random: inout SplitMix) -> [Float] {
        var x = [Float](repeating: 0, count: m * width)
        let int8Ties: [Float] = [127, -2.5, 3.5, 0.5, -0.5, 100.5, -126.5, 1.25]
        let fp8Ties: [Float] = [448, 17, -19, 432, -0x1p-9 * 2.5, 0x3p-11, 0x1p-9 * 0.5, 0x1p-9 * 0.75, 1.0625]
        for i in 0..<width {
            x[width + i] = int8Ties[i % int8Ties.count]
            x[2 * width + i] = fp8Ties[i % fp8Ties.count]
        }
        for r in 3..<m {
            let magnitude = Float([1e-3, 0.7, 30, 5e3][r % 4])
            for i in 0..<width {
                x[r * width + i] = magnitude * Float(Int(random.next() % 20001) - 10000) / 10000 + (r % 3 == 0 ? magnitude / 3 : 0)
            }
        }
        return x
    }

    static func run(_ spec: ActivationQuantSpec, m: Int, context: CUDAContext, gpu: GPUArchitecture) throws {
        let g = ActivationQuantize(spec: spec)
        let c = g.defaultConfig
        let name = g.variantName(c)
        func load(_ kernel: Kernel) throws -> CUDAFunction {
            try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu)).function(named: kernel.name)
        }
        let k: Int
        if case .dynamicPerTokenGroup = spec.scaling { k = 384 } else { k = 200 }
        let width = spec.fusedSiLUAndMul ? 2 * k : k
        var random = SplitMix()
        var x = input(m: m, width: width, &random)
        if spec.input == .f16 { x = x.map { Float(Float16($0)) } }
        let quantizer = spec.reference
        let staticScale: Float = 0.037, staticZero: Int32 = -7
        if spec.scaling == .staticPerTensor && !spec.fusedSiLUAndMul {
            x[0] = .nan; x[1] = .infinity; x[2] = -1e30; x[3] = 1e30  // saturation and NaN
            if spec.input == .f16 { x[2] = -.infinity; x[3] = 60000 }
        }
        let values = spec.fusedSiLUAndMul ? SiLUAndMul.reference(x, tokens: m, d: k) : x
        let want: (codes: [UInt8], scales: [Float], zeros: [Int32])
        if spec.scaling == .staticPerTensor {
            let zero = spec.symmetric ? 0 : staticZero
            want = (quantizer.quantize(values, scale: staticScale, zero: zero), [staticScale], [])
        } else {
            let r = try quantizer.quantize(values, tokens: m, hidden: k)
            want = (r.codes, r.scales, r.zeros)
        }
        let xBuffer: any CUDAKernelArgument = spec.input == .f16
            ? try DeviceBuffer(context: context, copying: x.map { Float16($0) }) : try DeviceBuffer(context: context, copying: x)
        let q = try DeviceBuffer<UInt8>(context: context, count: m * k)
        try q.fill(byte: 0xAA)
        let perTensor = spec.scaling == .dynamicPerTensor
        let scaleCount = perTensor ? 1 + 2 * m : max(want.scales.count, 1)
        let scales = try DeviceBuffer(context: context, copying: spec.scaling == .staticPerTensor ? [staticScale] : [Float](repeating: .nan, count: scaleCount))
        let zeros = try DeviceBuffer(context: context, copying: spec.scaling == .staticPerTensor ? [staticZero] : [Int32](repeating: 0x5555, count: max(want.zeros.count, 1)))
        let arguments: [any CUDAKernelArgument] = [xBuffer, q, scales, zeros, Int64(m), Int64(k)]
        let grid = Dim3(c.blocks(tokens: m)), block = Dim3(c.threadsPerBlock)
        if perTensor { try load(try g.emitRangePass(c)).launch(grid: grid, block: block, arguments: arguments) }
        try load(try g.emit(c)).launch(grid: grid, block: block, arguments: arguments)
        try context.synchronize()
        let codes = try q.toArray()
        if let i = (0..<(m * k)).first(where: { codes[$0] != want.codes[$0] }) {
            throw Failure(description: "\(name): code \(i) (token \(i / k)) is 0x\(String(codes[i], radix: 16)), want 0x\(String(want.codes[i], radix: 16)) for \(values[i])")
        }
        let gotScales = try scales.toArray().prefix(want.scales.count)
        if gotScales.map(\.bitPattern) != want.scales.map(\.bitPattern) {
            let i = gotScales.indices.first { gotScales[$0].bitPattern != want.scales[$0].bitPattern }!
            throw Failure(description: "\(name): scale \(i) is \(gotScales[i]), want \(want.scales[i])")
        }
        if !spec.symmetric && spec.scaling != .staticPerTensor, try zeros.toArray() != want.zeros {
            throw Failure(description: "\(name): zero points differ")
        }
    }

    /// The bare cast over the f32 edge cases: every e4m3 value, its neighbours, midpoints, NaN, ∞.
    static func runCast(saturating: Bool, context: CUDAContext, gpu: GPUArchitecture) throws {
        var x: [Float] = [0, -0, .infinity, -.infinity, .nan, 448, 449, 464, 464.01, 479, 480, 1e6, .leastNonzeroMagnitude, 0x1p-10, 0x3p-11]
        for code in 0..<127 {
            let v = MiniFloat.float8E4M3FN.decode(UInt8(code)), next = MiniFloat.float8E4M3FN.decode(UInt8(min(code + 1, 126)))
            x += [v, v.nextUp, v.nextDown, (v + next) / 2, ((v + next) / 2).nextUp, ((v + next) / 2).nextDown]
        }
        x += x.map { -$0 }
        var random = SplitMix()
        x += (0..<4000).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: random.next())) }
        let encode = FP8E4M3Encode(saturating: saturating, convention: .gpu)
        let kernel = try encode.emit()
        let f = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu)).function(named: kernel.name)
        let q = try DeviceBuffer<UInt8>(context: context, count: x.count)
        try q.fill(byte: 0xAA)
        try f.launch(grid: Dim3((x.count + 127) / 128), block: Dim3(128), arguments: try DeviceBuffer(context: context, copying: x), q, Int64(x.count))
        try context.synchronize()
        let got = try q.toArray()
        for (i, v) in x.enumerated() where got[i] != MiniFloat.float8E4M3FN.encode(v, saturating: saturating) {
            throw Failure(description: "\(encode.variantName): \(v) → 0x\(String(got[i], radix: 16)), want 0x\(String(MiniFloat.float8E4M3FN.encode(v, saturating: saturating), radix: 16))")
        }
    }

    static let check = CUDASelfTest.Check("actquant-gpu") { context in
        let gpu: GPUArchitecture = context.device.computeCapability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        var failed: [String] = []
        let all = specs
        for spec in all {
            do { try run(spec, m: 300, context: context, gpu: gpu) } catch { failed.append("\(error)") }
        }
        for saturating in [false, true] {
            do { try runCast(saturating: saturating, context: context, gpu: gpu) } catch { failed.append("\(error)") }
        }
        guard failed.isEmpty else {
            throw Failure(description: "\(failed.count) of \(all.count + 2) kernels differ:\n  " + failed.prefix(12).joined(separator: "\n  "))
        }
        return "\(all.count) activation quantization kernels (300 tokens) and the e4m3 cast (sat/nonsat) are bit-exact against the CPU reference (\(gpu))"
    }
}
