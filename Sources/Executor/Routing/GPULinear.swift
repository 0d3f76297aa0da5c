import CUDA
import Checkpoint
import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization

/// One linear module of a checkpoint on the GPU, along its ``GPULinearPlan``: the weights are
/// uploaded as stored and, where the plan says so, rewritten on the device by the repack kernel
/// (or repacked on the host first); ``apply(x:rows:)`` runs the decode or prefill kernel the
/// executor picks for the number of rows, with the plan's activation type (f16, or bf16 on
/// weight-only plans) for activations and outputs.
///
/// Weight-only routes (integer GPTQ-layout kernels, FP8 W8A16) run here; W8A8 routes run in
/// ``GPUW8A8Linear``.
public final class GPULinear {
    public let plan: GPULinearPlan
    public let n: Int, k: Int
    let context: CUDAContext
    let stream: CUDAStream
    let layout: GPTQLayout
    let fp8: Bool
    let qzeros: DeviceBuffer<Int32>, scales: DeviceBuffer<UInt16>, gIdx: DeviceBuffer<Int32>
    /// GPTQ's words as repacked on the device; released once the kernels the plan runs at every
    /// M read rewrites, one of them a decode GEMV's (``releasePackedWordsIfUnused()``), and rebuilt from
    /// that copy if a kernel asks for them after all.
    private var packedWeight: DeviceBuffer<Int32>?
    /// The act-order repack's permutation of K (applied to the activations), or nil.
    let repackPlan: RepackPlan?
    private var kernels: [String: LoadedGPUWeightOnlyKernel] = [:]
    /// `qweight` rewritten for the kernels that read it otherwise than packed (the `wgmma`
    /// GEMM's layout, interleaved words, in strips or not, packed words in strips), by
    /// ``GPUWeightOnlyKernel/wordArrangement``. A layer on sm_90a mostly holds two copies, the
    /// decode GEMV's (4-bit: interleaved words, mostly in strips; 2- and 8-bit: packed words in
    /// strips) and the `wgmma` layout for prefill, and no longer GPTQ's.
    private var arrangedWeights: [GPUWeightOnlyKernel.WordArrangement: DeviceBuffer<Int32>] = [:]

    public init(module: ResolvedModule, in checkpoint: QuantizedCheckpoint, plan: GPULinearPlan, context: CUDAContext) throws {
        self.plan = plan
        n = module.n
        k = module.k
        self.context = context
        stream = try CUDAStream(context: context)
        let stored = try checkpoint.storedWeight(module)
        switch plan.computation {
        case .w8a8:
            throw RoutingError.unsupported(module: module.name, reason: "a W8A8 route: GPUW8A8Linear runs it")
        case .fp8WeightOnly(let source):
            fp8 = true
            layout = source.target
            guard case .bytes(let bytes) = stored.weight else { throw RoutingError.shape("\(module.name): FP8 weights must be bytes") }
            let words = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int32.self)) }
            (packedWeight, qzeros, scales, repackPlan) = try Self.repack(source, n: n, k: k, weight: words, zeros: [], scales: stored.scales,
                                                                    gIdx: [], plan: plan, context: context, stream: stream)
        case .weightOnly(let target, let source, let host):
            fp8 = false
            layout = target
            if let source {
                guard case .words(let words) = stored.weight else { throw RoutingError.shape("\(module.name): packed weights must be words") }
                (packedWeight, qzeros, scales, repackPlan) = try Self.repack(source, n: n, k: k, weight: words, zeros: stored.zeros,
                                                                        scales: stored.scales, gIdx: stored.gIdx, plan: plan,
                                                                        context: context, stream: stream)
            } else {
                let w: GPTQWeight
                if host {
                    w = try stored.unpack().gptqWeight(layout: target, signedCodes: stored.scheme.valueType == .signedInt)
                } else if let direct = try stored.gptqWeight() {
                    w = direct
                } else {
                    throw RoutingError.shape("\(module.name): not a GPTQ layout")
                }
                packedWeight = try DeviceBuffer(context: context, copying: w.qweight)
                qzeros = try DeviceBuffer(context: context, copying: w.qzeros.isEmpty ? [0] : w.qzeros)
                scales = try DeviceBuffer(context: context, copying: w.scales.map { Float16($0).bitPattern })
                repackPlan = nil
            }
        }
        let order = layout.actOrder && repackPlan == nil ? stored.gIdx : [Int32(-1)]
        gIdx = try DeviceBuffer(context: context, copying: order.isEmpty ? [-1] : order)
        try releasePackedWordsIfUnused()
    }

    /// Makes the rewritten copies now and releases GPTQ's words when the kernels chosen for
    /// M = 1…16 and for prefill all read rewrites and one of them can give the words back
    /// (``GPUWeightOnlyKernel/WordArrangement/packedWords(from:bits:n:)``) if another M asks for them.
    private func releasePackedWordsIfUnused() throws {
        let planned = (Array(1...16) + [GPULinearPlan.prefillRows]).compactMap { try? kernel(rows: $0) }
        guard Self.canReleasePackedWords(planned) else { return }
        try arrange(planned)
        packedWeight = nil
    }

    /// Whether a layer whose kernels are `planned` can drop GPTQ's words: every kernel reads a
    /// rewrite, and one rewrite can give the words back (a decode GEMV's: interleaved, in strips or both).
    public static func canReleasePackedWords(_ planned: [GPUWeightOnlyKernel]) -> Bool {
        !planned.isEmpty && planned.allSatisfy { $0.wordArrangement != nil }
            && planned.contains { $0.wordArrangement?.restoresPackedWords == true }
    }

    /// GPTQ's words on the device (rebuilt from a decode GEMV's copy once released).
    private func packedWords() throws -> DeviceBuffer<Int32> {
        if let packedWeight { return packedWeight }
        let buffer = try DeviceBuffer(context: context, copying: try packedHostWords())
        packedWeight = buffer
        return buffer
    }

    /// GPTQ's words on the host.
    private func packedHostWords() throws -> [Int32] {
        if let packedWeight { return try packedWeight.toArray() }
        guard let (arrangement, copy) = arrangedWeights.first(where: { $0.key.restoresPackedWords }) else {
            preconditionFailure("GPTQ's words released without a copy that gives them back")
        }
        return arrangement.packedWords(from: try copy.toArray(), bits: layout.bits, n: n)!
    }

    /// Uploads the stored tensors and runs the plan's repack kernel on them.
    static func repack(_ source: RepackSource, n: Int, k: Int, weight: [Int32], zeros: [Int32], scales: [Float], gIdx: [Int32],
                       plan: GPULinearPlan, context: CUDAContext, stream: CUDAStream)
        throws -> (DeviceBuffer<Int32>, DeviceBuffer<Int32>, DeviceBuffer<UInt16>, RepackPlan?) {
        let repackPlan = try RepackPlan(source: source, n: n, k: k, gIdx: source.actOrder ? gIdx : [])
        let g = GPTQRepack(source: source, convention: .gpu), c = g.defaultConfig
        let kernel = try g.emit(c)
        let function = try loadKernel(kernel, context: context, gpu: plan.gpu)
        let outWeight = try DeviceBuffer<Int32>(context: context, count: repackPlan.qweightWords)
        let outZeros = try DeviceBuffer<Int32>(context: context, count: max(1, repackPlan.qzeroWords))
        let outScales = try DeviceBuffer<UInt16>(context: context, count: repackPlan.scaleCount)
        // Scales go in as stored: f16 or bf16 bit patterns (exact: they were read from those types), or f32.
        let sourceScales: any CUDAKernelArgument
        switch source.scaleType {
        case .float16: sourceScales = try DeviceBuffer(context: context, copying: scales.map { Float16($0).bitPattern })
        case .bfloat16: sourceScales = try DeviceBuffer(context: context, copying: scales.map { UInt16($0.bitPattern >> 16) })
        case .float32: sourceScales = try DeviceBuffer(context: context, copying: scales)
        }
        try function.launch(grid: Dim3(repackPlan.blocks(c)), block: Dim3(c.threadsPerBlock), stream: stream,
                            arguments: [try DeviceBuffer(context: context, copying: weight),
                                        try DeviceBuffer(context: context, copying: zeros.isEmpty ? [0] : zeros), sourceScales,
                                        try DeviceBuffer(context: context, copying: repackPlan.permutation.isEmpty ? [-1] : repackPlan.permutation),
                                        outWeight, outZeros, outScales, Int64(n), Int64(k)])
        try stream.synchronize()
        return (outWeight, outZeros, outScales, repackPlan.permutation.isEmpty ? nil : repackPlan)
    }

    /// The kernel the executor picks for `rows` rows.
    public func kernel(rows: Int) throws -> GPUWeightOnlyKernel {
        fp8 ? try GPUWeightOnlyKernel.chooseFP8(m: rows, n: n, k: k, activation: plan.activation)
            : try GPUWeightOnlyKernel.choose(layout: layout, m: rows, n: n, k: k, gpu: plan.gpu, activation: plan.activation)
    }

    /// `qweight` as `kernel` reads it: the GPTQ-layout tensors (as repacked on the device), or
    /// those rewritten on the host once per arrangement (``GPUWeightOnlyKernel/deviceWords(_:)``).
    func weight(for kernel: GPUWeightOnlyKernel) throws -> DeviceBuffer<Int32> {
        guard let arrangement = kernel.wordArrangement else { return try packedWords() }
        try arrange([kernel])
        return arrangedWeights[arrangement]!
    }

    /// Makes the rewritten copies that `kernels` read and that do not exist yet, all from one host
    /// copy of the tensors.
    private func arrange(_ kernels: [GPUWeightOnlyKernel]) throws {
        var missing: [GPUWeightOnlyKernel.WordArrangement: GPUWeightOnlyKernel] = [:]
        for kernel in kernels {
            if let arrangement = kernel.wordArrangement, arrangedWeights[arrangement] == nil, missing[arrangement] == nil { missing[arrangement] = kernel }
        }
        guard !missing.isEmpty else { return }
        let host = GPTQWeight(layout: layout, k: k, n: n, qweight: try packedHostWords(),
                              qzeros: layout.zeroPoints == .symmetric ? [] : try qzeros.toArray(),
                              scales: try scales.toArray().map { Float(Float16(bitPattern: $0)) }, gIdx: [])
        for (arrangement, kernel) in missing {
            arrangedWeights[arrangement] = try DeviceBuffer(context: context, copying: kernel.deviceWords(host))
        }
    }

    /// `y[rows, n] = x[rows, k] · Wᵀ` with `x` rounded to the plan's activation type (f16 or bf16),
    /// computed on the GPU; returns `y` as floats.
    public func apply(x: [Float], rows: Int) throws -> [Float] {
        precondition(x.count == rows * k, "x holds \(x.count) values, expected \(rows) × \(k)")
        let chosen = try kernel(rows: rows)
        let loaded: LoadedGPUWeightOnlyKernel
        if let cached = kernels[chosen.variantName] {
            loaded = cached
        } else {
            loaded = try chosen.load(context: context, gpu: plan.gpu)
            kernels[chosen.variantName] = loaded
        }
        let permuted = repackPlan?.permuteActivations(x, rows: rows) ?? x
        let bf16 = chosen.activation == .bf16
        let input = try DeviceBuffer(context: context, copying: permuted.map { bf16 ? BFloat16Bits.encode($0) : Float16($0).bitPattern })
        let y = try DeviceBuffer<UInt16>(context: context, count: rows * n)
        let weight = try weight(for: chosen)
        try loaded.launch(x: input, weights: (weight, qzeros, scales, gIdx), y: y, m: rows, n: n, k: k, stream: stream)
        try stream.synchronize()
        return try y.toArray().map { bf16 ? BFloat16Bits.decode($0) : Float(Float16(bitPattern: $0)) }
    }
}
