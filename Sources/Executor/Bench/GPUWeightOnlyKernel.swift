import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// The GPU weight-only kernel that serves an `m × n × k` GPTQ problem with f16 or bf16
/// activations (and outputs of the same type), chosen as the executor chooses: the tensor-core
/// decode GEMV (``KernelRegistry/gpuDecodeGEMV(_:m:n:k:)``) for M ≤ 16 where it serves the
/// layout (2-, 4- and 8-bit, f16 or bf16), for larger M — and for bf16 layouts
/// the GEMV does not serve — the Hopper `wgmma` GEMM (`GPTQGPUWGMMA`, sm_90a, 2-, 4- and 8-bit, weights
/// in ``GPTQWGMMALayout``) where it serves the shape, else the `mma.sync` GEMM (`GPTQGPUGEMM`, 4-bit), and
/// the registry's priority table (one thread per column, f16 only) where none supports the layout
/// or shape.
/// Each kind knows its variant name, its candidate configs and how to launch itself.
public enum GPUWeightOnlyKernel {
    case decodeGEMV(GPTQGPUGEMV, GPUGEMVConfig)
    case gemm(GPTQGPUGEMM, GPUGEMMConfig)
    /// The `wgmma` GEMM (sm_90a); its `qweight` is in ``GPTQWGMMALayout`` (``readsWGMMALayout``).
    case wgmma(GPTQGPUWGMMA, GPUWGMMAConfig)
    case registry(Selection)
    /// Weight-only FP8 (e4m3, per-channel scales) for M ≤ 16.
    case fp8GEMV(FP8GPUGEMV, GPUGEMVConfig)

    /// The FP8 W8A16 GEMV for `m ≤ 16` with `activation` (`.f16` or `.bf16`) activations and
    /// outputs, its preferred config or the candidate named `configName`.
    public static func chooseFP8(m: Int, n: Int, k: Int, activation: ScalarType = .f16, configName: String? = nil) throws -> GPUWeightOnlyKernel {
        guard activations.contains(activation) else {
            throw GPUBenchError.unsupported("the FP8 W8A16 GEMV takes f16 or bf16 activations, not \(activation.name)")
        }
        let g = FP8GPUGEMV(activation: activation)
        if m > 16 { throw GPUBenchError.unsupported("the FP8 W8A16 kernel is a decode GEMV: M = \(m) > 16") }
        var c = g.preferredConfig(m: m, n: n, k: k)
        if let configName {
            guard let named = g.candidateConfigs.first(where: { $0.description == configName }) else {
                throw GPUBenchError.unsupported("no candidate config named \(configName); candidates: "
                    + g.candidateConfigs.map(\.description).joined(separator: ", "))
            }
            c = named
        }
        try g.validate(c)
        if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) { throw GPUBenchError.unsupported(problem) }
        return .fp8GEMV(g, c)
    }

    /// The activation (and output) types the GPU weight-only kernels take.
    public static let activations: [ScalarType] = [.f16, .bf16]

    /// Chooses the kernel for `activation` (`.f16` or `.bf16`) activations and outputs.
    /// `configName` picks one of the chosen generator's candidate configs by name
    /// (`r8w10c1u4p`, `m256n128w4x2p`, `m1n1t128u2`); nil keeps the default.
    public static func choose(layout: GPTQLayout, m: Int, n: Int, k: Int, gpu: GPUArchitecture, activation: ScalarType = .f16,
                              configName: String? = nil) throws -> GPUWeightOnlyKernel {
        guard activations.contains(activation) else {
            throw GPUBenchError.unsupported("the GPU weight-only kernels take f16 or bf16 activations, not \(activation.name)")
        }
        let request = KernelRequest(family: m == 1 ? .gemv : .gemm, format: .gptq(layout), activation: activation, target: .gpu(gpu))
        var decode = request
        decode.family = .gemv
        func pick<C: CustomStringConvertible>(_ candidates: [C], default d: C) throws -> C {
            guard let configName else { return d }
            guard let c = candidates.first(where: { $0.description == configName }) else {
                throw GPUBenchError.unsupported("no candidate config named \(configName); candidates: "
                    + candidates.map(\.description).joined(separator: ", "))
            }
            return c
        }
        if m <= 16, let (g, preferred) = KernelRegistry.gpuDecodeGEMV(decode, m: m, n: n, k: k) {
            let c = try pick(g.candidateConfigs, default: preferred)
            if let problem = g.unsupportedShape(m: m, n: n, k: k, config: c) { throw GPUBenchError.unsupported(problem) }
            return .decodeGEMV(g, c)
        }
        // No decode GEMV for this layout and activation type: the tensor-core GEMMs serve small M too.
        let gemmRows = m > 16 || (m >= 1 && activation != .f16)
        let wgmma = GPTQGPUWGMMA(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
        if gemmRows, gpu == .sm_90a, (try? wgmma.validate(wgmma.defaultConfig)) != nil,
           wgmma.unsupportedShape(m: m, n: n, k: k, config: wgmma.defaultConfig) == nil {
            let c = try pick(wgmma.candidateConfigs, default: wgmma.defaultConfig)
            try wgmma.validate(c)
            if let problem = wgmma.unsupportedShape(m: m, n: n, k: k, config: c) { throw GPUBenchError.unsupported(problem) }
            return .wgmma(wgmma, c)
        }
        let gemm = GPTQGPUGEMM(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
        if gemmRows, (try? gemm.validate(gemm.defaultConfig)) != nil,
           gemm.unsupportedShape(m: m, n: n, k: k, config: gemm.defaultConfig) == nil {
            let c = try pick(gemm.candidateConfigs, default: gemm.defaultConfig)
            try gemm.validate(c)
            if let problem = gemm.unsupportedShape(m: m, n: n, k: k, config: c) { throw GPUBenchError.unsupported(problem) }
            return .gemm(gemm, c)
        }
        guard activation == .f16 else {
            throw GPUBenchError.unsupported("\(activation.name) activations: no GPU kernel serves \(WeightFormat.gptq(layout)) at M = \(m), \(n)×\(k) "
                + "(the tensor-core GEMMs take 4-bit weights, the wgmma GEMM on sm_90a also 2- and 8-bit; the decode GEMV 2-, 4- and 8-bit at M ≤ 16; the generic kernels take f16 only)")
        }
        var s = try KernelRegistry.standard.select(request)
        if let configName {
            guard let c = s.generator.candidateConfigs.first(where: { $0.name(gpu: true) == configName }) else {
                throw GPUBenchError.unsupported("no candidate config named \(configName); candidates: "
                    + s.generator.candidateConfigs.map { $0.name(gpu: true) }.joined(separator: ", "))
            }
            s.config = c
        }
        return .registry(s)
    }

    public var variantName: String {
        switch self {
        case .decodeGEMV(let g, let c): g.variantName(c)
        case .gemm(let g, let c): g.variantName(c)
        case .wgmma(let g, let c): g.variantName(c)
        case .registry(let s): s.variantName
        case .fp8GEMV(let g, let c): g.variantName(c)
        }
    }

    /// The names of the chosen generator's candidate configs that can run `m × n × k`.
    public func candidateConfigNames(m: Int, n: Int, k: Int) -> [String] {
        switch self {
        case .decodeGEMV(let g, _):
            g.candidateConfigs.filter { (try? g.validate($0)) != nil && g.unsupportedShape(m: m, n: n, k: k, config: $0) == nil }
                .map(\.description)
        case .gemm(let g, _):
            g.candidateConfigs.filter { (try? g.validate($0)) != nil && g.unsupportedShape(m: m, n: n, k: k, config: $0) == nil }
                .map(\.description)
        case .wgmma(let g, _):
            g.candidateConfigs.filter { (try? g.validate($0)) != nil && g.unsupportedShape(m: m, n: n, k: k, config: $0) == nil }
                .map(\.description)
        case .registry(let s):
            s.generator.candidateConfigs.filter { (try? s.generator.validate($0)) != nil }.map { $0.name(gpu: true) }
        case .fp8GEMV(let g, _):
            g.candidateConfigs.filter { g.unsupportedShape(m: m, n: n, k: k, config: $0) == nil }.map(\.description)
        }
    }

    /// The activation and output type: `.f16` or `.bf16`.
    public var activation: ScalarType {
        switch self {
        case .decodeGEMV(let g, _): g.spec.activation
        case .gemm(let g, _): g.spec.activation
        case .wgmma(let g, _): g.spec.activation
        case .fp8GEMV(let g, _): g.activation
        case .registry: .f16  // the registry's GPU kernels serve bf16 nowhere (choose only admits f16 there)
        }
    }

    /// Which path was taken, in words.
    public var kind: String {
        switch self {
        case .decodeGEMV: "tensor-core decode GEMV (M ≤ 16)"
        case .gemm: "tensor-core GEMM (mma.sync)"
        case .wgmma: "tensor-core GEMM (wgmma, sm_90a; weights in the wgmma layout)"
        case .registry: "registry kernel (one thread per column; the tensor-core kernels do not serve this layout or shape)"
        case .fp8GEMV(let g, _): "weight-only FP8 tensor-core decode GEMV (W8A16, e4m3 → \(g.activation.name) in registers)"
        }
    }

    /// The kernel's KIR.
    public func emit() throws -> Kernel {
        try emitBound(cutting: [])
    }

    /// The decode GEMVs' timing bounds (``GPTQGPUGEMV/emitBound(_:cutting:)``: wrong results, a
    /// name of their own); `cuts` empty is ``emit()``. The GEMMs and registry kernels have no cuts.
    public func emitBound(cutting cuts: GPUGEMVCuts) throws -> Kernel {
        switch self {
        case .decodeGEMV(let g, let c): return try g.emitBound(c, cutting: cuts)
        case .fp8GEMV(let g, let c): return try g.emitBound(c, cutting: cuts)
        default: break
        }
        guard cuts.isEmpty else {
            throw KernelConfigError(generator: variantName, message: "cuts (\(cuts)) apply to the decode GEMVs only, not to \(kind)")
        }
        return switch self {
        case .gemm(let g, let c): try g.emit(c)
        case .wgmma(let g, let c): try g.emit(c)
        case .registry(let s): try s.emit()
        case .decodeGEMV, .fp8GEMV: preconditionFailure("served above")
        }
    }

    /// The PTX ISA the variant needs on `gpu`.
    public func ptxVersion(_ gpu: GPUArchitecture) -> Int {
        if case .decodeGEMV(_, let c) = self { return max(c.minimumPTX, gpu.minimumPTX) }
        if case .fp8GEMV(_, let c) = self { return max(c.minimumPTX, gpu.minimumPTX) }
        return gpu.minimumPTX
    }

    /// Whether the kernel reads `qweight` in ``GPTQWGMMALayout`` rather than GPTQ's.
    public var readsWGMMALayout: Bool { wordArrangement == .wgmma }

    /// A rewrite of GPTQ's `qweight` words that a kernel reads instead of them (``deviceWords(_:)``).
    public enum WordArrangement: String, Hashable, Sendable {
        /// ``GPTQWGMMALayout``, for the `wgmma` GEMM.
        case wgmma
        /// ``GPTQGPUGEMV/interleave(_:bits:)``, for a decode GEMV with ``GPUGEMVConfig/interleavedWords``
        /// (and not ``GPUGEMVConfig/tiledWords``).
        case interleaved
        /// Interleaved words in 32-column strips (``GPTQGPUGEMV/tile(_:n:)``), for a decode GEMV
        /// with ``GPUGEMVConfig/tiledWords``.
        case interleavedStrips
        /// The words as packed, in 32-column strips: a decode GEMV (2- and 8-bit GPTQ, FP8 W8A16) with
        /// ``GPUGEMVConfig/tiledWords`` and not ``GPUGEMVConfig/interleavedWords``.
        case strips

        /// GPTQ's `qweight` words (`bits`-bit values, `n` columns) back from a copy in this
        /// arrangement, or nil where the arrangement cannot give them back (the `wgmma` layout).
        public func packedWords(from words: [Int32], bits: Int, n: Int) -> [Int32]? {
            switch self {
            case .wgmma: nil
            case .interleaved: GPTQGPUGEMV.deinterleave(words, bits: bits)
            case .interleavedStrips: GPTQGPUGEMV.deinterleave(GPTQGPUGEMV.untile(words, n: n), bits: bits)
            case .strips: GPTQGPUGEMV.untile(words, n: n)
            }
        }

        /// Whether ``packedWords(from:bits:n:)`` gives GPTQ's words back.
        public var restoresPackedWords: Bool { self != .wgmma }
    }

    /// How the kernel's `qweight` differs from GPTQ's packing: nil where it reads the words as packed.
    public var wordArrangement: WordArrangement? {
        switch self {
        case .wgmma: return .wgmma
        case .decodeGEMV(_, let c), .fp8GEMV(_, let c):
            switch (c.interleavedWords, c.tiledWords) {
            case (true, true): return .interleavedStrips
            case (true, false): return .interleaved
            case (false, true): return .strips
            case (false, false): return nil
            }
        default: return nil
        }
    }

    /// `qweight` as the kernel reads it: as packed, rewritten into ``GPTQWGMMALayout`` for the
    /// `wgmma` GEMM, or for a decode GEMV with interleaved words (``GPTQGPUGEMV/interleave(_:bits:)``,
    /// ``GPUGEMVConfig/interleavedWords``) and/or in strips (``GPUGEMVConfig/tiledWords``).
    public func deviceWords(_ w: GPTQWeight) -> [Int32] {
        switch self {
        case .wgmma: return GPTQWGMMALayout.repack(w)
        case .decodeGEMV(let g, let c): return g.weightWords(w.qweight, n: w.n, config: c)
        case .fp8GEMV(let g, let c): return g.geometry.weightWords(w.qweight, n: w.n, config: c)
        default: return w.qweight
        }
    }

    /// Compiles to PTX and loads it.
    public func load(context: CUDAContext, gpu: GPUArchitecture) throws -> LoadedGPUWeightOnlyKernel {
        var sharedBytes = 0
        if case .wgmma(_, let c) = self { sharedBytes = c.sharedBytes }
        let function = try loadKernel(try emit(), context: context, gpu: gpu, ptx: ptxVersion(gpu), dynamicSharedBytes: sharedBytes)
        return try LoadedGPUWeightOnlyKernel(kernel: self, function: function, context: context)
    }
}

/// Compiles `kernel` to PTX for `gpu` (PTX ISA `ptx`, default the target's minimum), loads it
/// and returns its function; with `dynamicSharedBytes` > 0 also raises the function's dynamic
/// shared-memory limit (needed above 48 KiB).
public func loadKernel(_ kernel: Kernel, context: CUDAContext, gpu: GPUArchitecture, ptx: Int? = nil,
                       dynamicSharedBytes: Int = 0) throws -> CUDAFunction {
    let function = try CUDAModule(context: context, ptx: try PTXCompiler().ptx(kernel, gpu: gpu, ptx: ptx)).function(named: kernel.name)
    if dynamicSharedBytes > 0 { try function.setMaxDynamicSharedMemory(bytes: dynamicSharedBytes) }
    return function
}

/// A loaded kernel with the scratch buffers its launches need.
public final class LoadedGPUWeightOnlyKernel {
    public let kernel: GPUWeightOnlyKernel
    public let function: CUDAFunction
    private var workspace: DeviceBuffer<Float>?
    private var counters: DeviceBuffer<Int32>?
    private var workspaceColumns = 0

    init(kernel: GPUWeightOnlyKernel, function: CUDAFunction, context: CUDAContext) throws {
        self.kernel = kernel
        self.function = function
    }

    /// Queues `y[m, n] = x[m, k] · W` on `stream` with one weight copy. `x` and `y` hold the
    /// kernel's ``GPUWeightOnlyKernel/activation`` type: `Float16`, or bf16 bit patterns as `UInt16`.
    public func launch<Element: BitwiseCopyable>(
        x: DeviceBuffer<Element>, weights: (qweight: DeviceBuffer<Int32>, qzeros: DeviceBuffer<Int32>, scales: DeviceBuffer<UInt16>, gIdx: DeviceBuffer<Int32>),
        y: DeviceBuffer<Element>, m: Int, n: Int, k: Int, stream: CUDAStream
    ) throws {
        precondition(MemoryLayout<Element>.size == 2, "x and y hold 16-bit floats (f16, or bf16 bits)")
        precondition(Element.self != Float16.self || kernel.activation == .f16, "a bf16 kernel takes bf16 bit patterns (UInt16), not Float16")
        let common: [any CUDAKernelArgument] = [x, weights.qweight, weights.qzeros, weights.scales, weights.gIdx, y,
                                                Int64(m), Int64(n), Int64(k)]
        switch kernel {
        case .decodeGEMV(_, let c), .fp8GEMV(_, let c):
            if workspaceColumns != n {
                // Split-K partials and the zeroed counters that pick each tile's last block.
                workspace = try DeviceBuffer<Float>(context: stream.context, count: c.workspaceFloats(n: n))
                counters = try DeviceBuffer<Int32>(context: stream.context, count: max(1, c.counterCount(n: n)))
                try counters!.fill(byte: 0)
                workspaceColumns = n
            }
            try function.launch(grid: Dim3(c.columnTiles(n: n), c.splits), block: Dim3(c.threads), stream: stream,
                                arguments: common + [workspace!, counters!])
        case .gemm(_, let c):
            let grid = c.grid(m: m, n: n)
            try function.launch(grid: Dim3(grid.x, grid.y), block: Dim3(c.threads), stream: stream, arguments: common)
        case .wgmma(_, let c):
            let grid = c.grid(m: m, n: n)
            try function.launch(grid: Dim3(grid.x, grid.y), block: Dim3(c.threads), sharedMemoryBytes: c.sharedBytes, stream: stream,
                                arguments: common)
        case .registry(let s):
            try function.launch(grid: Dim3(s.config.blocks(m: m, n: n)), block: Dim3(s.config.threadsPerBlock), stream: stream,
                                arguments: common)
        }
    }
}
