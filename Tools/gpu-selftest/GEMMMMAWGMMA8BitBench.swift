import CUDA
import Glibc
import Compiler
import KernelIR
import Kernels
import Quantization

/// `QUANTJIT_WGMMA_BENCH=gemm8 quantjit-gpu-selftest --bench-gemm-wgmma`: the `wgmma` GEMM on
/// 8-bit GPTQ weights (g128 symmetric and v1, every 8-bit candidate config, f16) at the prefill
/// shapes of the torch anchors (M = 4096; N × K = 8192 × 8192, 28672 × 8192, 8192 × 28672), beside
/// the 4-bit g128 v1 default on the same shapes, bf16 on 8192 × 8192 (four configs), and the
/// generic registry kernel the executor took for 8-bit before (`GPTQGEMM`, f16, one warm-up and
/// three launches, on 8192 × 8192 only). Median of 20 event-timed launches after 3 warm-ups,
/// weights rotating through ~1 GiB of random words (correctness is `gptq-gemm-wgmma`'s job;
/// outputs must be written and finite). TFLOP/s count 2·M·N·K. `QUANTJIT_WGMMA8_CONFIGS=a,b` keeps
/// only those 8-bit configs (f16 and bf16) and skips the generic kernel; `QUANTJIT_WGMMA8_ROUNDS=R`
/// times every shape's variants R times in turn (rounds interleaved, each row printed).
enum GEMMMMAWGMMA8BitBench {
    struct Variant {
        var label: String, config: String, function: CUDAFunction, threads: Int, shared: Int
        var grid: (Int, Int) -> (x: Int, y: Int)
    }

    static func wgmma(_ layout: GPTQLayout, _ c: GPUWGMMAConfig, activation: ScalarType, context: CUDAContext) throws -> Variant {
        let g = GEMMMMAWGMMACheck.generator(layout, activation: activation)
        let f = try GEMMMMAWGMMACheck.function(g, c, context: context)
        return Variant(label: "\(layout.bits)-bit g\(layout.groupSize) \(layout.zeroPoints) \(activation.name) wgmma", config: "\(c)"
                       + (c == g.defaultConfig ? " (default)" : ""), function: f, threads: c.threads, shared: c.sharedBytes,
                       grid: { c.grid(m: $0, n: $1) })
    }

    /// Times `variants` (all on `layout`'s packing and `activation`) at one shape; prints rows.
    static func time(_ variants: [Variant], layout: GPTQLayout, activation: ScalarType, m: Int, n: Int, k: Int,
                     warmup: Int = 3, repetitions: Int = 20, context: CUDAContext, stream: CUDAStream, random: inout SplitMix) throws -> Bool {
        let words = layout.packedRows(k: k) * n
        precondition(words == GPTQWGMMALayout.words(k: k, n: n, bits: layout.bits))
        let weights = try GEMMBenchWeights(layout: layout, n: n, k: k, qweightWords: words, context: context, random: &random)
        let x = try DeviceBuffer(context: context, copying: GEMMActivations.random(m * k, activation, &random).bits)
        let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
        var ok = true
        for v in variants {
            try y.fill(byte: 0xFF)
            try context.synchronize()
            let grid = v.grid(m, n)
            let timing = try stream.time(warmup: warmup, repetitions: repetitions) { run in
                let (qweight, qzeros, scales) = weights.set(run)
                try v.function.launch(grid: Dim3(grid.x, grid.y), block: Dim3(v.threads), sharedMemoryBytes: v.shared, stream: stream,
                                      arguments: x, qweight, qzeros, scales, weights.gIdx, y, Int64(m), Int64(n), Int64(k))
            }
            try stream.synchronize()
            let bad = try y.toArray().filter { !GEMMActivations.decode($0, activation).isFinite }.count
            let tflops = 2.0 * Double(m) * Double(n) * Double(k) / (timing.median / 1e3) / 1e12
            if bad > 0 {
                print("| \(v.label) | \(m) | \(n) | \(k) | \(v.config) | \(bad) outputs not finite | |")
                ok = false
            } else {
                print("| \(v.label) | \(m) | \(n) | \(k) | \(v.config) | \(GPTQBench.format(timing.median, 3)) | \(GPTQBench.format(tflops, 1)) |")
            }
        }
        return ok
    }

    static func run(context: CUDAContext) throws -> Bool {
        try sweep(bits: 8, bf16Configs: [GPUWGMMAConfig(), GPUWGMMAConfig(warpgroups: 2), GPUWGMMAConfig(stages: 3),
                                         GPUWGMMAConfig(stages: 3, stagedStores: true)], context: context)
    }

    /// The sweep of one width (`bits`: g128 symmetric and v1, every candidate, f16, at the three
    /// prefill shapes beside the 4-bit default; bf16 on 8192 × 8192 for the default and
    /// `bf16Configs`; then the generic registry kernel), configured by `QUANTJIT_WGMMA<bits>_CONFIGS`
    /// and `QUANTJIT_WGMMA<bits>_ROUNDS`.
    static func sweep(bits: Int, bf16Configs extra: [GPUWGMMAConfig], context: CUDAContext) throws -> Bool {
        let stream = try CUDAStream(context: context)
        let only = BenchEnvironment.names("QUANTJIT_WGMMA\(bits)_CONFIGS")
        let rounds = BenchEnvironment.value("QUANTJIT_WGMMA\(bits)_ROUNDS").flatMap { Int($0) } ?? 1
        func kept(_ c: GPUWGMMAConfig) -> Bool { only?.contains("\(c)") ?? true }
        var random = SplitMix(), ok = true
        let sym = GPTQLayout(bits: bits, groupSize: 128), v1 = GPTQLayout(bits: bits, groupSize: 128, zeroPoints: .v1)
        let four = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        print("\n# GPTQ \(bits)-bit GEMM, wgmma (sm_90a), beside the 4-bit default; median of 20 event-timed launches after 3 warm-ups\n")
        print("| weights | M | N | K | config | ms | TFLOP/s |")
        print("|---|---:|---:|---:|---|---:|---:|")
        let configs = GEMMMMAWGMMACheck.generator(v1).candidateConfigs.filter(kept)
        let width = try [sym, v1].map { layout in
            try configs.map { try wgmma(layout, $0, activation: .f16, context: context) }
        }
        let fourBit = try wgmma(four, GEMMMMAWGMMACheck.generator(four).defaultConfig, activation: .f16, context: context)
        for (m, n, k) in GEMMMMABench.shapes {
            for _ in 0..<rounds {
                ok = try time([fourBit], layout: four, activation: .f16, m: m, n: n, k: k, context: context, stream: stream, random: &random) && ok
                for (layout, variants) in zip([sym, v1], width) {
                    ok = try time(variants, layout: layout, activation: .f16, m: m, n: n, k: k, context: context, stream: stream, random: &random) && ok
                }
            }
        }
        // bf16 on 8192 × 8192: the default and `extra`, v1 and symmetric; the 4-bit bf16 default beside.
        let bf16Configs = ([GEMMMMAWGMMACheck.generator(v1, activation: .bf16).defaultConfig] + extra).filter(kept)
        let (m, n, k) = GEMMMMABench.shapes[0]
        let fourBF16 = try wgmma(four, GEMMMMAWGMMACheck.generator(four, activation: .bf16).defaultConfig, activation: .bf16, context: context)
        ok = try time([fourBF16], layout: four, activation: .bf16, m: m, n: n, k: k, context: context, stream: stream, random: &random) && ok
        for _ in 0..<rounds {
            for layout in [v1, sym] {
                let variants = try Array(Set(bf16Configs)).sorted { "\($0)" < "\($1)" }.map { try wgmma(layout, $0, activation: .bf16, context: context) }
                ok = try time(variants, layout: layout, activation: .bf16, m: m, n: n, k: k, context: context, stream: stream, random: &random) && ok
            }
        }
        if only != nil { return ok }
        // The generic registry kernel (GPTQGEMM), f16: what the executor takes where no tensor-core GEMM serves.
        let spec = WeightOnlySpec(layout: v1, activation: .f16, convention: .gpu)
        let generic = GPTQGEMM(spec: spec), d = generic.defaultConfig
        let kernel = try generic.emit(d)
        let f = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: .sm_90)).function(named: kernel.name)
        let blocks = d.blocks(m: m, n: n)
        let variant = Variant(label: "\(bits)-bit g128 v1 f16 generic (\(kernel.name))", config: d.name(gpu: true), function: f,
                              threads: d.threadsPerBlock, shared: 0, grid: { _, _ in (blocks, 1) })
        ok = try time([variant], layout: v1, activation: .f16, m: m, n: n, k: k, warmup: 1, repetitions: 3,
                      context: context, stream: stream, random: &random) && ok
        return ok
    }
}
