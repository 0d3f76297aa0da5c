import CUDA
import Glibc
import Compiler
import KernelIR
import Kernels
import Quantization

/// `QUANTJIT_WGMMA_BENCH=gemm2 quantjit-gpu-selftest --bench-gemm-wgmma`: the `wgmma` GEMM on
/// 2-bit GPTQ weights (g128 symmetric and v1, every 2-bit candidate config, f16) at the prefill
/// shapes of the torch anchors (M = 4096; N × K = 8192 × 8192, 28672 × 8192, 8192 × 28672), beside
/// the 4-bit g128 v1 default on the same shapes, bf16 on 8192 × 8192 (five configs, the two-panel
/// ones among them), and the generic registry kernel the executor takes for 2-bit f16 at M > 16
/// today (`GPTQGEMM`, one warm-up and three launches, on 8192 × 8192 only). Timing as
/// `GEMMMMAWGMMA8BitBench` (median of 20 event-timed launches after 3 warm-ups, weights rotating
/// through ~1 GiB; outputs written and finite — correctness is `QUANTJIT_WGMMA_CHECK=2bit
/// gptq-gemm-wgmma`'s job). `QUANTJIT_WGMMA2_CONFIGS=a,b` keeps only those 2-bit configs (f16
/// and bf16) and skips the generic kernel; `QUANTJIT_WGMMA2_ROUNDS=R` times every shape's
/// variants R times in turn.
enum GEMMMMAWGMMA2BitBench {
    static func run(context: CUDAContext) throws -> Bool {
        typealias Bench = GEMMMMAWGMMA8BitBench
        let stream = try CUDAStream(context: context)
        let only = Bench.environment("QUANTJIT_WGMMA2_CONFIGS").map { Set($0.split(separator: ",").map(String.init)) }
        let rounds = Bench.environment("QUANTJIT_WGMMA2_ROUNDS").flatMap { Int($0) } ?? 1
        func kept(_ c: GPUWGMMAConfig) -> Bool { only?.contains("\(c)") ?? true }
        var random = SplitMix(), ok = true
        let sym = GPTQLayout(bits: 2, groupSize: 128), v1 = GPTQLayout(bits: 2, groupSize: 128, zeroPoints: .v1)
        let four = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        print("\n# GPTQ 2-bit GEMM, wgmma (sm_90a), beside the 4-bit default; median of 20 event-timed launches after 3 warm-ups\n")
        print("| weights | M | N | K | config | ms | TFLOP/s |")
        print("|---|---:|---:|---:|---|---:|---:|")
        let configs = GEMMMMAWGMMACheck.generator(v1).candidateConfigs.filter(kept)
        let two = try [sym, v1].map { layout in
            try configs.map { try Bench.wgmma(layout, $0, activation: .f16, context: context) }
        }
        let fourBit = try Bench.wgmma(four, GEMMMMAWGMMACheck.generator(four).defaultConfig, activation: .f16, context: context)
        for (m, n, k) in GEMMMMABench.shapes {
            for _ in 0..<rounds {
                ok = try Bench.time([fourBit], layout: four, activation: .f16, m: m, n: n, k: k, context: context, stream: stream, random: &random) && ok
                for (layout, variants) in zip([sym, v1], two) {
                    ok = try Bench.time(variants, layout: layout, activation: .f16, m: m, n: n, k: k, context: context, stream: stream, random: &random) && ok
                }
            }
        }
        // bf16 on 8192 × 8192: the default, two one-panel and two two-panel configs, v1 and symmetric.
        let bf16Configs = [GEMMMMAWGMMACheck.generator(v1, activation: .bf16).defaultConfig, GPUWGMMAConfig(), GPUWGMMAConfig(warpgroups: 2),
                           GPUWGMMAConfig(stages: 3, panels: 2, stagedStores: true), GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2)].filter(kept)
        let (m, n, k) = GEMMMMABench.shapes[0]
        let fourBF16 = try Bench.wgmma(four, GEMMMMAWGMMACheck.generator(four, activation: .bf16).defaultConfig, activation: .bf16, context: context)
        ok = try Bench.time([fourBF16], layout: four, activation: .bf16, m: m, n: n, k: k, context: context, stream: stream, random: &random) && ok
        for _ in 0..<rounds {
            for layout in [v1, sym] {
                let variants = try Array(Set(bf16Configs)).sorted { "\($0)" < "\($1)" }.map { try Bench.wgmma(layout, $0, activation: .bf16, context: context) }
                ok = try Bench.time(variants, layout: layout, activation: .bf16, m: m, n: n, k: k, context: context, stream: stream, random: &random) && ok
            }
        }
        if only != nil { return ok }
        // The generic kernel the executor takes for 2-bit f16 at M > 16 (registry GPTQGEMM).
        let spec = WeightOnlySpec(layout: v1, activation: .f16, convention: .gpu)
        let generic = GPTQGEMM(spec: spec), d = generic.defaultConfig
        let kernel = try generic.emit(d)
        let f = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: .sm_90)).function(named: kernel.name)
        let blocks = d.blocks(m: m, n: n)
        let variant = Bench.Variant(label: "2-bit g128 v1 f16 generic (\(kernel.name))", config: d.name(gpu: true), function: f,
                                    threads: d.threadsPerBlock, shared: 0, grid: { _, _ in (blocks, 1) })
        ok = try Bench.time([variant], layout: v1, activation: .f16, m: m, n: n, k: k, warmup: 1, repetitions: 3,
                            context: context, stream: stream, random: &random) && ok
        return ok
    }
}
