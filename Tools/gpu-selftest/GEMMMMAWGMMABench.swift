import Glibc
import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-gemm-wgmma`: times the Hopper `wgmma` GPTQ GEMM
/// (`GPTQGPUWGMMA`, every candidate config) and, in the same process on the same inputs, the
/// `mma.sync` GEMM's default config (`GPTQGPUGEMM`), at the prefill shapes of the torch anchors
/// (M = 4096; N × K = 8192 × 8192, 28672 × 8192, 8192 × 28672), 4-bit g128 v1 (and symmetric at
/// 8192 × 8192): median of 20 event-timed launches after 3 warm-ups, weights rotating through
/// copies of ~1 GiB in all. At these shapes the repacked and the GPTQ `qweight` have the same size,
/// so both kernels read the same random words (correctness is `gptq-gemm-wgmma`'s job); outputs
/// must be written and finite. TFLOP/s count 2·M·N·K. Then the decode section at M = 16
/// (`GEMMMMAWGMMADecodeBench`); `QUANTJIT_WGMMA_BENCH=decode` runs that section alone,
/// `QUANTJIT_WGMMA_BENCH=gemm8` the 8-bit section (`GEMMMMAWGMMA8BitBench`) alone, `gemm2` the
/// 2-bit section (`GEMMMMAWGMMA2BitBench`, awaiting its device check) alone.
enum GEMMMMAWGMMABench {
    static func run(context: CUDAContext, log: (String) -> Void) throws -> Bool {
        // QUANTJIT_WGMMA_BENCH=decode: only the M = 16 decode section (less device time).
        // QUANTJIT_WGMMA_BENCH=gemm8: only the 8-bit prefill section (GEMMMMAWGMMA8BitBench).
        // QUANTJIT_WGMMA_BENCH=gemm2: only the 2-bit prefill section (GEMMMMAWGMMA2BitBench).
        if getenv("QUANTJIT_WGMMA_BENCH").map({ String(cString: $0) == "gemm8" }) == true {
            return try GEMMMMAWGMMA8BitBench.run(context: context)
        }
        if getenv("QUANTJIT_WGMMA_BENCH").map({ String(cString: $0) == "gemm2" }) == true {
            return try GEMMMMAWGMMA2BitBench.run(context: context)
        }
        let decodeOnly = getenv("QUANTJIT_WGMMA_BENCH").map { String(cString: $0) == "decode" } == true
        let prefill = decodeOnly ? true : try runPrefill(context: context, log: log)
        return try GEMMMMAWGMMADecodeBench.run(context: context, log: log) && prefill
    }

    static func runPrefill(context: CUDAContext, log: (String) -> Void) throws -> Bool {
        let stream = try CUDAStream(context: context)
        var ok = true
        var random = SplitMix()
        print("\n# GPTQ 4-bit GEMM, wgmma (sm_90a) vs mma.sync default; median of 20 event-timed launches after 3 warm-ups\n")
        print("| layout | M | N | K | kernel | config | ms | TFLOP/s |")
        print("|---|---:|---:|---:|---|---|---:|---:|")
        for layout in GEMMMMABench.layouts {
            let wg = GEMMMMAWGMMACheck.generator(layout)
            let mma = GEMMMMACheck.generator(layout)
            var variants: [(kernel: String, config: String, f: CUDAFunction, threads: Int, shared: Int, grid: (Int, Int) -> (x: Int, y: Int))] = []
            for c in wg.candidateConfigs {
                let f = try GEMMMMAWGMMACheck.function(wg, c, context: context)
                log("\(wg.variantName(c)): \(try f.attributes())")
                variants.append(("wgmma", "\(c)", f, c.threads, c.sharedBytes, { c.grid(m: $0, n: $1) }))
            }
            let d = mma.defaultConfig
            let f = try GEMMMMACheck.function(mma, d, context: context, gpu: GEMMMMACheck.gpu(context))
            variants.append(("mma.sync", "\(d)", f, d.threads, 0, { d.grid(m: $0, n: $1) }))
            for (index, (m, n, k)) in GEMMMMABench.shapes.enumerated() where layout.zeroPoints == .v1 || index == 0 {
                let qweightWords = GPTQWGMMALayout.words(k: k, n: n)
                precondition(qweightWords == layout.packedRows(k: k) * n)
                let weights = try GEMMBenchWeights(layout: layout, n: n, k: k, qweightWords: qweightWords, context: context, random: &random)
                let gIdx = weights.gIdx
                let x = try DeviceBuffer(context: context, copying: (0..<(m * k)).map { _ in
                    Float16(Float(Int(random.next() % 2001) - 1000) / 1000)
                })
                let y = try DeviceBuffer<Float16>(context: context, count: m * n)
                for v in variants {
                    try y.fill(byte: 0xFF)
                    try context.synchronize()
                    let grid = v.grid(m, n)
                    let timing = try stream.time(warmup: 3, repetitions: 20) { run in
                        let (qweight, qzeros, scales) = weights.set(run)
                        try v.f.launch(grid: Dim3(grid.x, grid.y), block: Dim3(v.threads), sharedMemoryBytes: v.shared, stream: stream,
                                       arguments: x, qweight, qzeros, scales, gIdx, y, Int64(m), Int64(n), Int64(k))
                    }
                    try stream.synchronize()
                    let bad = try y.toArray().filter { !$0.isFinite }.count
                    let tflops = 2.0 * Double(m) * Double(n) * Double(k) / (timing.median / 1e3) / 1e12
                    let label = "\(layout.bits)-bit g\(layout.groupSize) \(layout.zeroPoints)"
                    if bad > 0 {
                        print("| \(label) | \(m) | \(n) | \(k) | \(v.kernel) | \(v.config) | \(bad) outputs not finite | |")
                        ok = false
                        continue
                    }
                    print("| \(label) | \(m) | \(n) | \(k) | \(v.kernel) | \(v.config) | \(GPTQBench.format(timing.median, 3)) | \(GPTQBench.format(tflops, 1)) |")
                    log("\(label) M \(m) N \(n) K \(k) \(v.kernel) \(v.config): median \(timing.median) ms, min \(timing.minimum) ms")
                }
            }
        }
        return ok
    }
}
