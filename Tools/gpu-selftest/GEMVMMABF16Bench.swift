import Foundation
import CUDA
import Compiler
import Executor
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-gemv-bf16`: the tensor-core GPTQ GEMV with bf16 activations
/// and outputs beside the same schedule with f16, in one process, at the decode shapes of
/// ``GEMVMMABench`` (M = 1 and 16), each with the schedule `preferredConfig` picks for it.
/// `QUANTJIT_GEMV_BF16_WEIGHTS` lists the weights (default `4`): `4` for 4-bit g128 v1 and
/// symmetric, `8` for 8-bit g128 v1 and symmetric, `fp8` for the FP8 W8A16 GEMV (e4m3,
/// per-channel scales), e.g. `8,fp8`. Timing as in ``GEMVMMABench`` (events per launch, and a
/// graph of 20 launches); outputs must come back finite.
enum GEMVMMABF16Bench {
    /// The weights `QUANTJIT_GEMV_BF16_WEIGHTS` asks for: GPTQ layouts, and whether to time FP8.
    static func weights() -> (layouts: [GPTQLayout], fp8: Bool) {
        let asked = (ProcessInfo.processInfo.environment["QUANTJIT_GEMV_BF16_WEIGHTS"] ?? "4").split(separator: ",").map(String.init)
        var layouts: [GPTQLayout] = []
        if asked.contains("4") { layouts += GEMVMMABench.layouts }
        if asked.contains("8") { layouts += [GPTQLayout(bits: 8, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 8, groupSize: 128)] }
        return (layouts, asked.contains("fp8"))
    }

    /// One kernel per activation type for `weights`: the GPTQ GEMV of `layout`, or the FP8 GEMV
    /// (nil), with the preferred schedule (`subnormal`: its ``GPUGEMVConfig/subnormalBF16`` twin).
    static func kernel(_ layout: GPTQLayout?, _ activation: ScalarType, subnormal: Bool = false, m: Int, n: Int, k: Int) throws -> (Kernel, GPUGEMVConfig) {
        guard let layout else {
            let g = FP8GPUGEMV(activation: activation)
            var c = g.preferredConfig(m: m, n: n, k: k)
            c.subnormalBF16 = subnormal
            return (try g.emit(c), c)
        }
        let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
        var c = g.preferredConfig(m: m, n: n, k: k)
        c.subnormalBF16 = subnormal
        return (try g.emit(c), c)
    }

    static func run(context: CUDAContext, log: (String) -> Void) throws -> Bool {
        let stream = try CUDAStream(context: context)
        let copy = try GPTQBench.copyBandwidth(context, stream: stream)
        let capability = context.device.computeCapability
        let gpu: GPUArchitecture = capability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let (layouts, fp8) = weights()
        print("\n# GPTQ tensor-core GEMV, bf16 against f16 activations (\(layouts.map { "\($0.bits)-bit g\($0.groupSize) \($0.zeroPoints)" }.joined(separator: ", "))\(fp8 ? ", FP8 e4m3 per-channel" : ""); \(gpu))")
        print("device-to-device copy, 2 GiB: \(GPTQBench.format(copy, 0)) GB/s\n")
        print("(each kernel timed twice, interleaved f16, bf16, bf16 d, f16, …; the faster median of each kept; d: the subnormal bf16 fma)\n")
        print("| weights | M | N | K | config | f16 µs | % of copy | bf16 µs | % of copy | f16 graph µs | bf16 graph µs | bf16/f16 graph | bf16 d µs | bf16 d graph µs | d/f16 graph |")
        print("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        var ok = true, random = SplitMix()
        for layout in layouts.map(Optional.some) + (fp8 ? [nil] : []) {
            let name = layout.map { "\($0.bits)-bit g\($0.groupSize) \($0.zeroPoints)" } ?? "FP8 e4m3 pc"
            for (n, k) in GEMVMMABench.shapes {
                let weights = try GPUBenchWeights(context: context, layout: layout ?? GPTQLayout(bits: 8, groupSize: -1), k: k, n: n,
                                                  fp8: layout == nil, workingSet: 1 << 30)
                let gIdx = try DeviceBuffer<Int32>(context: context, copying: [-1])
                for m in GEMVMMABench.rows {
                    let bits = (0..<(m * k)).map { _ in
                        BFloat16Bits.encode(Float(Int(random.next() % 2001) - 1000) / 1000)
                    }
                    let x = try DeviceBuffer(context: context, copying: bits)  // the f16 run reads the same bytes as f16
                    let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
                    var times: [(Double, Double)] = []
                    var config = GPUGEMVConfig()
                    let variants = [(ScalarType.f16, false), (.bf16, false)] + (layout?.bits ?? 8 == 8 ? [(.bf16, true)] : [])
                    for (index, (activation, subnormal)) in (variants + variants).enumerated() {
                        let (kernel, c) = try Self.kernel(layout, activation, subnormal: subnormal, m: m, n: n, k: k)
                        if index == 0 { config = c }
                        let ptx = try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(c.minimumPTX, gpu.minimumPTX))
                        let function = try CUDAModule(context: context, ptx: ptx).function(named: kernel.name)
                        log("\(kernel.name): \(try function.attributes())")
                        let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
                        let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
                        try counters.fill(byte: 0)
                        try y.fill(byte: 0xFF)
                        func launch(_ run: Int) throws {
                            let w = weights.copy(run)
                            try function.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads), stream: stream,
                                                arguments: x, w.qweight, w.qzeros, w.scales, gIdx, y, Int64(m), Int64(n), Int64(k),
                                                workspace, counters)
                        }
                        let timing = try stream.time(warmup: 5, repetitions: 40) { try launch($0) }
                        let perGraph = try stream.timePerLaunchInGraph(launches: GEMVMMABench.graphLaunches) { try launch($0) }
                        let values = try y.toArray().map { activation == .bf16 ? BFloat16Bits.decode($0) : Float(Float16(bitPattern: $0)) }
                        if values.contains(where: { !$0.isFinite }) {
                            print("| \(name) | \(m) | \(n) | \(k) | \(c) \(activation.name): outputs not finite | | | | | | |")
                            ok = false
                        }
                        log("\(activation.name) M \(m) N \(n) K \(k) \(c): median \(timing.median * 1000) µs, graph \(perGraph * 1000) µs")
                        if index < variants.count {
                            times.append((timing.median, perGraph))
                        } else {
                            let v = index - variants.count
                            times[v] = (min(times[v].0, timing.median), min(times[v].1, perGraph))
                        }
                    }
                    let bytes = Double(weights.bytesPerCall + 2 * m * k + 2 * m * n)
                    func percent(_ ms: Double) -> String { GPTQBench.format(100 * bytes / (ms / 1e3) / 1e9 / copy, 1) + " %" }
                    func us(_ ms: Double) -> String { GPTQBench.format(ms * 1000, 1) }
                    print("| \(name) | \(m) | \(n) | \(k) | \(config) | \(us(times[0].0)) | \(percent(times[0].0)) | "
                          + "\(us(times[1].0)) | \(percent(times[1].0)) | \(us(times[0].1)) | \(us(times[1].1)) | "
                          + "\(GPTQBench.format(times[1].1 / times[0].1, 3)) | "
                          + (times.count > 2 ? "\(us(times[2].0)) | \(us(times[2].1)) | \(GPTQBench.format(times[2].1 / times[0].1, 3)) |" : "– | – | – |"))
                }
            }
        }
        return ok
    }
}
