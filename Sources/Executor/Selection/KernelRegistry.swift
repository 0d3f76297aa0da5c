import Compiler
import KernelIR
import Kernels
import Quantization

/// One row of the priority table: a generator family and what it supports.
public struct RegistryEntry: Sendable {
    public var name: String
    public var family: KernelFamily
    /// A line for `quantjit kernels`: what this entry supports.
    public var supportSummary: String
    /// Why the entry cannot serve the request, or nil when it can.
    public var rejection: @Sendable (KernelRequest) -> String?
    /// The generator for a supported request.
    public var generator: @Sendable (KernelRequest) -> any KernelGenerator<TileConfig>
}

/// A kernel picked for a request: the generator and the config to emit.
public struct Selection: @unchecked Sendable {
    public var entry: String
    public var generator: any KernelGenerator<TileConfig>
    public var config: TileConfig
    public var variantName: String { generator.variantName(config) }
    public func emit() throws -> Kernel { try generator.emit(config) }
}

/// Thrown when no generator supports a request.
public struct SelectionError: Error, CustomStringConvertible {
    public var request: KernelRequest
    public var rejections: [(entry: String, reason: String)]
    public var available: [String]

    public var description: String {
        var s = "no kernel supports \(request)"
        for r in rejections { s += "\n  \(r.entry): \(r.reason)" }
        s += "\nkernels that exist:\n" + available.map { "  " + $0 }.joined(separator: "\n")
        return s
    }
}

/// The priority table of kernel generators. The first entry that supports a request wins;
/// its config comes from `tuned` when given, otherwise the generator's default.
public struct KernelRegistry: Sendable {
    public var entries: [RegistryEntry]
    public init(entries: [RegistryEntry]) { self.entries = entries }

    public static let standard = KernelRegistry(entries: [
        gptq(.dequantize, "gptq_dequantize") { GPTQDequantize(spec: $0) },
        gptq(.gemv, "gptq_gemv") { GPTQGEMV(spec: $0) },
        gptq(.gemm, "gptq_gemm") { GPTQGEMM(spec: $0) },
    ] + gguf)

    /// Picks the kernel for a request, or throws one message naming what was asked and what exists.
    public func select(_ request: KernelRequest, tuned: TileConfig? = nil) throws -> Selection {
        var rejections: [(String, String)] = []
        for e in entries {
            if let reason = e.rejection(request) {
                rejections.append((e.name, reason))
                continue
            }
            let g = e.generator(request)
            let config = tuned ?? g.defaultConfig
            try g.validate(config)
            return Selection(entry: e.name, generator: g, config: config)
        }
        throw SelectionError(request: request, rejections: rejections.filter { $0.1 != "other family" },
                             available: entries.map { "\($0.name): \($0.supportSummary)" })
    }

    static func gptq(_ family: KernelFamily, _ name: String,
                     _ make: @escaping @Sendable (WeightOnlySpec) -> any KernelGenerator<TileConfig>) -> RegistryEntry {
        let groups = "group size −1 or a multiple of the pack (32, 64, 128, …)"
        return RegistryEntry(
            name: name, family: family,
            supportSummary: "GPTQ \(GPTQLayout.supportedBits.map(String.init).joined(separator: "/"))-bit, \(groups), symmetric/v1/v2 zeros, act-order; f32/f16 activations; cpu, \(GPUArchitecture.allCases.map(\.rawValue).joined(separator: ", "))",
            rejection: { r in
                guard r.family == family else { return "other family" }
                guard case .gptq(let layout) = r.format else { return "reads GPTQ layouts only" }
                if !GPTQLayout.supportedBits.contains(layout.bits) {
                    return "bits \(layout.bits) unsupported (supported: \(GPTQLayout.supportedBits.map(String.init).joined(separator: ", ")))"
                }
                let chunk = layout.bits == 3 ? 32 : 32 / layout.bits
                if layout.groupSize != -1 && (layout.groupSize <= 0 || layout.groupSize % chunk != 0) {
                    return "group size \(layout.groupSize) unsupported: \(groups)"
                }
                if !WeightOnlySpec.supportedActivations.contains(r.activation) {
                    return "activation \(r.activation.name) unsupported (f32, f16)"
                }
                return nil
            },
            generator: { r in
                guard case .gptq(let layout) = r.format else { preconditionFailure("the rejection admits GPTQ only") }
                return make(WeightOnlySpec(layout: layout, activation: r.activation, convention: r.target.convention))
            })
    }
}

extension KernelRegistry {
    /// The tensor-core GEMV for decode (`Kernels/GPU`): GPTQ 2/4/8-bit without act-order, f16 or
    /// bf16 activations (8-bit bf16 dequantizes through f32: `128 + q` does not fit bf16's
    /// mantissa), M ≤ 16, sm_80+. It needs the shape (its schedule depends on N and K) and
    /// two extra launch parameters (`workspace`, `counters`), so it sits beside the priority
    /// table rather than in it; nil when it does not serve the request.
    public static func gpuDecodeGEMV(_ r: KernelRequest, m: Int, n: Int, k: Int) -> (GPTQGPUGEMV, GPUGEMVConfig)? {
        guard r.family == .gemv, case .gpu = r.target, case .gptq(let layout) = r.format,
              r.activation == .f16 || r.activation == .bf16 else { return nil }
        let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: r.activation, convention: .gpu))
        let c = g.preferredConfig(m: m, n: n, k: k)
        guard (try? g.validate(c)) != nil, g.unsupportedShape(m: m, n: n, k: k, config: c) == nil else { return nil }
        return (g, c)
    }
}
