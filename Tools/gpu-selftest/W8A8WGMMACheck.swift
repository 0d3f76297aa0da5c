import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `w8a8-gemm-wgmma`: the Hopper W8A8 GEMM (`Kernels/GPU/W8A8WGMMAGEMM`, sm_90a) against the
/// float64 reference of `w8a8-gemm` (same random codes, scales and tolerance rules): FP8 e4m3
/// per-tensor and channel × token, int8 symmetric and with per-token zero points; f16 and bf16
/// outputs; ragged M, N and K (K % 128 ≠ 0, N odd, M and N off the tile); every candidate config;
/// NaN-poisoned outputs. FP8 accumulation tolerance `2⁻⁹·Σ|x·w|·s` (`wgmma`'s e4m3 accumulation
/// is not full f32: the worst ratio seen is reported). Needs compute capability 9.0 (skipped,
/// and said so, elsewhere); run it in its own process.
enum W8A8WGMMACheck {
    struct Case {
        var spec: W8A8GPUSpec
        var config: W8A8WGMMAConfig
        var m: Int, n: Int, k: Int
    }

    static func function(_ g: W8A8WGMMAGEMM, _ c: W8A8WGMMAConfig, context: CUDAContext) throws -> CUDAFunction {
        let kernel = try g.emit(c)
        let ptx = try PTXCompiler().ptx(kernel, gpu: .sm_90a, ptx: g.minimumPTX)
        let f = try CUDAModule(context: context, ptx: ptx).function(named: kernel.name)
        try f.setMaxDynamicSharedMemory(bytes: c.sharedBytes)
        return f
    }

    static func run(_ cs: Case, context: CUDAContext, functions: inout [String: CUDAFunction]) throws -> (Double, Double) {
        let (spec, c, m, n, k) = (cs.spec, cs.config, cs.m, cs.n, cs.k)
        let g = W8A8WGMMAGEMM(spec: spec)
        let name = "\(g.variantName(c)) \(m)×\(n)×\(k)"
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) { throw W8A8GEMMCheck.Failure(description: "\(name): \(problem)") }
        if functions[g.variantName(c)] == nil { functions[g.variantName(c)] = try function(g, c, context: context) }
        let f = functions[g.variantName(c)]!
        var random = SplitMix()
        let input = W8A8GEMMCheck.inputs(spec, m: m, n: n, k: k, &random)
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
        try y.fill(byte: 0xFF)  // NaN in f16 and bf16: an unwritten output cannot pass
        let scratch = try DeviceBuffer<Int32>(context: context, count: 1)
        let grid = c.grid(m: m, n: n)
        try f.launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), sharedMemoryBytes: c.sharedBytes, arguments: [
            try DeviceBuffer(context: context, copying: input.x), try DeviceBuffer(context: context, copying: input.w),
            try DeviceBuffer(context: context, copying: input.sx), try DeviceBuffer(context: context, copying: input.sw),
            try DeviceBuffer(context: context, copying: input.zx), try DeviceBuffer(context: context, copying: input.colsum),
            y, scratch, scratch, Int64(m), Int64(n), Int64(k)])
        try context.synchronize()
        return try W8A8GEMMCheck.compare(try y.toArray(), input, spec: spec, m: m, n: n, k: k, name: name, fp8Accumulation: 0x1p-9)
    }

    static let specs = [
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16), W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor),
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken, output: .bf16), W8A8GPUSpec(operand: .int8, scaling: .channelToken, output: .bf16),
        W8A8GPUSpec(operand: .int8, scaling: .channelToken, activationZeroPoint: true),
        W8A8GPUSpec(operand: .int8, scaling: .perTensor, activationZeroPoint: true, output: .bf16),
    ]

    static var cases: [Case] {
        var cases: [Case] = []
        // Ragged: M off the tile, N odd / off the tile, K off 128; small and deep K.
        let shapes = [(300, 520, 1008), (129, 257, 576), (1, 72, 16), (200, 1000, 4096), (65, 1001, 1152)]
        for spec in specs {
            for (m, n, k) in shapes { cases.append(Case(spec: spec, config: W8A8WGMMAGEMM(spec: spec).defaultConfig, m: m, n: n, k: k)) }
        }
        for spec in [specs[0], specs[2], specs[4]] {
            for c in W8A8WGMMAGEMM(spec: spec).candidateConfigs { cases.append(Case(spec: spec, config: c, m: 257, n: 520, k: 1152)) }
            var raster = W8A8WGMMAConfig()
            raster.rasterRows = 3
            cases.append(Case(spec: spec, config: raster, m: 1000, n: 600, k: 256))
        }
        return cases
    }

    static func runAll(_ cases: [Case], context: CUDAContext) throws -> String {
        guard context.device.computeCapability >= .init(major: 9, minor: 0) else {
            return "skipped: wgmma needs compute capability 9.0, this is \(context.device.computeCapability)"
        }
        return try W8A8GEMMCheck.summarize(cases, target: "sm_90a") { try run($0, context: context, functions: &$1) }
    }

    static let check = CUDASelfTest.Check("w8a8-gemm-wgmma") { context in try runAll(cases, context: context) }

    /// Small cases for compute-sanitizer: ragged shapes of every spec, both overlap modes.
    static let memcheck = CUDASelfTest.Check("w8a8-gemm-wgmma-memcheck") { context in
        var small = specs.map { Case(spec: $0, config: W8A8WGMMAConfig(), m: 129, n: 257, k: 576) }
        small.append(Case(spec: specs[3], config: W8A8WGMMAConfig(blockN: 128, stages: 3, overlap: false), m: 65, n: 1001, k: 1008))
        small.append(Case(spec: specs[0], config: W8A8WGMMAConfig(warpgroups: 1, blockN: 256, stages: 5), m: 70, n: 300, k: 272))
        return try runAll(small, context: context)
    }
}
