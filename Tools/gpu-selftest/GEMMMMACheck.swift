import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `gptq-gemm-mma`: the tensor-core GPTQ GEMM for large M (`Kernels/GPU/GPTQGPUGEMM`) against
/// a float64 reference from `GPTQWeight.dequantize()`: every 4-bit layout (group −1/32/64/128;
/// symmetric, v1, v2) at M = 256, N = 256, K = 512 with the default config, every candidate
/// config on 4-bit g128 v1, 64-value K tiles and double buffering on g64 v2, per-channel and g128 symmetric, ragged M (M = 200, 300, 37), NaN-poisoned outputs; shapes the
/// kernel cannot run (N or K off the tile) must be rejected by `unsupportedShape`.
enum GEMMMMACheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func generator(_ layout: GPTQLayout, activation: ScalarType = .f16) -> GPTQGPUGEMM {
        GPTQGPUGEMM(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
    }

    static var layouts: [GPTQLayout] {
        [128, -1, 32, 64].flatMap { g in GPTQZeroPoints.allCases.map { GPTQLayout(bits: 4, groupSize: g, zeroPoints: $0) } }
    }

    static func gpu(_ context: CUDAContext) -> GPUArchitecture {
        context.device.computeCapability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
    }

    static func function(_ g: GPTQGPUGEMM, _ c: GPUGEMMConfig, context: CUDAContext, gpu: GPUArchitecture) throws -> CUDAFunction {
        let kernel = try g.emit(c)
        let ptx = try PTXCompiler().ptx(kernel, gpu: gpu, ptx: gpu.minimumPTX)
        return try CUDAModule(context: context, ptx: ptx).function(named: kernel.name)
    }

    /// Runs one case; returns ‖y − ref‖ / ‖ref‖, or throws on a mismatch.
    static func run(_ layout: GPTQLayout, _ c: GPUGEMMConfig, m: Int, n: Int, k: Int,
                    context: CUDAContext, gpu: GPUArchitecture) throws -> Double {
        try run(layout, c, m: m, n: n, k: k, activation: .f16, context: context, gpu: gpu).relative
    }

    /// Runs one case with `activation` (f16 or bf16) activations and outputs; returns
    /// ‖y − ref‖ / ‖ref‖ and the worst |y − ref| / Σ|x·w|, or throws on a mismatch.
    static func run(_ layout: GPTQLayout, _ c: GPUGEMMConfig, m: Int, n: Int, k: Int, activation: ScalarType,
                    context: CUDAContext, gpu: GPUArchitecture) throws -> (relative: Double, worst: Double) {
        let g = generator(layout, activation: activation)
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) {
            throw Failure(description: "\(g.variantName(c)) \(m)×\(n)×\(k): \(problem)")
        }
        let f = try function(g, c, context: context, gpu: gpu)
        var random = SplitMix()
        let (packed, scaleBits) = GEMVMMACheck.weight(layout, k: k, n: n, &random)
        let w = packed.dequantize()
        let x = GEMMActivations.random(m * k, activation, &random)
        let input = try DeviceBuffer(context: context, copying: x.bits)
        let qweight = try DeviceBuffer(context: context, copying: packed.qweight)
        let qzeros = try DeviceBuffer(context: context, copying: packed.qzeros.isEmpty ? [-1] : packed.qzeros)
        let scales = try DeviceBuffer(context: context, copying: scaleBits)
        let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
        try y.fill(byte: 0xFF)  // NaN: an unwritten output cannot pass
        let grid = c.grid(m: m, n: n)
        try f.launch(grid: Dim3(grid.x, grid.y), block: Dim3(c.threads),
                     arguments: input, qweight, qzeros, scales, gIdx, y, Int64(m), Int64(n), Int64(k))
        try context.synchronize()
        return try GEMMActivations.compare(try y.toArray(), activation, x: x.values, w: w, m: m, n: n, k: k,
                                           name: "\(g.variantName(c)) \(m)×\(n)×\(k)")
    }

    /// The `cp.async` variants in a check of their own (`gptq-gemm-mma-async`): an illegal
    /// instruction poisons the CUDA context, so they run in a separate process on the GPU machine.
    static let asyncCheck = CUDASelfTest.Check("gptq-gemm-mma-async") { context in
        let gpu = gpu(context)
        var failed: [String] = [], worst = 0.0, passed = 0
        var cases: [(GPTQLayout, GPUGEMMConfig, Int, Int, Int)] = []
        let bench = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        for c in generator(bench).candidateConfigs where c.async { cases.append((bench, c, 256, 256, 512)) }
        for layout in layouts where layout.groupSize != 32 {
            cases.append((layout, GPUGEMMConfig(blockK: 64, stages: 2), 200, 256, 512))
        }
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), GPUGEMMConfig(stages: 4), 37, 128, 64))
        cases.append((GPTQLayout(bits: 4, groupSize: 128), GPUGEMMConfig(blockM: 256, blockN: 128, warpsM: 4, warpsN: 2, stages: 3), 300, 384, 1024))
        for (layout, c, m, n, k) in cases {
            do {
                worst = max(worst, try run(layout, c, m: m, n: n, k: k, context: context, gpu: gpu))
                passed += 1
            } catch {
                failed.append("\(error)")
            }
        }
        guard failed.isEmpty else {
            throw Failure(description: "\(failed.count) of \(cases.count) cases failed:\n  " + failed.prefix(12).joined(separator: "\n  "))
        }
        return "\(passed) cp.async cases (\(gpu)) match the float64 reference (worst ‖y − ref‖/‖ref‖ \(worst))"
    }

    /// bf16 activations and outputs: every 4-bit layout at 256 × 256 × 512, ragged M with the
    /// register-staged, double-buffered and `cp.async` schedules, group 32/64/−1 at short K.
    static var bf16Cases: [(GPTQLayout, GPUGEMMConfig, Int, Int, Int)] {
        var cases: [(GPTQLayout, GPUGEMMConfig, Int, Int, Int)] = layouts.map { ($0, GPUGEMMConfig(), 256, 256, 512) }
        let v1 = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        cases.append((v1, GPUGEMMConfig(blockM: 256, blockN: 128, warpsM: 4, warpsN: 2), 300, 384, 1024))
        cases.append((v1, GPUGEMMConfig(stages: 3), 200, 256, 512))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), GPUGEMMConfig(prefetch: false), 37, 128, 96))
        cases.append((GPTQLayout(bits: 4, groupSize: 64, zeroPoints: .v2),
                      GPUGEMMConfig(blockM: 128, blockN: 64, warpsM: 2, warpsN: 2, blockK: 64, doubleBuffer: true), 200, 384, 1024))
        cases.append((GPTQLayout(bits: 4, groupSize: -1), GPUGEMMConfig(blockK: 64, doubleBuffer: true), 37, 256, 192))
        cases.append((GPTQLayout(bits: 4, groupSize: 128), GPUGEMMConfig(blockK: 64, stages: 2), 1, 256, 512))
        return cases
    }

    static let check = CUDASelfTest.Check("gptq-gemm-mma") { context in
        let gpu = gpu(context)
        var tally = GEMMCaseTally()
        var cases: [(GPTQLayout, GPUGEMMConfig, Int, Int, Int)] = []
        for layout in layouts { cases.append((layout, GPUGEMMConfig(), 256, 256, 512)) }
        let bench = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        for c in generator(bench).candidateConfigs where !c.async { cases.append((bench, c, 256, 256, 512)) }
        cases.append((bench, GPUGEMMConfig(), 200, 384, 1024))
        cases.append((GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), GPUGEMMConfig(prefetch: false), 37, 128, 96))
        let deep = GPUGEMMConfig(blockM: 128, blockN: 64, warpsM: 2, warpsN: 2, blockK: 64, doubleBuffer: true)
        cases.append((GPTQLayout(bits: 4, groupSize: 64, zeroPoints: .v2), deep, 200, 384, 1024))
        cases.append((GPTQLayout(bits: 4, groupSize: -1), GPUGEMMConfig(blockK: 64, doubleBuffer: true), 37, 256, 192))
        cases.append((GPTQLayout(bits: 4, groupSize: 128), GPUGEMMConfig(doubleBuffer: true), 300, 256, 384))
        for (layout, c, m, n, k) in cases {
            tally.record(.f16) { try run(layout, c, m: m, n: n, k: k, activation: .f16, context: context, gpu: gpu) }
        }
        let bf16Cases = bf16Cases
        for (layout, c, m, n, k) in bf16Cases {
            tally.record(.bf16) { try run(layout, c, m: m, n: n, k: k, activation: .bf16, context: context, gpu: gpu) }
        }
        var failed = tally.failed
        // Shapes off the tile must be refused, never computed wrongly.
        let g = generator(bench)
        for (m, n, k) in [(256, 200, 512), (256, 256, 500), (0, 256, 512), (256, 256, 96)] {
            if g.unsupportedShape(m: m, n: n, k: k, config: GPUGEMMConfig()) == nil {
                failed.append("\(m)×\(n)×\(k) was not rejected")
            }
        }
        if (try? generator(GPTQLayout(bits: 8, groupSize: 128)).validate(GPUGEMMConfig())) != nil {
            failed.append("8-bit weights were not rejected")
        }
        if (try? generator(GPTQLayout(bits: 4, groupSize: 32)).validate(GPUGEMMConfig(blockK: 64, doubleBuffer: true))) != nil {
            failed.append("group 32 with a 64-value K tile was not rejected")
        }
        guard failed.isEmpty else {
            throw Failure(description: "\(failed.count) of \(cases.count + bf16Cases.count) cases failed:\n  " + failed.prefix(12).joined(separator: "\n  "))
        }
        return "\(tally.passed) cases (\(layouts.count) 4-bit layouts, \(g.candidateConfigs.filter { !$0.async }.count) configs, \(gpu)) match the float64 reference "
            + "(\(tally.summary)); off-tile shapes, 8-bit and g32 with 64-value K tiles rejected"
    }
}
