import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-gemm-bf16`: the GPTQ GEMMs with bf16 activations and outputs
/// next to f16 in one process, at the prefill shapes of the torch anchors (M = 4096; N × K =
/// 8192 × 8192, 28672 × 8192, 8192 × 28672), 4-bit g128 v1: the `wgmma` GEMM's default config in
/// bf16 and in f16, three more bf16 `wgmma` configs (the last the default without
/// ``GPUWGMMAConfig/overlap``), and the `mma.sync` GEMM's default in bf16. The
/// variants take turns (two rounds, each a median of 20 event-timed launches after 3 warm-ups; the
/// table shows the better round, the log both), weights rotating through copies of ~1 GiB.
/// Outputs must be written and finite (correctness is `gptq-gemm-wgmma`'s and `gptq-gemm-mma`'s
/// job); TFLOP/s count 2·M·N·K. torch's bf16 cuBLAS matmul: `torch_anchors.py --dtype bf16`.
enum GEMMMMABF16Bench {
    struct Variant {
        let kernel: String, config: String, activation: ScalarType
        let function: CUDAFunction, threads: Int, shared: Int
        let grid: (Int, Int) -> (x: Int, y: Int)
    }

    static func run(context: CUDAContext, log: (String) -> Void) throws -> Bool {
        let stream = try CUDAStream(context: context)
        var ok = true
        var random = SplitMix()
        let layout = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        var variants: [Variant] = []
        for (activation, configs) in [(ScalarType.bf16, [nil, GPUWGMMAConfig(warpgroups: 2, stagedStores: true),
                                                         GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2, stagedStores: true),
                                                         GPUWGMMAConfig(stages: 3, stagedStores: true)]),
                                      (.f16, [nil])] {
            let wg = GEMMMMAWGMMACheck.generator(layout, activation: activation)
            for c in configs.map({ $0 ?? wg.defaultConfig }) {
                let f = try GEMMMMAWGMMACheck.function(wg, c, context: context)
                log("\(wg.variantName(c)): \(try f.attributes())")
                variants.append(Variant(kernel: "wgmma", config: "\(c)\(configs.first! == nil && c == wg.defaultConfig ? " (default)" : "")",
                                        activation: activation, function: f, threads: c.threads, shared: c.sharedBytes,
                                        grid: { c.grid(m: $0, n: $1) }))
            }
        }
        let mma = GEMMMMACheck.generator(layout, activation: .bf16), d = mma.defaultConfig
        let f = try GEMMMMACheck.function(mma, d, context: context, gpu: GEMMMMACheck.gpu(context))
        log("\(mma.variantName(d)): \(try f.attributes())")
        variants.append(Variant(kernel: "mma.sync", config: "\(d) (default)", activation: .bf16, function: f, threads: d.threads, shared: 0,
                                grid: { d.grid(m: $0, n: $1) }))

        print("\n# GPTQ 4-bit g128 v1 GEMM, bf16 vs f16 activations (sm_90a); better of two rounds, each the median of 20 event-timed launches after 3 warm-ups\n")
        print("| M | N | K | kernel | activations | config | ms | TFLOP/s |")
        print("|---:|---:|---:|---|---|---|---:|---:|")
        for (m, n, k) in GEMMMMABench.shapes {
            let qweightWords = GPTQWGMMALayout.words(k: k, n: n)
            precondition(qweightWords == layout.packedRows(k: k) * n)
            let weights = try GEMMBenchWeights(layout: layout, n: n, k: k, qweightWords: qweightWords, context: context, random: &random)
            let gIdx = weights.gIdx
            var inputs: [ScalarType: DeviceBuffer<UInt16>] = [:]
            for type in [ScalarType.bf16, .f16] {
                inputs[type] = try DeviceBuffer(context: context, copying: GEMMActivations.random(m * k, type, &random).bits)
            }
            let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
            var best = [Double](repeating: .infinity, count: variants.count)
            for round in 0..<2 {
                for (index, v) in variants.enumerated() {
                    try y.fill(byte: 0xFF)
                    try context.synchronize()
                    let grid = v.grid(m, n), x = inputs[v.activation]!
                    let timing = try stream.time(warmup: 3, repetitions: 20) { run in
                        let (qweight, qzeros, scales) = weights.set(run)
                        try v.function.launch(grid: Dim3(grid.x, grid.y), block: Dim3(v.threads), sharedMemoryBytes: v.shared, stream: stream,
                                              arguments: x, qweight, qzeros, scales, gIdx, y, Int64(m), Int64(n), Int64(k))
                    }
                    try stream.synchronize()
                    let bad = try y.toArray().filter { GEMMActivations.decode($0, v.activation).isNaN || GEMMActivations.decode($0, v.activation).isInfinite }.count
                    if bad > 0 {
                        print("| \(m) | \(n) | \(k) | \(v.kernel) | \(v.activation.name) | \(v.config) | \(bad) outputs not finite | |")
                        ok = false
                        continue
                    }
                    best[index] = min(best[index], timing.median)
                    log("round \(round) M \(m) N \(n) K \(k) \(v.kernel) \(v.activation.name) \(v.config): median \(timing.median) ms, min \(timing.minimum) ms")
                }
            }
            for (index, v) in variants.enumerated() where best[index].isFinite {
                let tflops = 2.0 * Double(m) * Double(n) * Double(k) / (best[index] / 1e3) / 1e12
                print("| \(m) | \(n) | \(k) | \(v.kernel) | \(v.activation.name) | \(v.config) | \(GPTQBench.format(best[index], 3)) | \(GPTQBench.format(tflops, 1)) |")
            }
        }
        return ok
    }
}
