import CUDA
import Compiler
import Executor
import KernelIR
import Kernels
import Quantization

/// The decode section of `--bench-gemm-wgmma`: the `wgmma` GEMM's split-K decode candidates
/// (`GPTQGPUWGMMA.decodeCandidateConfigs`, 16-token tiles) against the tensor-core decode GEMV's
/// preferred config (what the executor runs) at M = 16 on the torch anchors' decode shapes
/// (N × K = 8192 × 8192, 28672 × 8192, 8192 × 28672), 4-bit g128 v1 and symmetric, with a
/// device-to-device copy measured in the same process: per launch (median of 40, each between its
/// own events, after 5 warm-ups) and in a CUDA graph of 20 back-to-back launches (median of 10
/// replays / 20); weights rotate through ~1 GiB of copies. Bytes as in `--bench-gemv` (qweight,
/// qzeros for v1, scales, x, y; the workspace is not counted). Both kernels read the same random
/// words (at these shapes the repacked and the GPTQ `qweight` have the same size; correctness is
/// `gptq-gemm-wgmma`'s job); outputs must be written and finite.
enum GEMMMMAWGMMADecodeBench {
    static let m = 16
    static let graphLaunches = 20

    struct Variant {
        var kernel: String, config: String
        var function: CUDAFunction
        var launch: (CUDAFunction, CUDAStream, [any CUDAKernelArgument], Int) throws -> Void
        /// The trailing arguments (split-K scratch) for `n`.
        var scratch: (Int) throws -> [any CUDAKernelArgument]
    }

    static func run(context: CUDAContext, log: (String) -> Void) throws -> Bool {
        let stream = try CUDAStream(context: context)
        let copy = try GPTQBench.copyBandwidth(context, stream: stream)
        print("\n# GPTQ 4-bit decode at M = \(m): wgmma GEMM split-K candidates (sm_90a) vs the decode GEMV's preferred config (sm_90)\n")
        print("device-to-device copy, 2 GiB: \(GPTQBench.format(copy, 0)) GB/s (read + write, median of 10)\n")
        print("Per launch: median of 40 launches, each between its own events. Graph: a CUDA graph of \(graphLaunches) "
              + "back-to-back launches, median of 10 replays, divided by \(graphLaunches).\n")
        print("| layout | N | K | kernel | config | µs | GB/s | of copy | graph µs | graph of copy |")
        print("|---|---:|---:|---|---|---:|---:|---:|---:|---:|")
        var ok = true
        var random = SplitMix()
        for layout in GEMVMMABench.layouts {
            let wg = GEMMMMAWGMMACheck.generator(layout)
            let gemv = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu))
            for (n, k) in GEMVMMABench.shapes {
                var variants: [Variant] = []
                let g = gemv.preferredConfig(m: m, n: n, k: k)
                let kernel = try gemv.emit(g)
                let ptx = try PTXCompiler().ptx(kernel, gpu: .sm_90, ptx: max(g.minimumPTX, GPUArchitecture.sm_90.minimumPTX))
                variants.append(Variant(kernel: "GEMV", config: "\(g)",
                    function: try CUDAModule(context: context, ptx: ptx).function(named: kernel.name),
                    launch: { f, stream, arguments, n in
                        try f.launch(grid: Dim3(g.columnTiles(n: n), g.splits), block: Dim3(g.threads), stream: stream, arguments: arguments)
                    },
                    scratch: { n in
                        let counters = try DeviceBuffer<Int32>(context: context, count: max(1, g.counterCount(n: n)))
                        try counters.fill(byte: 0)
                        return [try DeviceBuffer<Float>(context: context, count: g.workspaceFloats(n: n)), counters]
                    }))
                for c in wg.decodeCandidateConfigs where wg.unsupportedShape(m: m, n: n, k: k, config: c) == nil {
                    let f = try GEMMMMAWGMMACheck.function(wg, c, context: context)
                    log("\(wg.variantName(c)): \(try f.attributes())")
                    variants.append(Variant(kernel: "wgmma", config: "\(c)", function: f,
                        launch: { f, stream, arguments, n in
                            let grid = c.launchGrid(m: m, n: n)
                            try f.launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), sharedMemoryBytes: c.sharedBytes,
                                         stream: stream, arguments: arguments)
                        },
                        scratch: { n in
                            guard c.splits > 1 else { return [] }
                            let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(m: m, n: n))
                            try counters.fill(byte: 0)
                            return [try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(m: m, n: n)), counters]
                        }))
                }
                let weights = try GPUBenchWeights(context: context, layout: layout, k: k, n: n, workingSet: 1 << 30)
                precondition(GPTQWGMMALayout.words(k: k, n: n) == layout.packedRows(k: k) * n)
                let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
                let x = try DeviceBuffer(context: context, copying: (0..<(m * k)).map { _ in
                    Float16(Float(Int(random.next() % 2001) - 1000) / 1000)
                })
                let y = try DeviceBuffer<Float16>(context: context, count: m * n)
                let bytes = Double(weights.bytesPerCall + 2 * m * k + 2 * m * n)
                func gbps(_ ms: Double) -> Double { bytes / (ms / 1e3) / 1e9 }
                let label = "\(layout.bits)-bit g\(layout.groupSize) \(layout.zeroPoints)"
                for v in variants {
                    let scratch = try v.scratch(n)
                    try y.fill(byte: 0xFF)
                    try context.synchronize()
                    func launch(_ run: Int) throws {
                        let w = weights.copy(run)
                        try v.launch(v.function, stream, [x, w.qweight, w.qzeros, w.scales, gIdx, y, Int64(m), Int64(n), Int64(k)] + scratch, n)
                    }
                    let timing = try stream.time(warmup: 5, repetitions: 40) { try launch($0) }
                    try stream.synchronize()
                    let perGraph = try stream.timePerLaunchInGraph(launches: graphLaunches) { try launch($0) }
                    let bad = try y.toArray().filter { !$0.isFinite }.count
                    if bad > 0 {
                        print("| \(label) | \(n) | \(k) | \(v.kernel) | \(v.config) | \(bad) outputs not finite | | | | |")
                        ok = false
                        continue
                    }
                    print("| \(label) | \(n) | \(k) | \(v.kernel) | \(v.config) | \(GPTQBench.format(timing.median * 1000, 1)) | "
                          + "\(GPTQBench.format(gbps(timing.median), 0)) | \(GPTQBench.format(100 * gbps(timing.median) / copy, 1)) % | "
                          + "\(GPTQBench.format(perGraph * 1000, 1)) | \(GPTQBench.format(100 * gbps(perGraph) / copy, 1)) % |")
                    log("\(label) M \(m) N \(n) K \(k) \(v.kernel) \(v.config): median \(timing.median * 1000) µs, "
                        + "min \(timing.minimum * 1000) µs, graph \(perGraph * 1000) µs")
                }
            }
        }
        return ok
    }
}
