import CUDA
import Compiler
import Executor
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-gemv-pdl`: what a dependent launch (`GPUGEMVConfig.dependentLaunch`
/// launched with programmatic stream serialization, sm_90) saves in a chain of GEMV launches,
/// as a model's layers run. For 4-bit g128 (v1 and symmetric) at the decode shapes and M = 1, 16,
/// the preferred config and its `d` twin, weights rotating through ~1 GiB of copies:
///
/// - per launch: each launch between its own events (the figure of `--bench-gemv`);
/// - back to back: 20 launches between one pair of events (median of 10), divided by 20, plain
///   launches of the preferred config against dependent launches of its twin;
/// - graph: the same 20 launches captured in a CUDA graph, replayed (median of 10), divided by 20;
/// - read: ``StreamingRead`` over the weight bytes, per launch and in a graph (the percentages
///   use the row's bytes, so the read's column is the cost of the weights alone).
///
/// Each launch reads the same activations and writes the same output (the dependent kernel
/// waits for its predecessor before it touches either), so the chain's dependency is real
/// while every launch does the same work.
enum GEMVDependentLaunchBench {
    static let launches = 20

    static func run(context: CUDAContext) throws -> Bool {
        let stream = try CUDAStream(context: context)
        let copy = try GPTQBench.copyBandwidth(context, stream: stream)
        print("\n# GPTQ decode GEMV: dependent launches (griddepcontrol, programmatic stream serialization, sm_90)")
        print("device-to-device copy, 2 GiB: \(GPTQBench.format(copy, 0)) GB/s (read + write, median of 10)\n")
        print("µs per launch (% of the copy bandwidth). Per launch: median of 40, each between its own events. Back to back: "
              + "\(launches) launches between one pair of events, median of 10, ÷ \(launches). Graph: the \(launches) launches "
              + "in a CUDA graph, median of 10 replays, ÷ \(launches). `d`: the same schedule as a dependent launch.\n")
        print("Read: `StreamingRead`, a plain kernel reading the weight bytes once (four coalesced 16-byte loads per "
              + "thread), per launch and in a graph — what reading these bytes costs with no arithmetic.\n")
        print("| weights | M | N | K | config | per launch | back to back | back to back, `d` | graph | graph, `d` | read, per launch | read, graph |")
        print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
        var ok = true
        var random = SplitMix()
        for layout in GEMVMMABench.layouts {
            let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu))
            for (n, k) in GEMVMMABench.shapes {
                let weights = try GPUBenchWeights(context: context, layout: layout, k: k, n: n, workingSet: 1 << 30)
                let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
                let read = try StreamingRead.time(bytes: weights.bytesPerCall, context: context, stream: stream, launches: launches)
                for m in GEMVMMABench.rows {
                    let plain = g.preferredConfig(m: m, n: n, k: k)
                    var dependent = plain
                    dependent.dependentLaunch = true
                    let x = try DeviceBuffer(context: context, copying: (0..<(m * k)).map { _ in
                        Float16(Float(Int(random.next() % 2001) - 1000) / 1000)
                    })
                    let y = try DeviceBuffer<Float16>(context: context, count: m * n)
                    let workspace = try DeviceBuffer<Float>(context: context, count: plain.workspaceFloats(n: n))
                    let counters = try DeviceBuffer<Int32>(context: context, count: plain.counterCount(n: n))
                    try counters.fill(byte: 0)
                    var functions: [CUDAFunction] = []
                    for c in [plain, dependent] {
                        let kernel = try g.emit(c)
                        let ptx = try PTXCompiler().ptx(kernel, gpu: .sm_90, ptx: max(c.minimumPTX, GPUArchitecture.sm_90.minimumPTX))
                        functions.append(try CUDAModule(context: context, ptx: ptx).function(named: kernel.name))
                    }
                    func launch(_ index: Int, _ run: Int) throws {
                        let c = index == 0 ? plain : dependent, w = weights.copy(run)
                        try functions[index].launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads), stream: stream,
                                                    arguments: [x, w.qweight, w.qzeros, w.scales, gIdx, y, Int64(m), Int64(n), Int64(k),
                                                                workspace, counters],
                                                    dependentLaunch: index == 1)
                    }
                    try y.fill(byte: 0xFF)
                    let perLaunch = try stream.time(warmup: 5, repetitions: 40) { try launch(0, $0) }.median
                    var backToBack: [Double] = [], graph: [Double] = []
                    for index in 0..<2 {
                        let timing = try stream.time(warmup: 2, repetitions: 10) { run in
                            for i in 0..<launches { try launch(index, run * launches + i) }
                        }
                        backToBack.append(timing.median / Double(launches))
                        do {
                            graph.append(try stream.timePerLaunchInGraph(launches: launches) { try launch(index, $0) })
                        } catch {
                            print("graph of \(index == 0 ? plain : dependent) at M = \(m), \(n)×\(k): \(error)")
                            graph.append(.nan)
                            try? stream.synchronize()
                        }
                    }
                    try stream.synchronize()
                    if try y.toArray().contains(where: { !$0.isFinite }) {
                        print("| \(layout.zeroPoints) | \(m) | \(n) | \(k) | \(plain) | outputs not finite | | | | | | |")
                        ok = false
                        continue
                    }
                    let bytes = Double(weights.bytesPerCall + 2 * m * k + 2 * m * n)
                    func cell(_ ms: Double) -> String {
                        "\(GPTQBench.format(ms * 1000, 1)) (\(GPTQBench.format(100 * bytes / (ms / 1e3) / 1e9 / copy, 1)) %)"
                    }
                    print("| \(layout.zeroPoints) | \(m) | \(n) | \(k) | \(plain) | \(cell(perLaunch)) | \(cell(backToBack[0])) | "
                          + "\(cell(backToBack[1])) | \(cell(graph[0])) | \(cell(graph[1])) | \(cell(read.perLaunch)) | \(cell(read.graph)) |")
                }
            }
        }
        return ok
    }
}
