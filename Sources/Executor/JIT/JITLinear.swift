import Checkpoint
import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

/// How ``JITLinearFactory`` builds kernels: the strategy and tile config per family.
public struct JITLinearOptions: Sendable, Hashable {
    /// Strategy for one input row (decode).
    public var gemvStrategy: GGUFStrategy
    /// Strategy for several input rows (prefill).
    public var gemmStrategy: GGUFStrategy
    /// Tile configs; nil takes each generator's default.
    public var gemvConfig: GGUFTileConfig?
    public var gemmConfig: GGUFTileConfig?
    /// Q4_1/Q8_0 int8 kernels in ggml's float order, bit-identical to llama.cpp's CPU results
    /// but slower for prefill (see ``GGUFMatmulSpec/ggmlOrder``); off by default.
    public var ggmlOrder = false

    /// The defaults take the int8 strategy where the host has AVX-512 VNNI and VBMI, f32 FMA
    /// elsewhere.
    public init(gemvStrategy: GGUFStrategy = GGUFHostSupport.preferredStrategy, gemmStrategy: GGUFStrategy = GGUFHostSupport.preferredStrategy,
                gemvConfig: GGUFTileConfig? = nil, gemmConfig: GGUFTileConfig? = nil) {
        self.gemvStrategy = gemvStrategy
        self.gemmStrategy = gemmStrategy
        self.gemvConfig = gemvConfig
        self.gemmConfig = gemmConfig
    }
}

/// A ``LinearKernelFactory`` that JIT-compiles fused dequantize-GEMV/GEMM kernels for the GGUF
/// types in ``GGUFMatmulSpec/supportedTypes`` and ``GGUFMatmulSpec/floatTypes`` (GEMV when
/// `rows == 1`, GEMM otherwise) and falls back on ``ReferenceGGUFLinear`` for the rest (see
/// ``rejection(_:k:)``), saying so through `log`.
public struct JITLinearFactory: LinearKernelFactory {
    public var options: JITLinearOptions
    public var cache: GGUFKernelCache
    /// Receives one line per tensor that falls back on the reference.
    public var log: @Sendable (String) -> Void

    public init(options: JITLinearOptions = JITLinearOptions(), cache: GGUFKernelCache = .shared,
                log: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }) {
        self.options = options
        self.cache = cache
        self.log = log
    }

    /// The options a tensor of `type` gets: ``options``, except that the float types (F32,
    /// F16, BF16) always take the f32 FMA strategy.
    public func options(for type: GGMLType) -> JITLinearOptions {
        guard GGUFMatmulSpec.floatTypes.contains(type) else { return options }
        var o = options
        o.gemvStrategy = .fma
        o.gemmStrategy = .fma
        return o
    }

    /// Why a tensor of `type` (with rows of `k` values, when given) gets no JIT kernel on this
    /// host, or nil when it gets one.
    public func rejection(_ type: GGMLType, k: Int? = nil) -> String? {
        guard GGUFHostSupport.isX86 else { return "the JIT GGUF kernels need an x86-64 host" }
        let o = options(for: type)
        guard GGUFMatmulSpec.supports(type, strategy: o.gemvStrategy), GGUFMatmulSpec.supports(type, strategy: o.gemmStrategy) else {
            return "\(type.name) has no JIT kernel (supported: \((GGUFMatmulSpec.supportedTypes + GGUFMatmulSpec.floatTypes).map(\.name).joined(separator: ", ")))"
        }
        if (o.gemvStrategy == .int8 || o.gemmStrategy == .int8) && !GGUFHostSupport.int8Available {
            return "the int8 strategy needs AVX-512 VNNI and VBMI or AVX2, which this host lacks"
        }
        let multiple = GGUFMatmulSpec(type: type, strategy: o.gemvStrategy).kMultiple
        if let k, k % multiple != 0 { return "rows of \(k) \(type.name) values are not a multiple of \(multiple)" }
        return nil
    }

    /// Whether tensors of `type` get JIT kernels here.
    public func supports(_ type: GGMLType) -> Bool { rejection(type) == nil }

    public func makeLinear(tensor: GGUFTensorInfo, in file: GGUFFile, threads: ThreadPool) throws -> LinearKernel {
        if let why = rejection(tensor.type, k: tensor.rowLength) {
            log("JITLinearFactory: \(tensor.name): \(why); using the reference")
            return try ReferenceGGUFLinear(tensor: tensor, in: file, threads: threads)
        }
        return try JITGGUFLinear(tensor: tensor, in: file, threads: threads, options: options(for: tensor.type), cache: cache)
    }

    /// Compiles, concurrently, every variant the given types need (optional: ``makeLinear``
    /// compiles on demand).
    public func prepare(types: [GGMLType]) throws {
        let plans = Set(types.filter(supports)).map { JITGGUFPlan(type: $0, options: options(for: $0)) }
        _ = try cache.kernels(plans.flatMap(\.requests))
    }
}

/// The generators and configs for one GGML type.
struct JITGGUFPlan {
    let gemv: GGUFGEMV, gemm: GGUFGEMM
    let gemvConfig: GGUFTileConfig, gemmConfig: GGUFTileConfig
    let quantizer = GGUFQuantizerConfig()

    init(type: GGMLType, options: JITLinearOptions) {
        gemv = GGUFGEMV(type: type, strategy: options.gemvStrategy, ggmlOrder: options.ggmlOrder)
        gemm = GGUFGEMM(type: type, strategy: options.gemmStrategy, ggmlOrder: options.ggmlOrder)
        // The measured GEMV tile (one weight stream per thread) for the default order; the
        // ggml-order kernels keep their own default (two rows per 512-bit step).
        let preferred = options.ggmlOrder ? nil : GGUFPreferredConfigs.gemv(type, strategy: options.gemvStrategy)
        gemvConfig = options.gemvConfig ?? preferred ?? gemv.defaultConfig
        gemmConfig = options.gemmConfig ?? gemm.defaultConfig
    }

    /// The activation quantizer of an int8 spec: its layout, and ggml's rounding for its type.
    func quantizer(_ spec: GGUFMatmulSpec) -> GGUFActivationQuantizer {
        GGUFActivationQuantizer(layout: spec.activationLayout, rounding: GGUFActivationRoundingMode(weight: spec.type))
    }

    /// GEMV, GEMM, then the activation quantizers of each (the same one when layouts agree).
    var requests: [GGUFKernelCache.Request] {
        let (gv, gm, cv, cm, qc) = (gemv, gemm, gemvConfig, gemmConfig, quantizer)
        let qv = quantizer(gv.spec), qm = quantizer(gm.spec)
        return [
            .init(name: gv.variantName(cv)) { try gv.emit(cv) },
            .init(name: gm.variantName(cm)) { try gm.emit(cm) },
            .init(name: qv.variantName(qc)) { try qv.emit(qc) },
            .init(name: qm.variantName(qc)) { try qm.emit(qc) },
        ]
    }
}

/// A linear layer over GGUF weights computed by JIT-compiled kernels.
public final class JITGGUFLinear: LinearKernel, @unchecked Sendable {
    public let inputCount: Int
    public let outputCount: Int
    public let type: GGMLType
    /// The variant names used for one row and for several rows.
    public var gemvName: String { kernels.gemv.name }
    public var gemmName: String { kernels.gemm.name }
    let weights: UnsafeRawPointer
    let file: GGUFFile
    let kernels: JITGGUFKernels

    init(tensor: GGUFTensorInfo, in file: GGUFFile, threads: ThreadPool, options: JITLinearOptions, cache: GGUFKernelCache) throws {
        guard tensor.dimensions.count == 2 || (tensor.dimensions.count > 2 && tensor.dimensions[2...].allSatisfy { $0 == 1 }) else {
            throw GGUFError.badTensor(file: file.fileName, tensor: tensor.name, reason: "expected a matrix, found dimensions \(tensor.dimensions)")
        }
        inputCount = tensor.rowLength
        outputCount = tensor.rowCount
        type = tensor.type
        guard inputCount % GGUFMatmulSpec(type: type, strategy: options.gemvStrategy).kMultiple == 0 else {
            throw GGUFError.badTensor(file: file.fileName, tensor: tensor.name, reason: "row length \(inputCount) is not a whole number of \(type.name) blocks")
        }
        weights = file.data(of: tensor).baseAddress!
        self.file = file
        kernels = try JITGGUFKernels(type: type, options: options, cache: cache, threads: threads.threads)
    }

    public func apply(x: UnsafePointer<Float>, rows: Int, y: UnsafeMutablePointer<Float>) {
        kernels.run(x: x, rows: rows, weights: weights, n: outputCount, k: inputCount, y: y)
    }
}

/// The compiled kernels of one GGML type and how to call them: `y[rows][n] = x · Wᵀ`.
struct JITGGUFKernels: @unchecked Sendable {
    let plan: JITGGUFPlan
    let gemv: CPUKernel, gemm: CPUKernel, gemvQuantizer: CPUKernel, gemmQuantizer: CPUKernel
    let runner: GridRunner

    init(type: GGMLType, options: JITLinearOptions, cache: GGUFKernelCache, threads: Int) throws {
        plan = JITGGUFPlan(type: type, options: options)
        let k = try cache.kernels(plan.requests)
        (gemv, gemm, gemvQuantizer, gemmQuantizer) = (k[0], k[1], k[2], k[3])
        runner = GridRunner(threads: threads)
    }

    func run(x: UnsafePointer<Float>, rows: Int, weights: UnsafeRawPointer, n: Int, k: Int, y: UnsafeMutablePointer<Float>) {
        guard rows > 0 else { return }
        let single = rows == 1
        let spec = single ? plan.gemv.spec : plan.gemm.spec
        let kernel = single ? gemv : gemm
        let programs = (single ? plan.gemvConfig : plan.gemmConfig).programs(m: rows, n: n)
        do {
            guard spec.strategy == .int8 else {
                try runner.run(kernel, [.pointer(x), .pointer(weights), .pointer(y), .int(rows), .int(n), .int(k)], programs: programs)
                return
            }
            let blocks = rows * k / 32
            let xq = UnsafeMutablePointer<Int8>.allocate(capacity: rows * k)
            let xd = UnsafeMutablePointer<Float>.allocate(capacity: 2 * blocks)
            defer { xq.deallocate(); xd.deallocate() }
            let xs = xd + blocks
            try runner.run(single ? gemvQuantizer : gemmQuantizer, [.pointer(x), .pointer(xq), .pointer(xd), .pointer(xs), .int(rows), .int(k)],
                           programs: plan.quantizer.programs(m: rows))
            try runner.run(kernel, [.pointer(xq), .pointer(xd), .pointer(xs), .pointer(weights), .pointer(y), .int(rows), .int(n), .int(k)],
                           programs: programs)
        } catch {
            preconditionFailure("JITGGUFLinear: \(error)")  // the arguments are built here: a mismatch is a bug
        }
    }
}
