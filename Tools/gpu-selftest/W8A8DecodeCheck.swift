import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `w8a8-decode`: the W8A8 decode kernel (`Kernels/GPU/W8A8GPUDecode`) against the float64
/// reference of `w8a8-gemm` (same inputs, same tolerance): FP8 e4m3 and int8 (symmetric and
/// with per-token zero points), per-tensor and channel × token scales, f16 and bf16 outputs;
/// M ∈ 1…16, ragged N (not a multiple of 16) and K (multiples of 16 that are not multiples of
/// the 64-byte chunk or the step), split-K, every candidate config (the 16-token
/// `wave16Candidates` at M = 9, 13, 16 on every spec); NaN-poisoned outputs, each case launched
/// twice (split-K counters must come back to zero).
enum W8A8DecodeCheck {
    struct Case {
        var spec: W8A8GPUSpec
        var config: W8A8DecodeConfig
        var m: Int, n: Int, k: Int
    }

    static func function(_ g: W8A8GPUDecode, _ c: W8A8DecodeConfig, context: CUDAContext, gpu: GPUArchitecture) throws -> CUDAFunction {
        let kernel = try g.emit(c)
        let ptx = try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(g.spec.minimumPTX, gpu.minimumPTX))
        return try CUDAModule(context: context, ptx: ptx).function(named: kernel.name)
    }

    static func run(_ cs: Case, context: CUDAContext, gpu: GPUArchitecture, functions: inout [String: CUDAFunction]) throws -> (Double, Double) {
        let (spec, c, m, n, k) = (cs.spec, cs.config, cs.m, cs.n, cs.k)
        let g = W8A8GPUDecode(spec: spec)
        let name = "\(g.variantName(c)) \(m)×\(n)×\(k)"
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) { throw W8A8GEMMCheck.Failure(description: "\(name): \(problem)") }
        if functions[g.variantName(c)] == nil { functions[g.variantName(c)] = try function(g, c, context: context, gpu: gpu) }
        let f = functions[g.variantName(c)]!
        var random = SplitMix()
        for _ in 0..<(m * 7 + n + k) { _ = random.next() }  // different data per shape
        let input = W8A8GEMMCheck.inputs(spec, m: m, n: n, k: k, &random)
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
        try y.fill(byte: 0xFF)
        let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
        try counters.fill(byte: 0)
        let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
        let grid = c.grid(n: n)
        let arguments: [any CUDAKernelArgument] = [
            try DeviceBuffer(context: context, copying: input.x),
            try DeviceBuffer(context: context, copying: c.tiled ? W8A8DecodeTiledLayout.tile(input.w, n: n, k: k) : input.w),
            try DeviceBuffer(context: context, copying: input.sx), try DeviceBuffer(context: context, copying: input.sw),
            try DeviceBuffer(context: context, copying: input.zx), try DeviceBuffer(context: context, copying: input.colsum),
            y, workspace, counters, Int64(m), Int64(n), Int64(k)]
        for _ in 0..<2 {
            try f.launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), arguments: arguments)
        }
        try context.synchronize()
        let outcome = try W8A8GEMMCheck.compare(try y.toArray(), input, spec: spec, m: m, n: n, k: k, name: name)
        if c.splits > 1, try counters.toArray().contains(where: { $0 != 0 }) {
            throw W8A8GEMMCheck.Failure(description: "\(name): split-K counters not back to zero")
        }
        return outcome
    }

    static let specs = [
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16), W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor),
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken, output: .bf16), W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken),
        W8A8GPUSpec(operand: .int8, scaling: .channelToken, output: .bf16), W8A8GPUSpec(operand: .int8, scaling: .perTensor),
        W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true),
        W8A8GPUSpec(operand: .int8, scaling: .perTensor, activationZeroPoint: true, output: .bf16),
    ]

    /// The 16-token one-wave and early-epilogue candidates (`wave16Candidates`, not yet timed
    /// when added): M = 9, 13, 16 on ragged N and K, every spec (and tensorChannel), the three M
    /// each for FP8 per-tensor and int8 per-tensor, one (rotating) for the others; the early
    /// epilogue with split-K as well.
    static var wave16Cases: [Case] {
        var cases: [Case] = []
        let tensorChannel = [W8A8GPUSpec(operand: .fp8e4m3, scaling: .tensorChannel),
                             W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, activationZeroPoint: true, output: .bf16)]
        let wave16Shapes = [(9, 1000, 1040), (13, 520, 1552), (16, 264, 2128)]
        for (index, spec) in (specs + tensorChannel).enumerated() {
            let g = W8A8GPUDecode(spec: spec)
            for (i, c) in g.wave16Candidates.enumerated() {
                for (s, (m, n, k)) in wave16Shapes.enumerated() where index == 0 || index == 5 || (i + index) % 3 == s {
                    cases.append(Case(spec: spec, config: c, m: m, n: n, k: k))
                }
            }
            cases.append(Case(spec: spec, config: W8A8DecodeConfig(rowBound: 16, warps: 2, unroll: 2, splits: 3, earlyEpilogue: true), m: 13, n: 200, k: 1104))
        }
        return cases
    }

    /// Tiled weights (``W8A8DecodeTiledLayout``, packed here from the row-major reference
    /// weights): the tiled twin of the pick on ragged shapes (N not a multiple of the 16-row
    /// tile, K not a multiple of the 64-byte chunk) for every spec, and split-K.
    static var tiledCases: [Case] {
        let tensorChannel = [W8A8GPUSpec(operand: .fp8e4m3, scaling: .tensorChannel),
                             W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, activationZeroPoint: true, output: .bf16)]
        var cases: [Case] = []
        for spec in specs + tensorChannel {
            let g = W8A8GPUDecode(spec: spec)
            for (m, n, k) in [(1, 1000, 1040), (16, 264, 2000), (9, 72, 2112), (3, 8200, 1024), (16, 8200, 272)] {
                var c = g.config(m: m, n: n, k: k)
                c.tiled = true
                cases.append(Case(spec: spec, config: c, m: m, n: n, k: k))
            }
            cases.append(Case(spec: spec, config: W8A8DecodeConfig(rowBound: 16, warps: 2, unroll: 2, splits: 3, halfMMA: spec.operand == .fp8e4m3,
                                                                   tiled: true), m: 13, n: 200, k: 1104))
        }
        return cases
    }

    static var cases: [Case] {
        var cases: [Case] = []
        // The picked config on ragged shapes: every M from 1 to 16 across the specs.
        let shapes = [(1, 1000, 1024), (2, 40, 16), (3, 200, 1008), (4, 136, 4096), (5, 13, 1552), (6, 72, 2112), (7, 300, 576),
                      (8, 1000, 1040), (9, 1000, 576), (10, 88, 3072), (11, 300, 1280), (12, 24, 2064), (13, 520, 1152),
                      (14, 8, 48), (15, 264, 2000), (16, 392, 3072), (16, 4104, 1024), (1, 2056, 8192)]
        for (index, spec) in specs.enumerated() {
            let g = W8A8GPUDecode(spec: spec)
            for (i, (m, n, k)) in shapes.enumerated() where (i + index) % 2 == 0 || i >= shapes.count - 3 {
                cases.append(Case(spec: spec, config: g.config(m: m, n: n, k: k), m: m, n: n, k: k))
            }
        }
        cases += wave16Cases + tiledCases
        // Every candidate config on three specs, M at its row bound and below, a ragged K.
        for spec in [specs[0], specs[3], specs[6]] {
            let g = W8A8GPUDecode(spec: spec)
            for c in g.candidateConfigs {
                cases.append(Case(spec: spec, config: c, m: c.rowBound, n: 1000, k: 2128))
                cases.append(Case(spec: spec, config: c, m: c.rowBound - 5, n: 130, k: 272))
            }
            for splits in [2, 3, 5] {
                cases.append(Case(spec: spec, config: W8A8DecodeConfig(rowBound: 16, warps: 2, unroll: 2, splits: splits), m: 13, n: 200, k: 1104))
                cases.append(Case(spec: spec, config: W8A8DecodeConfig(rowBound: 8, warps: 4, unroll: 4, splits: splits), m: 1, n: 72, k: 208))
            }
        }
        return cases
    }

    static func runAll(_ cases: [Case], context: CUDAContext) throws -> String {
        let gpu = W8A8GEMMCheck.gpu(context)
        return try W8A8GEMMCheck.summarize(cases, target: "\(gpu)") { try run($0, context: context, gpu: gpu, functions: &$1) }
    }

    static let check = CUDASelfTest.Check("w8a8-decode") { context in try runAll(cases, context: context) }

    /// A few small cases for compute-sanitizer: ragged N and K, both row bounds, split-K, the
    /// predicated last step, every scaling, early epilogue operands.
    static let memcheck = CUDASelfTest.Check("w8a8-decode-memcheck") { context in
        let all = cases
        // The early epilogue's loads (clamped indices) once per spec, with split-K on FP8
        // per-tensor and int8 channel × token with zero points, and the one-wave FP8 `g2w2u2b8h`.
        var seen = Set<String>(), wave16: [Case] = []
        for cs in wave16Cases where cs.config.earlyEpilogue || cs.config.rowWarps == 2 {
            let key = "\(cs.spec) \(cs.config.splits) \(cs.config.earlyEpilogue)"
            let wanted = cs.config.earlyEpilogue ? cs.config.splits == 1 || [specs[0], specs[6]].contains(cs.spec) : cs.spec == specs[0]
            if wanted && seen.insert(key).inserted { wave16.append(cs) }
        }
        let tiled = tiledCases.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        return try runAll(Array(all.prefix(6)) + all.suffix(8) + wave16 + tiled, context: context)
    }
}
