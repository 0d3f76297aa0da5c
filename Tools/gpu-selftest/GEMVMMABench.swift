import Foundation
import CUDA
import Compiler
import Executor
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-gemv`: times the tensor-core GPTQ GEMV (`GPTQGPUGEMV`) at
/// the torch anchors' decode shapes — (N, K) ∈ {8192 × 8192, 28672 × 8192, 8192 × 28672},
/// M ∈ {1, 4, 16} — with 4-bit (`QUANTJIT_GEMV_BITS`: 2 or 8), group-128, v1 and symmetric
/// weights (`QUANTJIT_GEMV_BITS=fp8`: ``FP8GPUGEMV``'s W8A16 codes with per-channel scales) and f16 activations (`QUANTJIT_GEMV_ACTIVATION=bf16`: bf16), next to a
/// device-to-device copy measured in the same process. Every candidate config is timed
/// (median of event-timed runs after warm-ups, packed weights rotating through about 1 GiB of
/// copies so that no run finds them in L2); the table shows the fastest per shape, the log
/// every config. Outputs are checked to be written and finite (correctness is
/// `gptq-gemv-mma`'s job).
enum GEMVMMABench {
    static let shapes = [(n: 8192, k: 8192), (n: 28672, k: 8192), (n: 8192, k: 28672)]
    static let rows = [1, 16]
    /// `QUANTJIT_GEMV_SHAPES=8192x8192,…` and `QUANTJIT_GEMV_ROWS=1,…` narrow the sweep (less device time).
    static let sweepShapes = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_SHAPES"].map { list in
        list.split(separator: ",").compactMap { item -> (n: Int, k: Int)? in
            let parts = item.split(separator: "x").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    } ?? shapes
    static let sweepRows = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_ROWS"].map { $0.split(separator: ",").compactMap { Int($0) } } ?? rows
    static let layouts = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128)]
    /// `QUANTJIT_GEMV_BITS=fp8` sweeps the FP8 W8A16 GEMV: its codes take the buffers of 8-bit
    /// per-channel symmetric GPTQ weights (the same words and scales; the timing does not depend
    /// on the values).
    static let fp8 = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_BITS"] == "fp8"
    /// `QUANTJIT_GEMV_BITS=2` (or `8`) sweeps that width instead of 4 (g128, v1 and symmetric).
    static let sweepLayouts: [GPTQLayout] = {
        if fp8 { return [GPTQLayout(bits: 8, groupSize: -1)] }
        guard let bits = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_BITS"].flatMap({ Int($0) }), bits != 4 else { return layouts }
        return [GPTQLayout(bits: bits, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: bits, groupSize: 128)]
    }()
    /// `QUANTJIT_GEMV_CONFIGS=name,…` times only those candidates besides the picks (less device
    /// time; the "before" column then stays empty unless a baseline config is named).
    static let onlyConfigs = BenchEnvironment.names("QUANTJIT_GEMV_CONFIGS")
    /// `QUANTJIT_GEMV_BOUNDED=1` adds the picks held to two blocks per SM (`b2`): what that
    /// register bound costs on its own.
    static let bounded = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_BOUNDED"] == "1"
    /// `QUANTJIT_GEMV_CUT=mma,dequantization,activation-bytes,activation-loads` times every
    /// config with those parts of its loop cut (``GPUGEMVCuts``): timing bounds, wrong results.
    static let cuts: GPUGEMVCuts = (try? parsedCuts()) ?? []  // `run` reports a bad value first

    static func parsedCuts() throws -> GPUGEMVCuts {
        guard let names = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_CUT"] else { return [] }
        do { return try GPUGEMVCuts(names: names) } catch { throw Failure(description: "QUANTJIT_GEMV_CUT: \(error)") }
    }

    /// What one sweep times: a GPTQ layout's GEMV, or the FP8 W8A16 one.
    struct Subject {
        var candidates: [GPUGEMVConfig]
        var picks: [GPUGEMVConfig]
        var baseline: [GPUGEMVConfig]
        var emit: (GPUGEMVConfig) throws -> Kernel
        var unsupportedShape: (Int, Int, Int, GPUGEMVConfig) -> String?

        init(_ g: GPTQGPUGEMV) {
            candidates = g.candidateConfigs
            picks = g.benchmarkedPicks
            baseline = g.baselineConfigs
            emit = { try g.emitBound($0, cutting: GEMVMMABench.cuts) }
            unsupportedShape = { g.unsupportedShape(m: $0, n: $1, k: $2, config: $3) }
        }

        init(_ f: FP8GPUGEMV) {
            candidates = f.candidateConfigs
            picks = f.benchmarkedPicks
            baseline = []
            emit = { try f.emitBound($0, cutting: GEMVMMABench.cuts) }
            unsupportedShape = { f.unsupportedShape(m: $0, n: $1, k: $2, config: $3) }
        }
    }

    /// The candidates the sweep times for `g`, each once.
    static func swept(_ g: Subject) -> [GPUGEMVConfig] {
        let picks = g.picks
        var configs = onlyConfigs.map { only in g.candidates.filter { only.contains("\($0)") || picks.contains($0) } } ?? g.candidates
        if bounded {
            for var c in picks where c.warps >= 8 && c.minBlocks == 0 {
                c.minBlocks = 2
                if !configs.contains(c) { configs.append(c) }
            }
        }
        return configs
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Result {
        var config: GPUGEMVConfig
        var milliseconds: Double
        var minimum: Double
        /// Per launch inside a graph of back-to-back launches.
        var graphMilliseconds: Double
    }

    static let graphLaunches = 20

    /// `QUANTJIT_GEMV_ACTIVATION=bf16` sweeps with bf16 activations and outputs (default f16).
    static let activation: ScalarType = ProcessInfo.processInfo.environment["QUANTJIT_GEMV_ACTIVATION"] == "bf16" ? .bf16 : .f16

    static func run(context: CUDAContext, log: (String) -> Void) throws -> Bool {
        _ = try parsedCuts()
        let stream = try CUDAStream(context: context)
        let copy = try GPTQBench.copyBandwidth(context, stream: stream)
        try fixedCosts(context: context, stream: stream)
        var ok = true
        for layout in sweepLayouts {
            ok = try run(layout, rows: sweepRows, copy: copy, stream: stream, context: context, log: log) && ok
        }
        return ok
    }

    static func run(_ layout: GPTQLayout, rows: [Int], copy: Double, stream: CUDAStream, context: CUDAContext,
                    log: (String) -> Void) throws -> Bool {
        let capability = context.device.computeCapability
        let gpu: GPUArchitecture = capability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let g = fp8 ? Subject(FP8GPUGEMV(activation: activation))
            : Subject(GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu)))
        var functions: [GPUGEMVConfig: CUDAFunction] = [:]
        let configs = swept(g)
        for c in configs {
            let kernel = try g.emit(c)
            let ptx = try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(c.minimumPTX, gpu.minimumPTX))
            let function = try CUDAModule(context: context, ptx: ptx).function(named: kernel.name)
            functions[c] = function
            log("\(kernel.name): \(try function.attributes())")
        }
        print(fp8 ? "\n# FP8 W8A16 tensor-core GEMV (e4m3 codes, per-channel scales, \(activation.name), \(gpu))"
              : "\n# GPTQ tensor-core GEMV (\(layout.bits)-bit, group \(layout.groupSize), \(layout.zeroPoints), \(activation.name), \(gpu))")
        print("device-to-device copy, 2 GiB: \(GPTQBench.format(copy, 0)) GB/s (read + write, median of 10)\n")
        print("Per launch: median of 40 launches, each between its own events. Graph: a CUDA graph of "
              + "\(graphLaunches) back-to-back launches, median of 10 replays, divided by \(graphLaunches).\n")
        print("Before: the best of the second round's picks (`baselineConfigs`); after: the best of all candidates.\n")
        if !cuts.isEmpty {
            print("**Timing bound**: every kernel runs with its loop cut (\(cuts)): the outputs are wrong (only checked finite).\n")
        }
        print("| M | N | K | before config | µs | of copy | after config (per launch) | µs | GB/s | of copy | best config (graph) | µs | GB/s | of copy |")
        print("|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|")
        var ok = true
        var random = SplitMix()
        for (n, k) in sweepShapes {
            // Valid random weights rotating through ~1 GiB of device copies (shared with `quantjit bench`).
            let weights = try GPUBenchWeights(context: context, layout: layout, k: k, n: n, workingSet: 1 << 30)
            let weightBytes = weights.bytesPerCall  // symmetric kernels never read qzeros
            let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
            for m in rows {
                let x = try DeviceBuffer(context: context, copying: GEMMActivations.random(m * k, activation, &random).bits)
                let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
                let workspace = try DeviceBuffer<Float>(context: context, count: configs.map { $0.workspaceFloats(n: n) }.max()!)
                let counters = try DeviceBuffer<Int32>(context: context, count: n)
                try counters.fill(byte: 0)
                var results: [Result] = []
                // Strips pad N to a multiple of 32; the rotating copies hold GPTQ's K/8 · N words.
                for c in configs where c.maxRows >= m && (m > 8 || c.maxRows == 8) && !(c.tiledWords && n % GPTQGPUGEMV.stripColumns != 0) {
                    if let problem = g.unsupportedShape(m, n, k, c) {
                        log("M \(m) N \(n) K \(k) \(c): skipped, \(problem)")
                        continue
                    }
                    try y.fill(byte: 0xFF)
                    try context.synchronize()
                    let function = functions[c]!
                    func launch(_ run: Int) throws {
                        let w = weights.copy(run)
                        try function.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads), stream: stream,
                                            arguments: x, w.qweight, w.qzeros, w.scales, gIdx, y, Int64(m), Int64(n), Int64(k),
                                            workspace, counters)
                    }
                    // Each launch between its own events (as torch_anchors.py times cuBLAS)…
                    let timing = try stream.time(warmup: 5, repetitions: 40) { try launch($0) }
                    try stream.synchronize()
                    // …and back to back: a graph of 20 launches (rotating weights), replayed.
                    let perGraph = try stream.timePerLaunchInGraph(launches: graphLaunches) { try launch($0) }
                    let bad = try y.toArray().filter { !GEMMActivations.decode($0, activation).isFinite }.count
                    if bad > 0 {
                        print("| \(m) | \(n) | \(k) | \(c) | \(bad) outputs not finite | | | | | |")
                        ok = false
                        continue
                    }
                    let result = Result(config: c, milliseconds: timing.median, minimum: timing.minimum,
                                        graphMilliseconds: perGraph)
                    results.append(result)
                    log("M \(m) N \(n) K \(k) \(c): median \(timing.median * 1000) µs, min \(timing.minimum * 1000) µs, "
                        + "graph \(result.graphMilliseconds * 1000) µs")
                }
                guard let best = results.min(by: { $0.milliseconds < $1.milliseconds }),
                      let bestGraph = results.min(by: { $0.graphMilliseconds < $1.graphMilliseconds }) else { continue }
                let bytes = Double(weightBytes + 2 * m * k + 2 * m * n)
                func gbps(_ ms: Double) -> Double { bytes / (ms / 1e3) / 1e9 }
                let before = results.filter { g.baseline.contains($0.config) }.min(by: { $0.milliseconds < $1.milliseconds })
                let beforeText = before.map {
                    "\($0.config) | \(GPTQBench.format($0.milliseconds * 1000, 1)) | \(GPTQBench.format(100 * gbps($0.milliseconds) / copy, 1)) %"
                } ?? " | | "
                print("| \(m) | \(n) | \(k) | \(beforeText) | \(best.config) | \(GPTQBench.format(best.milliseconds * 1000, 1)) | "
                      + "\(GPTQBench.format(gbps(best.milliseconds), 0)) | \(GPTQBench.format(100 * gbps(best.milliseconds) / copy, 1)) % | "
                      + "\(bestGraph.config) | \(GPTQBench.format(bestGraph.graphMilliseconds * 1000, 1)) | "
                      + "\(GPTQBench.format(gbps(bestGraph.graphMilliseconds), 0)) | "
                      + "\(GPTQBench.format(100 * gbps(bestGraph.graphMilliseconds) / copy, 1)) % |")
            }
        }
        return ok
    }
    /// The fixed costs of one launch: an empty kernel (one block of 32 threads), per launch
    /// between events and back to back in a graph, and the preferred M = 1 GEMV at N = 8192 with
    /// K = 128 (one group: launch, ramp and epilogue with almost no bytes).
    static func fixedCosts(context: CUDAContext, stream: CUDAStream) throws {
        let ptx = ".version 7.0\n.target sm_80\n.address_size 64\n.visible .entry quantjit_empty()\n{\n\tret;\n}\n"
        let empty = try CUDAModule(context: context, ptx: ptx).function(named: "quantjit_empty")
        func launchEmpty() throws { try empty.launch(grid: Dim3(1), block: Dim3(32), stream: stream, arguments: []) }
        let perLaunch = try stream.time(warmup: 5, repetitions: 40) { _ in try launchEmpty() }
        let inGraph = try stream.timePerLaunchInGraph(launches: graphLaunches) { _ in try launchEmpty() }
        print("empty kernel: \(GPTQBench.format(perLaunch.median * 1000, 2)) µs per launch (events), "
              + "\(GPTQBench.format(inGraph * 1000, 2)) µs per launch in a graph of \(graphLaunches)")
        let layout = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu))
        let capability = context.device.computeCapability
        let gpu: GPUArchitecture = capability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let (m, n, k) = (1, 8192, 128)
        for c in [g.preferredConfig(m: m, n: 8192, k: 8192), GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 4, splits: 3, stages: 4,
                                                                           stagedActivations: false)] {
            let kernel = try g.emit(c)
            let f = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(c.minimumPTX, gpu.minimumPTX)))
                .function(named: kernel.name)
            let w = try GPUBenchWeights(context: context, layout: layout, k: k, n: n, workingSet: 1 << 24)
            let x = try DeviceBuffer<Float16>(context: context, copying: [Float16](repeating: 0.5, count: m * k))
            let y = try DeviceBuffer<Float16>(context: context, count: m * n)
            let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
            let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
            let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
            try counters.fill(byte: 0)
            let timing = try stream.time(warmup: 5, repetitions: 40) { run in
                let copy = w.copy(run)
                try f.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads), stream: stream,
                             arguments: x, copy.qweight, copy.qzeros, copy.scales, gIdx, y, Int64(m), Int64(n), Int64(k), workspace, counters)
            }
            try stream.synchronize()
            print("GEMV \(c) at \(m)×\(n)×\(k) (fixed cost: launch, ramp, epilogue): \(GPTQBench.format(timing.median * 1000, 2)) µs per launch")
        }
    }
}
