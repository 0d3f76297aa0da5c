import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `w8a8-gemm`: the tensor-core W8A8 GEMM (`Kernels/GPU/W8A8GPUGEMM`) against a float64
/// reference computed from the same int8 / e4m3 codes and f32 scales: int8 symmetric and with
/// per-token zero points (per-tensor and channel × token scales), FP8 e4m3 per-tensor, channel ×
/// token and block-128; f16 and bf16 outputs; ragged M, N, K (K % 16 ≠ 0 through the unaligned
/// variant), split-K, every candidate config; NaN-poisoned outputs.
///
/// Tolerance per output: half an ulp of the output type at |ref| (the final rounding), plus
/// `2⁻²⁰·|ref|` (f32 scaling), plus `accumulation · Σ|xᵢ·wᵢ|·scales` with `accumulation` 0 for
/// int8 (exact int32 sums) and 2⁻¹⁴ for FP8 (the tensor core's f32 accumulation of 32-product
/// k-steps; the worst ratio seen is reported).
enum W8A8GEMMCheck {
    struct Failure: Error, CustomStringConvertible { let description: String }

    struct Case {
        var spec: W8A8GPUSpec
        var config: W8A8GPUConfig
        var m: Int, n: Int, k: Int
    }

    static func gpu(_ context: CUDAContext) -> GPUArchitecture {
        context.device.computeCapability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_89
    }

    static func function(_ g: W8A8GPUGEMM, _ c: W8A8GPUConfig, context: CUDAContext, gpu: GPUArchitecture) throws -> CUDAFunction {
        let kernel = try g.emit(c)
        let ptx = try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(g.spec.minimumPTX, gpu.minimumPTX))
        let f = try CUDAModule(context: context, ptx: ptx).function(named: kernel.name)
        // Always: static shared memory (the split-K flag) counts against the same 48 KiB default.
        try f.setMaxDynamicSharedMemory(bytes: c.sharedBytes)
        return f
    }

    /// Random inputs of one case: codes as bytes, their values, scales, zero points, column sums.
    struct Inputs {
        var x: [UInt8], w: [UInt8], xv: [Double], wv: [Double]
        var sx: [Float], sw: [Float], zx: [Int32], colsum: [Int32]
    }

    static func inputs(_ spec: W8A8GPUSpec, m: Int, n: Int, k: Int, _ random: inout SplitMix) -> Inputs {
        func code() -> UInt8 {
            while true {
                let byte = UInt8(truncatingIfNeeded: random.next())
                if spec.operand == .int8 || byte & 0x7F != 0x7F { return byte }  // no e4m3 NaN
            }
        }
        func value(_ byte: UInt8) -> Double {
            spec.operand == .int8 ? Double(Int8(bitPattern: byte)) : Double(MiniFloat.float8E4M3FN.decode(byte))
        }
        let x = (0..<(m * k)).map { _ in code() }, w = (0..<(n * k)).map { _ in code() }
        let kGroups = (k + 127) / 128
        let typical = spec.operand == .int8 ? 64.0 * 64 : 100.0 * 100
        // Scales such that outputs are of order 1…100: fits f16, tests the rounding.
        func scale() -> Float { Float(Double(random.next() % 1000 + 200) / 1000 / (typical * Double(k).squareRoot()).squareRoot()) }
        let sxCount: Int, swCount: Int
        switch spec.scaling {
        case .perTensor: (sxCount, swCount) = (1, 1)
        case .channelToken: (sxCount, swCount) = (m, n)
        case .tensorChannel: (sxCount, swCount) = (1, n)
        case .block128: (sxCount, swCount) = (m * kGroups, ((n + 127) / 128) * kGroups)
        }
        let zx = spec.activationZeroPoint ? (0..<(spec.activationPerTensor ? 1 : m)).map { _ in Int32(Int(random.next() % 256) - 128) } : [0]
        let colsum = W8A8GPUWeights.columnSums(w.map { Int8(bitPattern: $0) }, n: n, k: k)
        return Inputs(x: x, w: w, xv: x.map(value), wv: w.map(value), sx: (0..<sxCount).map { _ in scale() },
                      sw: (0..<swCount).map { _ in scale() }, zx: zx, colsum: colsum)
    }

    /// Runs one case on the GPU; returns the worst error as a fraction of its tolerance and the
    /// worst FP8 accumulation error ratio `|y − ref| / Σ|p|`, or throws on a mismatch.
    static func run(_ cs: Case, context: CUDAContext, gpu: GPUArchitecture, functions: inout [String: CUDAFunction]) throws -> (Double, Double) {
        let (spec, c, m, n, k) = (cs.spec, cs.config, cs.m, cs.n, cs.k)
        let g = W8A8GPUGEMM(spec: spec)
        let name = "\(g.variantName(c)) \(m)×\(n)×\(k)"
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) { throw Failure(description: "\(name): \(problem)") }
        if functions[g.variantName(c)] == nil { functions[g.variantName(c)] = try function(g, c, context: context, gpu: gpu) }
        let f = functions[g.variantName(c)]!
        var random = SplitMix()
        let input = inputs(spec, m: m, n: n, k: k, &random)
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
        try y.fill(byte: 0xFF)  // NaN in f16 and bf16: an unwritten output cannot pass
        let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(m: m, n: n))
        try counters.fill(byte: 0)
        let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(m: m, n: n))
        let grid = c.grid(m: m, n: n)
        let arguments: [any CUDAKernelArgument] = [
            try DeviceBuffer(context: context, copying: input.x), try DeviceBuffer(context: context, copying: input.w),
            try DeviceBuffer(context: context, copying: input.sx), try DeviceBuffer(context: context, copying: input.sw),
            try DeviceBuffer(context: context, copying: input.zx), try DeviceBuffer(context: context, copying: input.colsum),
            y, workspace, counters, Int64(m), Int64(n), Int64(k)]
        // Twice: the second launch checks that split-K leaves its counters at zero.
        for _ in 0..<2 {
            try f.launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), sharedMemoryBytes: c.sharedBytes, arguments: arguments)
        }
        try context.synchronize()
        return try compare(try y.toArray(), input, spec: spec, m: m, n: n, k: k, name: name)
    }

    /// Checks raw f16/bf16 outputs against the float64 reference of `input`; returns the worst
    /// error as a fraction of its tolerance and the worst FP8 accumulation error ratio, or throws.
    static func compare(_ outputs: [UInt16], _ input: Inputs, spec: W8A8GPUSpec, m: Int, n: Int, k: Int, name: String,
                        fp8Accumulation: Double = 0x1p-14) throws -> (Double, Double) {
        let got = outputs.map { bits -> Double in
            spec.output == .bf16 ? Double(Float(bitPattern: UInt32(bits) << 16)) : Double(Float(Float16(bitPattern: bits)))
        }
        let kGroups = (k + 127) / 128
        var worst = 0.0, worstAccumulation = 0.0
        for r in 0..<m {
            let zero = spec.activationZeroPoint ? Double(input.zx[spec.activationPerTensor ? 0 : r]) : 0
            for col in 0..<n {
                var want = 0.0, magnitude = 0.0
                // Per-tensor and channel × token scales: one group over all of K, so that the
                // exact sum of products (int8, or e4m3 products: ≤ 8 significant bits, exact in
                // float64 at these K) is scaled once and a zero total stays zero.
                let group = spec.scaling == .block128 ? 128 : k
                for kb in 0..<((k + group - 1) / group) {
                    var sum = 0.0, absolute = 0.0
                    for kk in (kb * group)..<min(k, kb * group + group) {
                        let p = (input.xv[r * k + kk] - zero) * input.wv[col * k + kk]
                        sum += p
                        absolute += abs(p)
                    }
                    let s: Double
                    switch spec.scaling {
                    case .perTensor: s = Double(input.sx[0]) * Double(input.sw[0])
                    case .channelToken: s = Double(input.sx[r]) * Double(input.sw[col])
                    case .tensorChannel: s = Double(input.sx[0]) * Double(input.sw[col])
                    case .block128: s = Double(input.sx[r * kGroups + kb]) * Double(input.sw[(col / 128) * kGroups + kb])
                    }
                    want += sum * s
                    magnitude += absolute * s
                }
                let value = got[r * n + col]
                let exponent = Double(max(abs(want), spec.output == .bf16 ? 0x1p-126 : 0x1p-14)).exponent
                let halfUlp = Double(sign: .plus, exponent: exponent - (spec.output == .bf16 ? 8 : 11), significand: 1)
                let accumulation = spec.operand == .int8 ? 0 : fp8Accumulation
                let tolerance = halfUlp + 0x1p-20 * abs(want) + accumulation * magnitude
                let error = abs(value - want)
                if !(error <= tolerance) {
                    throw Failure(description: "\(name): y[\(r), \(col)] = \(value), want \(want) (tolerance \(tolerance))")
                }
                worst = max(worst, error / tolerance)
                if magnitude > 0 { worstAccumulation = max(worstAccumulation, max(0, error - halfUlp) / magnitude) }
            }
        }
        return (worst, worstAccumulation)
    }

    static var cases: [Case] {
        var cases: [Case] = []
        let specs = [
            W8A8GPUSpec(operand: .int8, scaling: .channelToken), W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true),
            W8A8GPUSpec(operand: .int8, scaling: .perTensor, activationZeroPoint: true, output: .bf16),
            W8A8GPUSpec(operand: .int8, scaling: .channelToken, output: .bf16),
            W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor), W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16),
            W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken), W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128, output: .bf16),
            W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128),
        ]
        // Ragged shapes: the picked config, both regimes, K off 64, 128 and 16.
        let shapes = [(1, 1000, 1024), (5, 200, 1008), (16, 136, 4096), (37, 1000, 1000), (200, 264, 1152), (130, 128, 40), (300, 72, 9)]
        for spec in specs {
            let g = W8A8GPUGEMM(spec: spec)
            for (m, n, k) in shapes { cases.append(Case(spec: spec, config: g.config(m: m, n: n, k: k), m: m, n: n, k: k)) }
        }
        // Every candidate config (and split-K ones) on two specs.
        for spec in [specs[1], specs[6], specs[7]] {
            let g = W8A8GPUGEMM(spec: spec)
            for c in g.candidateConfigs where (try? g.validate(c)) != nil { cases.append(Case(spec: spec, config: c, m: 257, n: 520, k: 576)) }
            cases.append(Case(spec: spec, config: W8A8GPUGEMM.smallMConfig(stages: 4, splits: 2), m: 16, n: 392, k: 3072))
            cases.append(Case(spec: spec, config: W8A8GPUGEMM.smallMConfig(blockN: 64, warpsN: 2, stages: 8, splits: 3), m: 1, n: 136, k: 2112))
            for splits in [2, 3, 7] {
                cases.append(Case(spec: spec, config: W8A8GPUGEMM.smallMConfig(splits: splits), m: 11, n: 300, k: 1280))
                cases.append(Case(spec: spec, config: W8A8GPUGEMM.smallMConfig(blockN: 64, warpsN: 2, stages: 3, splits: splits, alignedK: false),
                                  m: 3, n: 100, k: 1001))
            }
            var split = g.defaultConfig
            split.splits = 3
            cases.append(Case(spec: spec, config: split, m: 150, n: 200, k: 2048))
            var raster = g.defaultConfig
            raster.rasterRows = 3  // groups of 3, 3 and 2 row tiles
            cases.append(Case(spec: spec, config: raster, m: 1000, n: 264, k: 256))
        }
        return cases
    }

    static func runAll(_ cases: [Case], context: CUDAContext) throws -> String {
        let gpu = gpu(context)
        return try summarize(cases, target: "\(gpu)") { try run($0, context: context, gpu: gpu, functions: &$1) }
    }

    /// Runs every case (`run` compiles into the shared function cache), collecting the failures;
    /// throws naming them, else says how many cases and variants matched and the worst error
    /// ratio (of the tolerance) and FP8 accumulation error (of Σ|x·w|) each case returned.
    static func summarize<C>(_ cases: [C], target: String,
                             _ run: (C, inout [String: CUDAFunction]) throws -> (ratio: Double, accumulation: Double)) throws -> String {
        var functions: [String: CUDAFunction] = [:]
        var failed: [String] = [], worst = 0.0, worstAccumulation = 0.0
        for cs in cases {
            do {
                let (ratio, accumulation) = try run(cs, &functions)
                worst = max(worst, ratio)
                worstAccumulation = max(worstAccumulation, accumulation)
            } catch {
                failed.append("\(error)")
            }
        }
        guard failed.isEmpty else {
            throw Failure(description: "\(failed.count) of \(cases.count) cases failed:\n  " + failed.prefix(12).joined(separator: "\n  "))
        }
        return "\(cases.count) cases, \(functions.count) variants (\(target)) match the float64 reference (worst error \(worst) of its tolerance; "
            + "worst FP8 accumulation error \(worstAccumulation) of Σ|x·w|)"
    }

    static let check = CUDASelfTest.Check("w8a8-gemm") { context in try runAll(cases, context: context) }

    /// A few small cases for compute-sanitizer (ragged, split-K, unaligned K, every scaling).
    static let memcheck = CUDASelfTest.Check("w8a8-gemm-memcheck") { context in
        let all = cases
        return try runAll([all[0], all[2], all[5], all[6], all[10], all[13], all[35], all[51], all[61]] + all.suffix(3), context: context)
    }
}
