import CUDA
import Compiler
import Executor
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench`: times the GPTQ GPU kernels (default configs) at the shapes
/// of `Tools/bench/torch_anchors.py` — GEMV at M = 1, GEMM at M = 16 and 4096, on
/// (N, K) ∈ {8192 × 8192, 28672 × 8192, 8192 × 28672} — with 4-bit, group-128, v1 weights and
/// f16 activations, next to a device-to-device copy measured in the same process.
///
/// Each row is the median of event-timed runs after warm-ups; the packed weights rotate
/// through about 1 GiB of copies so that no run finds them in L2. Weights are random words
/// (any bit pattern is a valid packing); correctness is the self-test's job (`kir-gptq-kernels`),
/// here every output is only checked to be written and finite.
enum GPTQBench {
    static let shapes = [(n: 8192, k: 8192), (n: 28672, k: 8192), (n: 8192, k: 28672)]
    static let layout = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Device-to-device copy bandwidth (bytes read + written) over 2 GiB, median of 10
    /// (`quantjit bench --device cuda` measures it the same way).
    static func copyBandwidth(_ context: CUDAContext, stream: CUDAStream) throws -> Double {
        try GPUCopyBandwidth.measure(context: context, stream: stream)
    }

    static func randomWords(_ count: Int, _ random: inout SplitMix) -> [Int32] {
        (0..<count).map { _ in Int32(truncatingIfNeeded: random.next()) }
    }

    /// One row of the table: `family` at `m × n × k`.
    static func measure(_ family: KernelFamily, m: Int, n: Int, k: Int, context: CUDAContext,
                        stream: CUDAStream, gpu: GPUArchitecture, copyGBps: Double) throws -> String {
        var random = SplitMix()
        let spec = WeightOnlySpec(layout: layout, activation: .f16, convention: .gpu)
        let generator: any KernelGenerator<TileConfig> = family == .gemv ? GPTQGEMV(spec: spec) : GPTQGEMM(spec: spec)
        let config = generator.defaultConfig
        let kernel = try generator.emit(config)
        let function = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu))
            .function(named: kernel.name)

        // Valid random weights rotating through ~1 GiB of device copies (shared with `quantjit bench`).
        let weights = try GPUBenchWeights(context: context, layout: layout, k: k, n: n, workingSet: 1 << 30)
        let weightBytes = weights.bytesPerCall
        let x = try DeviceBuffer(context: context, copying: (0..<(m * k)).map { _ in
            Float16(Float(Int(random.next() % 2001) - 1000) / 1000)
        })
        let y = try DeviceBuffer<Float16>(context: context, count: m * n)
        try y.fill(byte: 0xFF)
        try context.synchronize()

        let grid = Dim3(config.blocks(m: m, n: n)), block = Dim3(config.threadsPerBlock)
        let (warmup, repetitions) = m >= 1024 ? (1, 3) : (3, 20)
        let timing = try stream.time(warmup: warmup, repetitions: repetitions) { run in
            let w = weights.copy(run)
            try function.launch(grid: grid, block: block, stream: stream,
                                arguments: x, w.qweight, w.qzeros, w.scales, w.gIdx, y, Int64(m), Int64(n), Int64(k))
        }
        try stream.synchronize()
        let unwritten = try y.toArray().filter { !$0.isFinite }.count
        guard unwritten == 0 else {
            throw Failure(description: "\(kernel.name) at \(m)×\(n)×\(k): \(unwritten) outputs not finite")
        }
        let seconds = timing.median / 1e3
        let bytes = Double(weightBytes + 2 * m * k + 2 * m * n)
        let gbps = bytes / seconds / 1e9
        let tflops = 2 * Double(m) * Double(n) * Double(k) / seconds / 1e12
        return "| \(kernel.name) | \(m) | \(n) | \(k) | \(format(timing.median, 4)) | \(format(gbps, 0)) | "
            + "\(format(100 * gbps / copyGBps, 1)) % | \(format(tflops, 2)) |"
    }

    static func format(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        return digits == 0 ? String(Int(rounded)) : String(rounded)
    }

    /// Prints the table; returns false if a row failed.
    static func run(context: CUDAContext) throws -> Bool {
        let capability = context.device.computeCapability
        let gpu: GPUArchitecture = capability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        let stream = try CUDAStream(context: context)
        let copy = try copyBandwidth(context, stream: stream)
        print("# GPTQ GPU kernels (\(layout.bits)-bit, group \(layout.groupSize), \(layout.zeroPoints), f16 activations, \(gpu))")
        print("device-to-device copy, 2 GiB: \(format(copy, 0)) GB/s (read + write, median of 10)\n")
        print("| kernel | M | N | K | median ms | GB/s | of copy | TFLOP/s |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        var ok = true
        for (n, k) in shapes {
            for (family, m) in [(KernelFamily.gemv, 1), (.gemm, 16), (.gemm, 4096)] {
                do {
                    print(try measure(family, m: m, n: n, k: k, context: context, stream: stream, gpu: gpu, copyGBps: copy))
                } catch {
                    print("| \(family) | \(m) | \(n) | \(k) | failed: \(error) | | | |")
                    ok = false
                }
            }
        }
        return ok
    }
}

/// SplitMix64, seeded from the system generator: fast enough for hundreds of MB of inputs.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64 = {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }()

    init() {}

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
