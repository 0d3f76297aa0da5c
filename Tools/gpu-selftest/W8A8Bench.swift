#if canImport(Glibc)
import Glibc
#endif
import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-w8a8`: times the tensor-core W8A8 GEMM (`W8A8GPUGEMM`) at the
/// torch anchors' shapes — (N, K) ∈ {8192 × 8192, 28672 × 8192, 8192 × 28672}, M ∈ {1, 16, 1024,
/// 4096} — for FP8 e4m3 per-tensor and channel × token ("rowwise"), FP8 block-128 and int8
/// channel × token, bf16 outputs, next to a device-to-device copy measured in the same process.
/// Each config: median of event-timed launches (each between its own events, as
/// `Tools/bench/torch_w8a8_anchors.py` times torch) after warm-ups, weights rotating through
/// about 1 GiB of copies; the table shows the fastest config per row, the log every config.
/// Outputs are checked to be written and finite (correctness is `w8a8-gemm`'s job).
enum W8A8Bench {
    static let shapes = [(n: 8192, k: 8192), (n: 28672, k: 8192), (n: 8192, k: 28672)]
    /// M values; `QUANTJIT_W8A8_ROWS=1,16` narrows them (to spend less device time).
    static let rows: [Int] = {
        guard let list = getenv("QUANTJIT_W8A8_ROWS") else { return [1, 16, 1024, 4096] }
        return String(cString: list).split(separator: ",").compactMap { Int($0) }
    }()
    static let specs = [W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16),
                        W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken, output: .bf16),
                        W8A8GPUSpec(operand: .int8, scaling: .channelToken, output: .bf16),
                        W8A8GPUSpec(operand: .fp8e4m3, scaling: .block128, output: .bf16)]

    static func configs(_ g: W8A8GPUGEMM, m: Int, n: Int, k: Int) -> [W8A8GPUConfig] {
        let picked = g.config(m: m, n: n, k: k)
        guard m <= 16 else {
            // Large M: FP8 mma.sync is emulated on sm_90 (run 2: 0.21–0.26× torch), only the picked
            // config; int8 every candidate (dynamic shared memory, deeper rings, wider tiles).
            if g.spec.operand == .fp8e4m3 { return [picked] }
            return [picked] + g.candidateConfigs.filter { $0 != picked && (try? g.validate($0)) != nil }
        }
        // Run 2 (Tools/gpu/results/2026-11-30-w8a8) measured the L2 hint (1.1–1.5× faster with it)
        // and four-stage splits 1…18; run 3 deeper pipelines and narrower blocks.
        var configs = [picked]
        for splits in Set([max(1, picked.splits / 2), picked.splits * 2]) where splits != picked.splits {
            configs.append(W8A8GPUGEMM.smallMConfig(splits: splits))
        }
        configs.append(W8A8GPUGEMM.smallMConfig(stages: 4, splits: picked.splits))
        configs.append(W8A8GPUGEMM.smallMConfig(blockN: 64, warpsN: 2, stages: 8, splits: picked.splits))
        configs.append(W8A8GPUGEMM.smallMConfig(blockN: 64, warpsN: 2, stages: 8, splits: max(1, picked.splits / 2)))
        return configs.filter { (try? g.validate($0)) != nil }
    }

    /// One kernel variant to time: `mma` (``W8A8GPUGEMM``) or `wgmma` (``W8A8WGMMAGEMM``).
    struct Variant {
        var kind: String, config: String, function: CUDAFunction
        var grid: (x: Int, y: Int, z: Int), threads: Int, shared: Int
        var workspace: DeviceBuffer<Float>, counters: DeviceBuffer<Int32>

        init(_ g: W8A8GPUGEMM, _ c: W8A8GPUConfig, m: Int, n: Int, context: CUDAContext, gpu: GPUArchitecture,
             functions: inout [String: CUDAFunction], log: (String) -> Void) throws {
            let name = g.variantName(c)
            if functions[name] == nil {
                functions[name] = try W8A8GEMMCheck.function(g, c, context: context, gpu: gpu)
                log("\(name): \(try functions[name]!.attributes())")
            }
            (kind, config, function) = ("mma", "\(c)", functions[name]!)
            (grid, threads, shared) = (c.grid(m: m, n: n), c.threads, c.sharedBytes)
            workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(m: m, n: n))
            counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(m: m, n: n))
            try counters.fill(byte: 0)
        }

        init(_ g: W8A8WGMMAGEMM, _ c: W8A8WGMMAConfig, m: Int, n: Int, context: CUDAContext,
             functions: inout [String: CUDAFunction], log: (String) -> Void) throws {
            let name = g.variantName(c)
            if functions[name] == nil {
                functions[name] = try W8A8WGMMACheck.function(g, c, context: context)
                log("\(name): \(try functions[name]!.attributes())")
            }
            (kind, config, function) = ("wgmma", "\(c)", functions[name]!)
            (grid, threads, shared) = (c.grid(m: m, n: n), c.threads, c.sharedBytes)
            workspace = try DeviceBuffer<Float>(context: context, count: 1)
            counters = try DeviceBuffer<Int32>(context: context, count: 1)
        }
    }

    /// Copies of one random `n × k` 8-bit weight, as many as fit in about 1 GiB (2…16), for
    /// launches that rotate through them and never find the weights in L2. Codes without the
    /// e4m3 NaN pattern (bits 0 and 4 cleared by `& 0xEE`), valid int8 too.
    static func rotatingWeights(n: Int, k: Int, context: CUDAContext, random: inout SplitMix) throws -> [DeviceBuffer<UInt8>] {
        let bytes = n * k
        let first = try DeviceBuffer(context: context, copying: (0..<bytes).map { _ in UInt8(truncatingIfNeeded: random.next()) & 0xEE })
        var weights = [first]
        for _ in 1..<min(16, max(2, (1 << 30) / bytes)) {
            let w = try DeviceBuffer<UInt8>(context: context, count: bytes)
            try w.copy(from: first)
            weights.append(w)
        }
        return weights
    }

    static func run(context: CUDAContext, log: (String) -> Void) throws -> Bool {
        let stream = try CUDAStream(context: context)
        let copy = try GPTQBench.copyBandwidth(context, stream: stream)
        let gpu = W8A8GEMMCheck.gpu(context)
        print("\n# W8A8 tensor-core GEMMs (mma.sync m16n8k32, \(gpu); wgmma m64nNk32 on sm_90a for M ≥ 1024), bf16 outputs")
        print("device-to-device copy, 2 GiB: \(GPTQBench.format(copy, 0)) GB/s (read + write, median of 10)\n")
        print("Median of event-timed launches (each between its own events). Bytes: weights + activations + outputs (the scales, ≤ 4·N bytes, left out).\n")
        print("| spec | M | N | K | best kernel, config | µs | TFLOP/s | GB/s | of copy |")
        print("|---|---:|---:|---:|---|---:|---:|---:|---:|")
        var ok = true
        var functions: [String: CUDAFunction] = [:]
        var random = SplitMix()
        for (n, k) in shapes {
            let weightBytes = n * k
            let weights = try W8A8Bench.rotatingWeights(n: n, k: k, context: context, random: &random), copies = weights.count
            let kGroups = (k + 127) / 128
            let maxM = rows.max()!
            let sw = try DeviceBuffer(context: context, copying: (0..<max(n, ((n + 127) / 128) * kGroups)).map { _ in Float(0.001) })
            let sx = try DeviceBuffer(context: context, copying: (0..<(maxM * kGroups)).map { _ in Float(0.001) })
            let zx = try DeviceBuffer<Int32>(context: context, copying: [0])
            let colsum = try DeviceBuffer<Int32>(context: context, copying: [0])
            for m in rows {
                // Codes without the e4m3 NaN pattern (bits 0 and 4 cleared by & 0xEE), valid int8 too.
                let x = try DeviceBuffer(context: context, copying: (0..<(m * k)).map { _ in UInt8(truncatingIfNeeded: random.next()) & 0xEE })
                let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
                for spec in specs {
                    let g = W8A8GPUGEMM(spec: spec)
                    // QUANTJIT_W8A8_BENCH=wgmma: at M ≥ 1024 only the wgmma variants (less device time).
                    let onlyWGMMA = m >= 1024 && getenv("QUANTJIT_W8A8_BENCH").map { String(cString: $0) == "wgmma" } == true
                    if onlyWGMMA && spec.scaling == .block128 { continue }
                    var variants = try (onlyWGMMA ? [] : configs(g, m: m, n: n, k: k)).map { c in
                        try Variant(g, c, m: m, n: n, context: context, gpu: gpu, functions: &functions, log: log)
                    }
                    if m >= 1024 && gpu == .sm_90 && spec.scaling != .block128 && getenv("QUANTJIT_W8A8_NO_WGMMA") == nil {
                        let h = W8A8WGMMAGEMM(spec: spec)
                        variants += try h.candidateConfigs.map { c in try Variant(h, c, m: m, n: n, context: context, functions: &functions, log: log) }
                    }
                    var best: [String: (String, Double)] = [:]
                    for v in variants {
                        try y.fill(byte: 0xFF)
                        try context.synchronize()
                        let timing = try stream.time(warmup: 5, repetitions: m >= 1024 ? 20 : 40) { run in
                            try v.function.launch(grid: Dim3(v.grid.x, v.grid.y, v.grid.z), block: Dim3(v.threads), sharedMemoryBytes: v.shared,
                                                  stream: stream, arguments: x, weights[run % copies], sx, sw, zx, colsum, y, v.workspace,
                                                  v.counters, Int64(m), Int64(n), Int64(k))
                        }
                        try stream.synchronize()
                        let bad = try y.toArray().filter { bits in (bits & 0x7F80) == 0x7F80 }.count  // bf16 Inf/NaN
                        if bad > 0 {
                            print("| \(spec) | \(m) | \(n) | \(k) | \(v.kind) \(v.config) | \(bad) outputs not finite | | | |")
                            ok = false
                            continue
                        }
                        log("\(spec) M \(m) N \(n) K \(k) \(v.kind) \(v.config): median \(timing.median * 1000) µs, min \(timing.minimum * 1000) µs")
                        if best[v.kind] == nil || timing.median < best[v.kind]!.1 { best[v.kind] = (v.config, timing.median) }
                    }
                    for (kind, (config, ms)) in best.sorted(by: { $0.key > $1.key }) {
                        let bytes = Double(weightBytes + m * k + 2 * m * n)
                        let seconds = ms / 1e3
                        print("| \(spec) | \(m) | \(n) | \(k) | \(kind) \(config) | \(GPTQBench.format(ms * 1000, 1)) | "
                              + "\(GPTQBench.format(2 * Double(m) * Double(n) * Double(k) / seconds / 1e12, 1)) | "
                              + "\(GPTQBench.format(bytes / seconds / 1e9, 0)) | \(GPTQBench.format(100 * bytes / seconds / 1e9 / copy, 1)) % |")
                    }
                }
            }
        }
        return ok
    }
}
