import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `gptq-gemv-mma-bf16`: the tensor-core GPTQ GEMV with bf16 activations and outputs
/// (`WeightOnlySpec.activation == .bf16`) against a float64 reference, on 2- and 4-bit layouts
/// (symmetric, v1, v2; group 128/64/−1 with ragged K), M = 1/7/11/16, and 8-bit layouts (the f32
/// dequantization: g128 symmetric and v1, g32 v1 with K = 1056, per-channel v2 with K = 1000),
/// M = 1/5/16, also with the subnormal dequantization (`d`: one `fma.rn.bf16x2` per pair),
/// N = 1000 (ragged), NaN-poisoned outputs, with the register, staged-activation,
/// split-K and `cp.async` ring schedules, and two schedules with the words in 32-column strips
/// (interleaved for 4-bit layouts, as packed for 2- and 8-bit ones). The weights enter the `mma` exactly (`q − z` is exact
/// in bf16 for every width) and the scales multiply in f32, so the only roundings beyond the
/// f16 check's are the bf16 outputs (8 significant bits): the tolerance adds 2^−8·|ref| to the
/// f16 check's 1e-3·Σ|x·w|.
enum GEMVMMABF16Check {
    static func run(_ layout: GPTQLayout, _ c: GPUGEMVConfig, m: Int, n: Int, k: Int,
                    modules: GEMVMMACheck.Modules, context: CUDAContext, gpu: GPUArchitecture) throws -> Double {
        let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .bf16, convention: .gpu))
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) {
            throw GEMVMMACheck.Failure(description: "\(g.variantName(c)) \(m)×\(n)×\(k): \(problem)")
        }
        let function = try modules.function(g, c, context: context, gpu: gpu)
        var random = SplitMix()
        let (packed, scaleBits) = GEMVMMACheck.weight(layout, k: k, n: n, &random)
        let w = packed.dequantize()
        let x = (0..<(m * k)).map { _ in BFloat16Bits.encode(Float(Int(random.next() % 2001) - 1000) / 1000) }
        let input = try DeviceBuffer(context: context, copying: x)
        let qweight = try DeviceBuffer(context: context, copying: g.weightWords(packed.qweight, n: n, config: c))
        let qzeros = try DeviceBuffer(context: context, copying: packed.qzeros.isEmpty ? [-1] : packed.qzeros)
        let scales = try DeviceBuffer(context: context, copying: scaleBits)
        let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
        let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
        let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
        try counters.fill(byte: 0)
        try y.fill(byte: 0xFF)  // NaN in bf16: an unwritten output cannot pass
        try function.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads),
                            arguments: input, qweight, qzeros, scales, gIdx, y, Int64(m), Int64(n), Int64(k), workspace, counters)
        try context.synchronize()
        let got = try y.toArray().map { Double(BFloat16Bits.decode($0)) }
        // bf16 outputs round to 8 significant bits: |ref|/256 on top of the accumulation's tolerance.
        return try GEMVMMACheck.compare(got, x: x.map { Double(BFloat16Bits.decode($0)) }, w: w, m: m, n: n, k: k, name: g.variantName(c)) { abs($0) / 256 }
    }

    static let check = CUDASelfTest.Check("gptq-gemv-mma-bf16") { context in
        let gpu: GPUArchitecture = context.device.computeCapability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let modules = GEMVMMACheck.Modules()
        let configs = [
            GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, l2Prefetch: true, registerMagic: true),
            GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true),
            GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2),
            GPUGEMVConfig(maxRows: 16, warps: 6, unrollK: 2, prefetch: true, splits: 3),
            GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4),
            GEMVMMACheck.early(GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, splits: 2, registerMagic: true, columnWarps: 4,
                                             activationStages: 2), bodies: 1),
        ]
        let layouts = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128),
                       GPTQLayout(bits: 4, groupSize: 64, zeroPoints: .v2), GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v1),
                       GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v1), GPTQLayout(bits: 2, groupSize: 128),
                       GPTQLayout(bits: 8, groupSize: 128), GPTQLayout(bits: 8, groupSize: 128, zeroPoints: .v1),
                       GPTQLayout(bits: 8, groupSize: 32, zeroPoints: .v1), GPTQLayout(bits: 8, groupSize: -1, zeroPoints: .v2)]
        var worst = 0.0, count = 0
        for layout in layouts {
            let k = layout.groupSize == -1 ? 1000 : layout.groupSize == 32 ? 1056 : 1152
            // 8-bit: also the subnormal dequantization (one bf16 fma per pair) on two schedules.
            let subnormal = layout.bits == 8 ? [configs[0], configs[2]].map { c -> GPUGEMVConfig in
                var d = c
                d.subnormalBF16 = true
                return d
            } : []
            // Strips: of interleaved words for 4-bit layouts, of the words as packed for 2- and 8-bit ones.
            let strips = layout.bits == 4 ? [GEMVMMACheck.strips(configs[0]), GEMVMMACheck.strips(configs[2])]
                : [GEMVMMACheck.stripsOnly(configs[0]), GEMVMMACheck.stripsOnly(configs[2])]
            // The layout's bf16 picks for the benchmarked shapes.
            let fixed = configs + subnormal + strips
            let picks = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .bf16, convention: .gpu)).benchmarkedPicks
            for c in fixed + picks.filter({ !fixed.contains($0) }) {
                let rows = layout.bits == 8 ? (c.maxRows == 8 ? [1, 5] : [5, 16]) : (c.maxRows == 8 ? [1, 7] : [11, 16])
                for m in rows {
                    worst = max(worst, try run(layout, c, m: m, n: 1000, k: k, modules: modules, context: context, gpu: gpu))
                    count += 1
                }
            }
        }
        return "\(count) cases (\(layouts.count) layouts, \(modules.functions.count) variants, \(gpu)) match the float64 reference "
            + "(worst ‖y − ref‖/‖ref‖ \(worst))"
    }
}
