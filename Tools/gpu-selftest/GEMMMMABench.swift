import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-gemm`: times the tensor-core GPTQ GEMM (`GPTQGPUGEMM`) at the
/// prefill shapes of the torch anchors (M = 4096; N × K = 8192 × 8192, 28672 × 8192,
/// 8192 × 28672), 4-bit group-128 v1 and symmetric weights, every candidate config: median of
/// event-timed launches after warm-ups (weights rotating through a few copies). Outputs must be
/// written and finite (correctness is `gptq-gemm-mma`'s job); TFLOP/s count 2·M·N·K.
enum GEMMMMABench {
    static let shapes = [(m: 4096, n: 8192, k: 8192), (m: 4096, n: 28672, k: 8192), (m: 4096, n: 8192, k: 28672)]
    static let layouts = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128)]

    static func run(context: CUDAContext, async: Bool, log: (String) -> Void) throws -> Bool {
        let stream = try CUDAStream(context: context)
        let gpu = GEMMMMACheck.gpu(context)
        var ok = true
        var random = SplitMix()
        print("\n# GPTQ tensor-core GEMM (4-bit, group 128, f16, \(gpu), \(async ? "cp.async" : "register-staged") configs); median of 20 event-timed launches after 3 warm-ups\n")
        print("| layout | M | N | K | best config | ms | TFLOP/s | all configs (ms) |")
        print("|---|---:|---:|---:|---|---:|---:|---|")
        for layout in layouts {
            let g = GEMMMMACheck.generator(layout)
            var functions: [GPUGEMMConfig: CUDAFunction] = [:]
            let configs = g.candidateConfigs.filter { $0.async == async }
            for c in configs {
                let f = try GEMMMMACheck.function(g, c, context: context, gpu: gpu)
                functions[c] = f
                log("\(g.variantName(c)): \(try f.attributes())")
            }
            for (index, (m, n, k)) in shapes.enumerated() where layout.zeroPoints == .v1 || index == 0 {
                let qweightWords = layout.packedRows(k: k) * n
                let weights = try GEMMBenchWeights(layout: layout, n: n, k: k, qweightWords: qweightWords, context: context, random: &random)
                let gIdx = weights.gIdx
                let x = try DeviceBuffer(context: context, copying: (0..<(m * k)).map { _ in
                    Float16(Float(Int(random.next() % 2001) - 1000) / 1000)
                })
                let y = try DeviceBuffer<Float16>(context: context, count: m * n)
                var results: [(GPUGEMMConfig, Double)] = []
                for c in configs {
                    if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) {
                        log("skip \(c): \(problem)")
                        continue
                    }
                    try y.fill(byte: 0xFF)
                    try context.synchronize()
                    let f = functions[c]!
                    let grid = c.grid(m: m, n: n)
                    let timing = try stream.time(warmup: 3, repetitions: 20) { run in
                        let (qweight, qzeros, scales) = weights.set(run)
                        try f.launch(grid: Dim3(grid.x, grid.y), block: Dim3(c.threads), stream: stream,
                                     arguments: x, qweight, qzeros, scales, gIdx, y, Int64(m), Int64(n), Int64(k))
                    }
                    try stream.synchronize()
                    let bad = try y.toArray().filter { !$0.isFinite }.count
                    if bad > 0 {
                        print("| \(layout) | \(m) | \(n) | \(k) | \(c) | \(bad) outputs not finite | | |")
                        ok = false
                        continue
                    }
                    results.append((c, timing.median))
                    log("\(layout) M \(m) N \(n) K \(k) \(c): median \(timing.median) ms, min \(timing.minimum) ms")
                }
                guard let best = results.min(by: { $0.1 < $1.1 }) else { continue }
                let tflops = 2.0 * Double(m) * Double(n) * Double(k) / (best.1 / 1e3) / 1e12
                let all = results.map { "\($0.0) \(GPTQBench.format($0.1, 3))" }.joined(separator: ", ")
                print("| \(layout.bits)-bit g\(layout.groupSize) \(layout.zeroPoints) | \(m) | \(n) | \(k) | \(best.0) | "
                      + "\(GPTQBench.format(best.1, 3)) | \(GPTQBench.format(tflops, 1)) | \(all) |")
            }
        }
        return ok
    }
}
