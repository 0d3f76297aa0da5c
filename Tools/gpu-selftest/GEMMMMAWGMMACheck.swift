import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `gptq-gemm-wgmma`: the Hopper `wgmma` GPTQ GEMM (`Kernels/GPU/GPTQGPUWGMMA`, sm_90a) on weights
/// repacked by `GPTQWGMMALayout.repack` against the float64 reference of the original GPTQ
/// weight (`GPTQWeight.dequantize()`): the 8-bit cases (``eightBitCases``; with
/// `QUANTJIT_WGMMA_CHECK=8bit` only those, `8bit-small` a few for compute-sanitizer), the 2-bit
/// cases (``twoBitCases``; `QUANTJIT_WGMMA_CHECK=2bit` only those, `2bit-small` a few for
/// compute-sanitizer; first passed in Tools/gpu/results/2026-11-30-s5), every 4-bit
/// layout (group −1/32/64/128; symmetric, v1, v2) with the default config and with `w4n128s4p1` at ragged M, N (a multiple of 8, not of 16)
/// and K (not a multiple of 64), every candidate config on g128 v1, the split-K decode candidates
/// at M = 1, 9, 16 (``decodeCases``; launched twice, bitwise equal), NaN-poisoned outputs and
/// workspaces; off-tile shapes must be rejected. Needs compute
/// capability 9.0 (skipped, and said so, elsewhere). Run it in its own process: an illegal
/// instruction would poison the context of later checks.
enum GEMMMMAWGMMACheck {
    /// The generator, as the executor makes it.
    static func generator(_ layout: GPTQLayout, activation: ScalarType = .f16) -> GPTQGPUWGMMA {
        GPTQGPUWGMMA(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
    }

    static func function(_ g: GPTQGPUWGMMA, _ c: GPUWGMMAConfig, context: CUDAContext) throws -> CUDAFunction {
        let kernel = try g.emit(c)
        let ptx = try PTXCompiler().ptx(kernel, gpu: .sm_90a, ptx: GPUArchitecture.sm_90a.minimumPTX)
        let f = try CUDAModule(context: context, ptx: ptx).function(named: kernel.name)
        if c.sharedBytes > 48 * 1024 { try f.setMaxDynamicSharedMemory(bytes: c.sharedBytes) }
        return f
    }

    /// Runs one case with `activation` (f16 or bf16) activations and outputs; returns
    /// ‖y − ref‖ / ‖ref‖ and the worst |y − ref| / Σ|x·w|, or throws on a mismatch.
    static func run(_ layout: GPTQLayout, _ c: GPUWGMMAConfig, m: Int, n: Int, k: Int, activation: ScalarType = .f16,
                    context: CUDAContext) throws -> (relative: Double, worst: Double) {
        let g = generator(layout, activation: activation)
        let name = "\(g.variantName(c)) \(m)×\(n)×\(k)"
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) {
            throw GEMMMMACheck.Failure(description: "\(name): \(problem)")
        }
        let f = try function(g, c, context: context)
        var random = SplitMix()
        let (packed, scaleBits) = GEMVMMACheck.weight(layout, k: k, n: n, &random)
        let x = GEMMActivations.random(m * k, activation, &random)
        let input = try DeviceBuffer(context: context, copying: x.bits)
        let qweight = try DeviceBuffer(context: context, copying: GPTQWGMMALayout.repack(packed))
        let qzeros = try DeviceBuffer(context: context, copying: packed.qzeros.isEmpty ? [-1] : packed.qzeros)
        let scales = try DeviceBuffer(context: context, copying: scaleBits)
        let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
        try y.fill(byte: 0xFF)  // NaN: an unwritten output cannot pass
        var arguments: [any CUDAKernelArgument] = [input, qweight, qzeros, scales, gIdx, y, Int64(m), Int64(n), Int64(k)]
        if c.splits > 1 {
            let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(m: m, n: n))
            try workspace.fill(byte: 0xFF)  // NaN: a partial read before it is written cannot pass
            let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(m: m, n: n))
            try counters.fill(byte: 0)
            arguments += [workspace, counters]
        }
        let grid = c.launchGrid(m: m, n: n)
        try f.launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), sharedMemoryBytes: c.sharedBytes, arguments: arguments)
        try context.synchronize()
        let first = try y.toArray()
        let result = try GEMMActivations.compare(first, activation, x: x.values, w: packed.dequantize(), m: m, n: n, k: k, name: name)
        guard c.splits > 1 else { return result }
        // Split-K: a second launch must find the counters reset and give the same bits (the last
        // block adds the partials in split order).
        try y.fill(byte: 0xFF)
        try f.launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), sharedMemoryBytes: c.sharedBytes, arguments: arguments)
        try context.synchronize()
        if try y.toArray() != first { throw GEMMMMACheck.Failure(description: "\(name): a second launch gave other bits") }
        return result
    }

    /// The small-M decode candidates (`decodeCandidateConfigs`: 16-token tiles, split-K): each at
    /// M = 1, 9, 16 on g128 v1 and symmetric (N = 264: a multiple of 8, not of 64), then ragged K
    /// (per-channel K = 1000, g32 v2 K = 1120), splits left empty (K = 128), several token tiles
    /// (M = 37), and bf16.
    static var decodeCases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] {
        let v1 = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), sym = GPTQLayout(bits: 4, groupSize: 128)
        let configs = generator(v1).decodeCandidateConfigs
        var cases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] = []
        for c in configs {
            for layout in [v1, sym] {
                for m in [1, 9, 16] { cases.append((layout, c, m, 264, 1408, .f16)) }
            }
            cases.append((v1, c, 16, 72, 128, .f16))
        }
        cases.append((GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v1), configs[0], 9, 136, 1000, .f16))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), configs[3], 16, 520, 1120, .f16))
        cases.append((GPTQLayout(bits: 4, groupSize: 64), configs[2], 16, 8, 640, .f16))
        cases.append((v1, configs[0], 37, 200, 768, .f16))
        cases.append((v1, GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 3), 16, 264, 640, .f16))
        for c in [configs[0], configs[3]] { cases.append((v1, c, 16, 264, 1408, .bf16)) }
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v1), configs[1], 9, 200, 1120, .bf16))
        return cases
    }

    /// The odd shapes the 2- and 8-bit lists share with the 4-bit one (one token tile of 37 rows and
    /// 8 columns, 64-token tiles on 520 columns, six stages, per-channel K = `perChannelK`, one
    /// warpgroup at M = 1, groups of 16), for `bits`-bit weights.
    static func oddShapeCases(bits: Int, perChannelK: Int, activation: ScalarType) -> [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] {
        [(GPTQLayout(bits: bits, groupSize: 128), GPUWGMMAConfig(), 37, 8, 128, activation),
         (GPTQLayout(bits: bits, groupSize: 32, zeroPoints: .v2), GPUWGMMAConfig(warpgroups: 4, tokens: 64, stages: 4), 129, 520, 96, activation),
         (GPTQLayout(bits: bits, groupSize: 32, zeroPoints: .v1), GPUWGMMAConfig(stages: 6), 130, 264, 1088, activation),
         (GPTQLayout(bits: bits, groupSize: -1, zeroPoints: .v1), GPUWGMMAConfig(prefetch: 2), 77, 136, perChannelK, activation),
         (GPTQLayout(bits: bits, groupSize: 64), GPUWGMMAConfig(warpgroups: 1, tokens: 128, stages: 3), 1, 128, 1024, activation),
         (GPTQLayout(bits: bits, groupSize: 16, zeroPoints: .v2), GPUWGMMAConfig(stages: 3, stagedStores: true), 65, 72, 1040, activation)]
    }

    /// ``GPUWGMMAConfig/overlap`` on shapes whose step counts are odd (11, 15, 17 and 9 steps; a
    /// split of 3), even and empty (split-K with K = 128), besides the candidates on 300 × 264 × 640
    /// and the 4-bit defaults (overlapped) of every layout in the lists above and below. Groups of
    /// 16 (17 steps) are here for the device run that would let them take the overlapped default;
    /// then ``GPUWGMMAConfig/perStep`` on one and two panels, groups of 16, 64 and per channel, split-K.
    static var overlapCases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int)] {
        let v1 = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), g64 = GPTQLayout(bits: 4, groupSize: 64, zeroPoints: .v1)
        let split = GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 4, overlap: true)
        return [(g64, GPUWGMMAConfig(stages: 3, stagedStores: true, overlap: true), 200, 264, 704),
                (GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v1), GPUWGMMAConfig(prefetch: 2, overlap: true), 77, 136, 960),
                (GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), GPUWGMMAConfig(warpgroups: 2, overlap: true), 129, 520, 1120),
                (GPTQLayout(bits: 4, groupSize: 64), GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2, overlap: true), 130, 264, 1088),
                (GPTQLayout(bits: 4, groupSize: 16, zeroPoints: .v2), GPUWGMMAConfig(stages: 3, stagedStores: true, overlap: true), 65, 72, 1088),
                (g64, split, 16, 264, 1344), (v1, split, 9, 264, 1408), (v1, split, 16, 72, 128),
                // ``GPUWGMMAConfig/perStep`` (prepared in the sixth session, not yet run).
                (g64, GPUWGMMAConfig(stages: 3, stagedStores: true, perStep: true), 200, 264, 704),
                (GPTQLayout(bits: 4, groupSize: 16, zeroPoints: .v2), GPUWGMMAConfig(warpgroups: 2, perStep: true), 65, 72, 1088),
                (GPTQLayout(bits: 4, groupSize: -1), GPUWGMMAConfig(stages: 3, panels: 2, perStep: true), 77, 136, 960),
                (g64, GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 4, perStep: true), 16, 264, 1344)]
    }

    /// bf16 activations and outputs: every 4-bit layout with the default config at ragged M, N and K
    /// (K not a multiple of 64), every candidate config on g128 v1, and the odd shapes of the f16 list.
    static var bf16Cases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int)] {
        let depth = [-1: 200, 32: 224, 64: 320, 128: 384]
        var cases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int)] = GEMMMMACheck.layouts.map { layout in
            (layout, generator(layout, activation: .bf16).defaultConfig, 200, 200, depth[layout.groupSize]!)
        }
        let v1 = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        for c in generator(v1, activation: .bf16).candidateConfigs { cases.append((v1, c, 300, 264, 640)) }
        cases.append((GPTQLayout(bits: 4, groupSize: 128), GPUWGMMAConfig(), 37, 8, 128))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), GPUWGMMAConfig(warpgroups: 4, tokens: 64, stages: 4), 129, 520, 96))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v1), GPUWGMMAConfig(stages: 6), 130, 264, 1088))
        cases.append((GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v1), GPUWGMMAConfig(stages: 4, panels: 2), 77, 136, 200))
        cases.append((GPTQLayout(bits: 4, groupSize: 64), GPUWGMMAConfig(warpgroups: 1, tokens: 128, stages: 3), 1, 128, 1024))
        cases.append((GPTQLayout(bits: 4, groupSize: 16, zeroPoints: .v2), GPUWGMMAConfig(stages: 3, stagedStores: true), 65, 72, 1040))
        return cases
    }

    static let check = CUDASelfTest.Check("gptq-gemm-wgmma") { context in
        guard context.device.computeCapability >= .init(major: 9, minor: 0) else {
            return "skipped: wgmma needs compute capability 9.0, this is \(context.device.computeCapability)"
        }
        var tally = GEMMCaseTally()
        let eightBit = caseFilter == "8bit-small" ? eightBitSmallCases : eightBitCases
        let twoBit = caseFilter == "2bit-small" ? twoBitSmallCases : twoBitCases
        func tallied(_ cases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)]) -> GEMMCaseTally {
            var width = GEMMCaseTally()
            for (layout, c, m, n, k, activation) in cases {
                width.record(activation) { try run(layout, c, m: m, n: n, k: k, activation: activation, context: context) }
            }
            return width
        }
        // QUANTJIT_WGMMA_CHECK=2bit… / 8bit…: that width's cases only.
        for (bits, subset) in [(2, twoBit), (8, eightBit)] where caseFilter?.hasPrefix("\(bits)bit") == true {
            let width = tallied(subset)
            guard width.failed.isEmpty else {
                throw GEMMMMACheck.Failure(description: "\(width.failed.count) of \(subset.count) \(bits)-bit cases failed:\n  "
                    + width.failed.prefix(12).joined(separator: "\n  "))
            }
            return "\(width.passed) \(bits)-bit cases only (QUANTJIT_WGMMA_CHECK=\(caseFilter!)) match the float64 reference (\(width.summary))"
        }
        var cases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int)] = []
        let depth = [-1: 200, 32: 224, 64: 320, 128: 384]
        for layout in GEMMMMACheck.layouts {
            for c in Set([generator(layout).defaultConfig, GPUWGMMAConfig()]) { cases.append((layout, c, 200, 200, depth[layout.groupSize]!)) }
        }
        let bench = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        for c in generator(bench).candidateConfigs { cases.append((bench, c, 300, 264, 640)) }
        cases.append((GPTQLayout(bits: 4, groupSize: 128), GPUWGMMAConfig(), 37, 8, 128))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), GPUWGMMAConfig(warpgroups: 4, tokens: 64, stages: 4), 129, 520, 96))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v1), GPUWGMMAConfig(stages: 6), 130, 264, 1088))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), GPUWGMMAConfig(stages: 3, panels: 2), 130, 264, 1088))
        cases.append((GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v1), GPUWGMMAConfig(stages: 4, panels: 2), 77, 136, 200))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), GPUWGMMAConfig(stagedStores: true), 129, 520, 96))
        cases.append((GPTQLayout(bits: 4, groupSize: 64), GPUWGMMAConfig(warpgroups: 1, tokens: 128, stages: 3), 1, 128, 1024))
        // Overlapped dequantization: an odd step count (the loop's single last step), ragged
        // shapes, zero points of every kind, split-K with odd, even and empty splits.
        for (layout, c, m, n, k) in overlapCases { cases.append((layout, c, m, n, k)) }
        for (layout, c, m, n, k) in cases {
            tally.record(.f16) { try run(layout, c, m: m, n: n, k: k, activation: .f16, context: context) }
        }
        let bf16Cases = bf16Cases
        for (layout, c, m, n, k) in bf16Cases {
            tally.record(.bf16) { try run(layout, c, m: m, n: n, k: k, activation: .bf16, context: context) }
        }
        let decodeCases = decodeCases
        for (layout, c, m, n, k, activation) in decodeCases {
            tally.record(activation) { try run(layout, c, m: m, n: n, k: k, activation: activation, context: context) }
        }
        // After the 4-bit cases: a fault here cannot hide their results.
        let tally8 = tallied(eightBit)
        let tally2 = tallied(twoBit)
        var failed = tally.failed + tally8.failed + tally2.failed
        let g = generator(bench)
        for (m, n, k) in [(256, 204, 512), (256, 256, 500), (0, 256, 512), (256, 256, 96)] {
            if g.unsupportedShape(m: m, n: n, k: k, config: g.defaultConfig) == nil {
                failed.append("\(m)×\(n)×\(k) was not rejected")
            }
        }
        guard failed.isEmpty else {
            throw GEMMMMACheck.Failure(description: "\(failed.count) of \(eightBit.count + cases.count + bf16Cases.count + decodeCases.count + twoBit.count) cases failed:\n  "
                + failed.prefix(12).joined(separator: "\n  "))
        }
        return "\(tally.passed) cases (\(GEMMMMACheck.layouts.count) 4-bit layouts, \(g.candidateConfigs.count) configs and "
            + "\(g.decodeCandidateConfigs.count) split-K decode configs, sm_90a) match the float64 "
            + "reference (\(tally.summary)); 8-bit: \(tally8.passed) cases (\(tally8.summary)); "
            + "2-bit: \(tally2.passed) cases (\(tally2.summary)); off-tile shapes rejected"
    }
}
