import CUDA
import Checkpoint
import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

/// One INT8 or FP8 W8A8 module on the GPU, along its ``GPULinearPlan``: the 8-bit weights and
/// their scales uploaded once; ``apply(x:rows:)`` quantizes the f16 activations on the device
/// (the plan's activation quantizer) and runs the W8A8 GEMM ``W8A8GPUKernelChoice`` picks for
/// the number of rows (the decode kernel for M ≤ 16, `mma.sync`, or `wgmma` on sm_90a for large M).
public final class GPUW8A8Linear {
    public let plan: GPULinearPlan
    public let n: Int, k: Int
    public let quantizer: ActivationQuantSpec
    public let spec: W8A8GPUSpec
    let context: CUDAContext
    let stream: CUDAStream
    let weights: DeviceBuffer<UInt8>, weightScales: DeviceBuffer<Float>, columnSums: DeviceBuffer<Int32>
    /// The checkpoint's static activation scale and zero point (static per-tensor scaling).
    public let staticScale: Float?, staticZero: Int32
    private var functions: [String: CUDAFunction] = [:]

    public init(module: ResolvedModule, in checkpoint: QuantizedCheckpoint, plan: GPULinearPlan, context: CUDAContext) throws {
        guard case .w8a8(let quantizer, let spec) = plan.computation else {
            throw RoutingError.unsupported(module: module.name, reason: "not a W8A8 plan: \(plan)")
        }
        self.plan = plan
        self.quantizer = quantizer
        self.spec = spec
        n = module.n
        k = module.k
        self.context = context
        stream = try CUDAStream(context: context)
        let stored = try checkpoint.storedWeight(module)
        guard case .bytes(let bytes) = stored.weight, bytes.count == n * k else {
            throw RoutingError.shape("\(module.name): W8A8 weights must be \(n) × \(k) bytes")
        }
        weights = try DeviceBuffer(context: context, copying: bytes)
        var scales = stored.scales
        if (spec.scaling == .channelToken || spec.scaling == .tensorChannel) && scales.count == 1 {
            scales = Array(repeating: scales[0], count: n)  // per-tensor weights
        }
        if spec.scaling == .channelToken && (quantizer.scaling == .staticPerTensor || quantizer.scaling == .dynamicPerTensor) {
            throw RoutingError.unsupported(module: module.name, reason: "per-tensor activations take the tensorChannel scaling, not channelToken: \(plan)")
        }
        weightScales = try DeviceBuffer(context: context, copying: scales)
        let sums = spec.activationZeroPoint ? W8A8GPUWeights.columnSums(bytes.map { Int8(bitPattern: $0) }, n: n, k: k) : [0]
        columnSums = try DeviceBuffer(context: context, copying: sums)
        if quantizer.scaling == .staticPerTensor {
            staticScale = try checkpoint.view(module, "input_scale").floats().first
            staticZero = quantizer.symmetric ? 0 : Int32(try checkpoint.view(module, "input_zero_point").integers().first ?? 0)
        } else {
            (staticScale, staticZero) = (nil, 0)
        }
    }

    /// The loaded function of variant `name`, compiled on first use only.
    func function(_ name: String, ptx: Int, sharedBytes: Int = 0, emit: () throws -> Kernel) throws -> CUDAFunction {
        if let f = functions[name] { return f }
        let f = try loadKernel(try emit(), context: context, gpu: plan.gpu, ptx: ptx, dynamicSharedBytes: sharedBytes)
        functions[name] = f
        return f
    }

    /// `y[rows, n] = dequant(quantize(x)) · dequant(W)ᵀ` with `x` rounded to f16, on the GPU.
    public func apply(x: [Float], rows: Int) throws -> [Float] {
        precondition(x.count == rows * k, "x holds \(x.count) values, expected \(rows) × \(k)")
        let input = try DeviceBuffer(context: context, copying: x.map { Float16($0) })
        let codes = try DeviceBuffer<UInt8>(context: context, count: rows * k)
        let slots: Int
        switch quantizer.scaling {
        case .staticPerTensor: slots = 1
        case .dynamicPerTensor: slots = 1 + 2 * rows
        case .dynamicPerToken: slots = rows
        case .dynamicPerTokenGroup(let g): slots = rows * (k / g)
        }
        let scales = try DeviceBuffer(context: context, copying: [Float](repeating: staticScale ?? 0, count: slots))
        let zeros = try DeviceBuffer(context: context, copying: [Int32](repeating: staticZero, count: slots))
        let q = ActivationQuantize(spec: quantizer), qc = q.defaultConfig
        let arguments: [any CUDAKernelArgument] = [input, codes, scales, zeros, Int64(rows), Int64(k)]
        if quantizer.scaling == .dynamicPerTensor {
            try function(q.variantName(qc) + "_range", ptx: plan.gpu.minimumPTX) { try q.emitRangePass(qc) }
                .launch(grid: Dim3(qc.blocks(tokens: rows)), block: Dim3(qc.threadsPerBlock), stream: stream, arguments: arguments)
        }
        try function(q.variantName(qc), ptx: plan.gpu.minimumPTX) { try q.emit(qc) }
            .launch(grid: Dim3(qc.blocks(tokens: rows)), block: Dim3(qc.threadsPerBlock), stream: stream, arguments: arguments)
        // Per-tensor activations (static or dynamic) × per-channel weights: the GEMM's
        // `tensorChannel` epilogue reads `scales[0]` and `zeros[0]` on the device (no read-back).
        let y = try DeviceBuffer<UInt16>(context: context, count: rows * n)
        let ptx = max(spec.minimumPTX, plan.gpu.minimumPTX)
        // Split-K and wave sizes follow this device's SM count (the plan's stages assume an H200's 132).
        switch W8A8GPUKernelChoice.pick(spec, m: rows, n: n, k: k, hopper: plan.gpu == .sm_90a, multiprocessors: context.device.multiprocessorCount) {
        case .mma(let g, let c):
            let counters = try DeviceBuffer<Int32>(context: context, count: max(1, c.counterCount(m: rows, n: n)))
            try counters.fill(byte: 0)
            let workspace = try DeviceBuffer<Float>(context: context, count: max(1, c.workspaceFloats(m: rows, n: n)))
            let grid = c.grid(m: rows, n: n)
            try function(g.variantName(c), ptx: ptx, sharedBytes: c.sharedBytes) { try g.emit(c) }
                .launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), sharedMemoryBytes: c.sharedBytes, stream: stream,
                        arguments: [codes, weights, scales, weightScales, zeros, columnSums, y, workspace, counters, Int64(rows), Int64(n), Int64(k)])
        case .decode(let g, let c):
            let counters = try DeviceBuffer<Int32>(context: context, count: c.counterCount(n: n))
            try counters.fill(byte: 0)
            let workspace = try DeviceBuffer<Float>(context: context, count: c.workspaceFloats(n: n))
            let grid = c.grid(n: n)
            try function(g.variantName(c), ptx: ptx) { try g.emit(c) }
                .launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), stream: stream,
                        arguments: [codes, weights, scales, weightScales, zeros, columnSums, y, workspace, counters, Int64(rows), Int64(n), Int64(k)])
        case .wgmma(let g, let c):
            let scratch = try DeviceBuffer<Int32>(context: context, count: 1)
            let grid = c.grid(m: rows, n: n)
            try function(g.variantName(c), ptx: max(ptx, g.minimumPTX), sharedBytes: c.sharedBytes) { try g.emit(c) }
                .launch(grid: Dim3(grid.x, grid.y, grid.z), block: Dim3(c.threads), sharedMemoryBytes: c.sharedBytes, stream: stream,
                        arguments: [codes, weights, scales, weightScales, zeros, columnSums, y, scratch, scratch, Int64(rows), Int64(n), Int64(k)])
        }
        try stream.synchronize()
        return try y.toArray().map { spec.output == .bf16 ? Float(bitPattern: UInt32($0) << 16) : Float(Float16(bitPattern: $0)) }
    }
}
