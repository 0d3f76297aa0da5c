#if canImport(Glibc)
import Glibc
#endif
import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-w8a8-decode`: times the W8A8 decode kernel (`W8A8GPUDecode`,
/// every candidate config and the picked one) at M = 1 and 16 on the torch anchors' shapes —
/// (N, K) ∈ {8192 × 8192, 28672 × 8192, 8192 × 28672} — for FP8 e4m3 per-tensor and channel ×
/// token and int8 channel × token, bf16 outputs, next to the `mma.sync` GEMM's pick
/// (`W8A8GPUGEMM.config`) and, for FP8 per-tensor, that GEMM without its `.maxntid` bound (the
/// suspect of the 8192 × 28672 regression). Per-launch event medians as `torch_w8a8_anchors.py`
/// times torch, weights rotating through about 1 GiB; every config in the log.
/// `QUANTJIT_W8A8_DECODE_SPECS=e4m3_tensor` (comma-separated spec name prefixes) times only
/// those specs (a short device call); `QUANTJIT_W8A8_DECODE_ROWS=1,9,16` (comma-separated M ≤ 16)
/// times those M instead of 1 and 16; `QUANTJIT_W8A8_DECODE_CONFIGS=r16t1w4u2hl,…` times only
/// those candidates (and the pick). Tiled configs (``W8A8DecodeConfig/tiled``) read the same random
/// weight buffers: on these shapes (N % 16 = K % 64 = 0) the tiled copy has the same size, and
/// a random tiled buffer is as good as a packed one for timing.
enum W8A8DecodeBench {
    static let shapes = [(n: 8192, k: 8192), (n: 28672, k: 8192), (n: 8192, k: 28672)]
    static let specs = [W8A8GPUSpec(operand: .fp8e4m3, scaling: .perTensor, output: .bf16),
                        W8A8GPUSpec(operand: .fp8e4m3, scaling: .channelToken, output: .bf16),
                        W8A8GPUSpec(operand: .int8, scaling: .channelToken, output: .bf16)]

    /// `specs`, or those whose name starts with a prefix in `QUANTJIT_W8A8_DECODE_SPECS`.
    static var selectedSpecs: [W8A8GPUSpec] {
        guard let raw = getenv("QUANTJIT_W8A8_DECODE_SPECS") else { return specs }
        let prefixes = String(cString: raw).split(separator: ",").map(String.init)
        return specs.filter { spec in prefixes.contains { "\(spec)".hasPrefix($0) } }
    }

    /// M = 1 and 16, or those in `QUANTJIT_W8A8_DECODE_ROWS` (1…16).
    static var selectedRows: [Int] {
        guard let raw = getenv("QUANTJIT_W8A8_DECODE_ROWS") else { return [1, 16] }
        return String(cString: raw).split(separator: ",").compactMap { Int($0) }.filter { (1...16).contains($0) }
    }

    /// The candidate names in `QUANTJIT_W8A8_DECODE_CONFIGS`, or nil for every candidate.
    static let selectedConfigs = BenchEnvironment.names("QUANTJIT_W8A8_DECODE_CONFIGS")

    struct Variant {
        var kind: String, config: String, function: CUDAFunction
        var grid: (x: Int, y: Int, z: Int), threads: Int, shared: Int
        var workspace: DeviceBuffer<Float>, counters: DeviceBuffer<Int32>
    }

    static func decodeVariant(_ g: W8A8GPUDecode, _ c: W8A8DecodeConfig, kind: String, n: Int, context: CUDAContext, gpu: GPUArchitecture,
                              functions: inout [String: CUDAFunction], log: (String) -> Void) throws -> Variant {
        let name = g.variantName(c)
        if functions[name] == nil {
            functions[name] = try W8A8DecodeCheck.function(g, c, context: context, gpu: gpu)
            log("\(name): \(try functions[name]!.attributes())")
        }
        let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
        try counters.fill(byte: 0)
        return Variant(kind: kind, config: "\(c)", function: functions[name]!, grid: c.grid(n: n), threads: c.threads, shared: 0,
                       workspace: try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n)), counters: counters)
    }

    /// The `mma.sync` GEMM's config; `bounded: false` drops its `.maxntid` launch bound.
    static func gemmVariant(_ g: W8A8GPUGEMM, _ c: W8A8GPUConfig, bounded: Bool, m: Int, n: Int, context: CUDAContext, gpu: GPUArchitecture,
                            functions: inout [String: CUDAFunction], log: (String) -> Void) throws -> Variant {
        let name = g.variantName(c) + (bounded ? "" : "_nobounds")
        if functions[name] == nil {
            var kernel = try g.emit(c)
            if !bounded { kernel.launchBounds = .none }
            let ptx = try PTXCompiler().ptx(kernel, gpu: gpu, ptx: max(g.spec.minimumPTX, gpu.minimumPTX))
            let f = try CUDAModule(context: context, ptx: ptx).function(named: kernel.name)
            try f.setMaxDynamicSharedMemory(bytes: c.sharedBytes)
            functions[name] = f
            log("\(name): \(try f.attributes())")
        }
        let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(m: m, n: n))
        try counters.fill(byte: 0)
        return Variant(kind: bounded ? "mma" : "mma-nobounds", config: "\(c)", function: functions[name]!, grid: c.grid(m: m, n: n),
                       threads: c.threads, shared: c.sharedBytes,
                       workspace: try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(m: m, n: n)), counters: counters)
    }

    static func run(context: CUDAContext, log: (String) -> Void) throws -> Bool {
        let stream = try CUDAStream(context: context)
        let copy = try GPTQBench.copyBandwidth(context, stream: stream)
        let gpu = W8A8GEMMCheck.gpu(context)
        print("\n# W8A8 decode (M ≤ 16): W8A8GPUDecode beside the mma.sync GEMM, \(gpu), bf16 outputs")
        print("device-to-device copy, 2 GiB: \(GPTQBench.format(copy, 0)) GB/s (read + write, median of 10)\n")
        print("Median of 40 event-timed launches (each between its own events). Bytes: weights + activations + outputs (the scales, ≤ 4·N bytes, left out).\n")
        print("| spec | M | N | K | picked decode config | µs | of copy | best decode config | µs | of copy | mma.sync µs | mma.sync, no .maxntid µs |")
        print("|---|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|")
        var ok = true
        var functions: [String: CUDAFunction] = [:]
        var random = SplitMix()
        for (n, k) in shapes {
            let weightBytes = n * k
            precondition(W8A8DecodeTiledLayout.bytes(n: n, k: k) == weightBytes, "tiled configs need N % 16 = K % 64 = 0 here")
            let weights = try W8A8Bench.rotatingWeights(n: n, k: k, context: context, random: &random), copies = weights.count
            let sw = try DeviceBuffer(context: context, copying: [Float](repeating: 0.001, count: n))
            let sx = try DeviceBuffer(context: context, copying: [Float](repeating: 0.001, count: 16))
            let zx = try DeviceBuffer<Int32>(context: context, copying: [0])
            let colsum = try DeviceBuffer<Int32>(context: context, copying: [0])
            for m in selectedRows {
                let x = try DeviceBuffer(context: context, copying: (0..<(m * k)).map { _ in UInt8(truncatingIfNeeded: random.next()) & 0xEE })
                let y = try DeviceBuffer<UInt16>(context: context, count: m * n)
                for spec in selectedSpecs {
                    let d = W8A8GPUDecode(spec: spec), gemm = W8A8GPUGEMM(spec: spec)
                    let picked = d.config(m: m, n: n, k: k)
                    var variants = [try decodeVariant(d, picked, kind: "picked", n: n, context: context, gpu: gpu, functions: &functions, log: log)]
                    for c in d.candidateConfigs where c != picked && m <= c.rowBound && (m > 8) == (c.rowBound > 8)
                        && selectedConfigs.map({ $0.contains("\(c)") }) ?? true {
                        variants.append(try decodeVariant(d, c, kind: "decode", n: n, context: context, gpu: gpu, functions: &functions, log: log))
                    }
                    let mma = gemm.config(m: m, n: n, k: k)
                    variants.append(try gemmVariant(gemm, mma, bounded: true, m: m, n: n, context: context, gpu: gpu, functions: &functions, log: log))
                    if spec.scaling == .perTensor {
                        variants.append(try gemmVariant(gemm, mma, bounded: false, m: m, n: n, context: context, gpu: gpu, functions: &functions, log: log))
                    }
                    var best: [String: (String, Double)] = [:]
                    for v in variants {
                        try y.fill(byte: 0xFF)
                        try context.synchronize()
                        let timing = try stream.time(warmup: 5, repetitions: 40) { run in
                            try v.function.launch(grid: Dim3(v.grid.x, v.grid.y, v.grid.z), block: Dim3(v.threads), sharedMemoryBytes: v.shared,
                                                  stream: stream, arguments: x, weights[run % copies], sx, sw, zx, colsum, y, v.workspace,
                                                  v.counters, Int64(m), Int64(n), Int64(k))
                        }
                        try stream.synchronize()
                        let bad = try y.toArray().filter { bits in (bits & 0x7F80) == 0x7F80 }.count  // bf16 Inf/NaN or unwritten
                        if bad > 0 {
                            print("| \(spec) | \(m) | \(n) | \(k) | \(v.kind) \(v.config): \(bad) outputs not finite | | | | | | | |")
                            ok = false
                            continue
                        }
                        log("\(spec) M \(m) N \(n) K \(k) \(v.kind) \(v.config): median \(timing.median * 1000) µs, min \(timing.minimum * 1000) µs")
                        let key = v.kind == "picked" ? "picked" : v.kind
                        if best[key] == nil || timing.median < best[key]!.1 { best[key] = (v.config, timing.median) }
                        if v.kind == "picked" || v.kind == "decode", best["decode"] == nil || timing.median < best["decode"]!.1 {
                            best["decode"] = (v.config, timing.median)
                        }
                    }
                    let bytes = Double(weightBytes + m * k + 2 * m * n)
                    func cell(_ key: String) -> String {
                        guard let (_, ms) = best[key] else { return "– | –" }
                        return "\(GPTQBench.format(ms * 1000, 1)) | \(GPTQBench.format(100 * bytes / (ms / 1e3) / 1e9 / copy, 1)) %"
                    }
                    func micro(_ key: String) -> String { best[key].map { GPTQBench.format($0.1 * 1000, 1) } ?? "–" }
                    print("| \(spec) | \(m) | \(n) | \(k) | \(best["picked"]?.0 ?? "–") | \(cell("picked")) | \(best["decode"]?.0 ?? "–") | "
                          + "\(cell("decode")) | \(micro("mma")) | \(micro("mma-nobounds")) |")
                }
            }
        }
        return ok
    }
}
