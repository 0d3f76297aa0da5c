import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `repack-kernel`: the repack kernel (`Kernels/GPTQ/Repack*`) on the GPU writes the same
/// bytes as its CPU variant (JIT-compiled here, and checked against the scalar reference by
/// `Tests/KernelsTests/RepackTests` and `RepackWidenTests`), for every source format (AWQ GEMM,
/// compressed-tensors pack-quantized, act-order GPTQ, FP8 e4m3; 2/4/8-bit, and 3-bit widened to
/// 4-bit words; symmetric and asymmetric; f16, bf16 and f32 scales) on random words
/// (every bit pattern is a valid packing) at N = 1000, K = 1024, outputs poisoned differently
/// on each side. Then times the GPU repack of a 28672 × 8192 weight once per format (AWQ, compressed-tensors
/// and GPTQ 4-bit act-order, GPTQ 3-bit act-order widened).
enum RepackCheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let sources: [RepackSource] = [
        RepackSource(format: .awq, bits: 4, groupSize: 128, asymmetric: true),
        RepackSource(format: .awq, bits: 4, groupSize: -1, asymmetric: false),
        RepackSource(format: .compressedTensors, bits: 4, groupSize: 128, asymmetric: true, actOrder: true),
        RepackSource(format: .compressedTensors, bits: 8, groupSize: -1, asymmetric: false),
        RepackSource(format: .compressedTensors, bits: 2, groupSize: 64, asymmetric: true),
        RepackSource(format: .gptq, bits: 4, groupSize: 128, asymmetric: true, gptqZeroPoints: .v1, actOrder: true),
        RepackSource(format: .gptq, bits: 8, groupSize: 32, asymmetric: false, actOrder: true),
        RepackSource(format: .gptq, bits: 2, groupSize: 64, asymmetric: true, gptqZeroPoints: .v2, actOrder: true),
        RepackSource(format: .compressedTensors, bits: 4, groupSize: 32, asymmetric: false, actOrder: true, scaleType: .bfloat16),
        .fp8(scaleType: .float32), .fp8(scaleType: .bfloat16, perTensorScale: true),
        // 3-bit sources widened to 4-bit words (N = 1000: the zero-point streams end mid-word).
        RepackSource(format: .gptq, bits: 3, groupSize: 32, asymmetric: true, gptqZeroPoints: .v1, actOrder: true),
        RepackSource(format: .gptq, bits: 3, groupSize: 128, asymmetric: true, gptqZeroPoints: .v2),
        RepackSource(format: .gptq, bits: 3, groupSize: -1, asymmetric: false),
        RepackSource(format: .compressedTensors, bits: 3, groupSize: -1, asymmetric: true, scaleType: .bfloat16),
        RepackSource(format: .compressedTensors, bits: 3, groupSize: 64, asymmetric: false, actOrder: true),
    ]

    /// Scales as stored, as raw 16- or 32-bit patterns: any f16 bits (copied), finite bf16 and
    /// f32 values (converted; NaN payloads are not compared).
    static func scalePatterns(_ source: RepackSource, count: Int, _ random: inout SplitMix) -> (half: [UInt16], float: [Float]) {
        switch source.scaleType {
        case .float16: return ((0..<count).map { _ in UInt16(truncatingIfNeeded: random.next()) }, [0])
        case .bfloat16:
            return ((0..<count).map { _ in UInt16(truncatingIfNeeded: random.next()) & 0xBFFF }, [0])  // exponent never all ones
        case .float32:
            return ([0], (0..<count).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: random.next()) & 0xBFFF_FFFF) })
        }
    }

    /// Random source tensors of `source` for `n × k`, with a valid act-order `g_idx`.
    static func sourceTensors(_ source: RepackSource, n: Int, k: Int, _ random: inout SplitMix)
        -> (weight: [Int32], zeros: [Int32], scales: (half: [UInt16], float: [Float]), gIdx: [Int32]) {
        let groups = source.groupSize > 0 ? k / source.groupSize : 1
        let words = source.sourceWeightWords(n: n, k: k)
        let zeroWords = max(1, source.sourceZeroWords(n: n, k: k))
        var gIdx: [Int32] = []
        if source.actOrder {
            var order = Array(0..<k)
            for i in stride(from: k - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
            gIdx = order.map { Int32($0 / source.groupSize) }
        }
        return (GPTQBench.randomWords(words, &random), GPTQBench.randomWords(zeroWords, &random),
                scalePatterns(source, count: source.perTensorScale ? 1 : groups * n, &random), gIdx)
    }

    /// Runs both variants on the same tensors; throws on the first differing output word.
    static func compare(_ source: RepackSource, n: Int, k: Int, context: CUDAContext, gpu: GPUArchitecture) throws -> String {
        var random = SplitMix()
        let (weight, zeros, scaleBits, gIdx) = sourceTensors(source, n: n, k: k, &random)
        let plan = try RepackPlan(source: source, n: n, k: k, gIdx: gIdx)
        let permutation = plan.permutation.isEmpty ? [Int32(-1)] : plan.permutation
        let config = RepackConfig()

        // CPU: the JIT-compiled variant.
        let cpuKernel = try CPUCompiler().compile(try GPTQRepack(source: source, convention: .cpuGrid).emit(config))
        var buffers: [UnsafeMutableRawBufferPointer] = []
        defer { buffers.forEach { $0.deallocate() } }
        func host<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
            let p = UnsafeMutableBufferPointer<T>.allocate(capacity: values.count)
            _ = p.initialize(from: values)
            buffers.append(UnsafeMutableRawBufferPointer(p))
            return p
        }
        let float = source.scaleType == .float32
        let cpuWeight = host([Int32](repeating: 0, count: plan.qweightWords))
        let cpuZeros = host([Int32](repeating: 0, count: max(1, plan.qzeroWords)))
        let cpuScales = host([UInt16](repeating: 0, count: plan.scaleCount))
        let scales: KernelArgument = float ? .pointer(host(scaleBits.float)) : .pointer(host(scaleBits.half))
        try GridRunner().run(cpuKernel, [.pointer(host(weight)), .pointer(host(zeros)), scales, .pointer(host(permutation)),
                                         .pointer(cpuWeight), .pointer(cpuZeros), .pointer(cpuScales), .int(n), .int(k)],
                             programs: plan.programs(config))

        // GPU: the PTX variant, outputs poisoned with all ones.
        let kernel = try GPTQRepack(source: source, convention: .gpu).emit(config)
        let function = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu)).function(named: kernel.name)
        let outWeight = try DeviceBuffer<Int32>(context: context, count: plan.qweightWords)
        let outZeros = try DeviceBuffer<Int32>(context: context, count: max(1, plan.qzeroWords))
        let outScales = try DeviceBuffer<UInt16>(context: context, count: plan.scaleCount)
        for buffer in [outWeight, outZeros] as [DeviceBuffer<Int32>] { try buffer.fill(byte: 0xFF) }
        try outScales.fill(byte: 0xFF)
        try function.launch(grid: Dim3(plan.blocks(config)), block: Dim3(config.threadsPerBlock),
                            arguments: try DeviceBuffer(context: context, copying: weight), try DeviceBuffer(context: context, copying: zeros),
                            try scaleBuffer(scaleBits, float: float, context: context), try DeviceBuffer(context: context, copying: permutation),
                            outWeight, outZeros, outScales, Int64(n), Int64(k))
        try context.synchronize()
        let gpuWeight = try outWeight.toArray(), gpuZeros = try outZeros.toArray(), gpuScales = try outScales.toArray()
        if let i = gpuWeight.indices.first(where: { gpuWeight[$0] != cpuWeight[$0] }) {
            throw Failure(description: "\(kernel.name): qweight word \(i): GPU \(gpuWeight[i]), CPU \(cpuWeight[i])")
        }
        if plan.qzeroWords > 0, let i = (0..<plan.qzeroWords).first(where: { gpuZeros[$0] != cpuZeros[$0] }) {
            throw Failure(description: "\(kernel.name): qzeros word \(i): GPU \(gpuZeros[i]), CPU \(cpuZeros[i])")
        }
        if let i = gpuScales.indices.first(where: { gpuScales[$0] != cpuScales[$0] }) {
            throw Failure(description: "\(kernel.name): scale \(i): GPU \(gpuScales[i]), CPU \(cpuScales[i])")
        }
        return kernel.name
    }

    static func scaleBuffer(_ scales: (half: [UInt16], float: [Float]), float: Bool, context: CUDAContext) throws -> any CUDAKernelArgument {
        float ? try DeviceBuffer(context: context, copying: scales.float) : try DeviceBuffer(context: context, copying: scales.half)
    }

    /// Event-timed GPU repack of an `n × k` weight (median of 5 after a warm-up), in ms.
    static func time(_ source: RepackSource, n: Int, k: Int, context: CUDAContext, gpu: GPUArchitecture) throws -> (ms: Double, bytes: Int) {
        var random = SplitMix()
        let (weight, zeros, scaleBits, gIdx) = sourceTensors(source, n: n, k: k, &random)
        let plan = try RepackPlan(source: source, n: n, k: k, gIdx: gIdx)
        let config = RepackConfig()
        let kernel = try GPTQRepack(source: source, convention: .gpu).emit(config)
        let function = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu)).function(named: kernel.name)
        let arguments: [any CUDAKernelArgument] = [
            try DeviceBuffer(context: context, copying: weight), try DeviceBuffer(context: context, copying: zeros),
            try scaleBuffer(scaleBits, float: source.scaleType == .float32, context: context),
            try DeviceBuffer(context: context, copying: plan.permutation.isEmpty ? [-1] : plan.permutation),
            try DeviceBuffer<Int32>(context: context, count: plan.qweightWords), try DeviceBuffer<Int32>(context: context, count: max(1, plan.qzeroWords)),
            try DeviceBuffer<UInt16>(context: context, count: plan.scaleCount), Int64(n), Int64(k),
        ]
        let stream = try CUDAStream(context: context)
        let timing = try stream.time(warmup: 1, repetitions: 5) { _ in
            try function.launch(grid: Dim3(plan.blocks(config)), block: Dim3(config.threadsPerBlock), stream: stream, arguments: arguments)
        }
        // Source and output words (a widened 3-bit source reads 3/4 of what it writes), scales, permutation.
        let scaleBytes = (source.scaleType == .float32 ? 4 : 2) * (source.perTensorScale ? 1 : plan.scaleCount)
        let bytes = 4 * (plan.sourceWeightWords + plan.sourceZeroWords + plan.qweightWords + plan.qzeroWords)
            + scaleBytes + 2 * plan.scaleCount + 4 * plan.permutation.count
        return (timing.median, bytes)
    }

    /// The GPU variants' PTX, named by variant, for `--dump-ptx`.
    static func ptxFiles(gpu: GPUArchitecture) throws -> [(name: String, ptx: String)] {
        try sources.map { source in
            let kernel = try GPTQRepack(source: source, convention: .gpu).emit(RepackConfig())
            return (kernel.name, try PTXCompiler().ptx(kernel, gpu: gpu))
        }
    }

    static let check = CUDASelfTest.Check("repack-kernel") { context in
        let gpu: GPUArchitecture = context.device.computeCapability >= .init(major: 9, minor: 0) ? .sm_90 : .sm_80
        var passed: [String] = [], failed: [String] = []
        for source in sources {
            do {
                passed.append(try compare(source, n: 1000, k: 1024, context: context, gpu: gpu))
            } catch {
                failed.append("\(source): \(error)")
            }
        }
        guard failed.isEmpty else {
            throw Failure(description: "\(failed.count) of \(sources.count) sources differ:\n  " + failed.joined(separator: "\n  "))
        }
        var timings: [String] = []
        for source in [sources[0], sources[2], sources[5], sources[11]] {
            let (ms, bytes) = try time(source, n: 28672, k: 8192, context: context, gpu: gpu)
            timings.append("\(source) \(GPTQBench.format(ms, 3)) ms (\(GPTQBench.format(Double(bytes) / (ms / 1e3) / 1e9, 0)) GB/s read + written)")
        }
        return "\(passed.count) sources (\(gpu)): GPU bytes = CPU bytes at 1000×1024 (\(passed.joined(separator: ", "))); "
            + "repack of 28672×8192: " + timings.joined(separator: ", ")
    }
}
