import Foundation
import Quantization

/// What `quantjit inspect` reports about a checkpoint: the detected method, the scheme of every
/// module (collapsed into layer ranges where layers repeat), the tensor inventory, bytes by
/// dtype, and warnings.
public struct InspectReport: Codable, Hashable, Sendable {
    /// One module and its resolved scheme.
    public struct Module: Codable, Hashable, Sendable {
        public var name: String
        public var n: Int
        public var k: Int
        /// ``QuantScheme/summary``, or `unquantized (DTYPE)`.
        public var scheme: String
        public var quantized: Bool
        public var reason: String
        public var bits: Int?
        public var groupSize: Int?
    }

    /// A run of consecutive layers whose modules all have the same schemes and shapes.
    public struct LayerRange: Codable, Hashable, Sendable {
        /// The name before the layer index, e.g. `model.layers`.
        public var prefix: String
        public var first: Int
        public var last: Int
        /// Modules relative to the layer (e.g. `self_attn.q_proj`), with scheme and shape.
        public var modules: [Module]
    }

    public struct Tensor: Codable, Hashable, Sendable {
        public var name: String
        public var dtype: String
        public var shape: [Int]
        public var bytes: Int
        public var file: String
    }

    public struct Fused: Codable, Hashable, Sendable {
        public var name: String
        public var shards: [String]
        public var scheme: String
        public var consistent: Bool
        /// One per-tensor scale per shard.
        public var perShardScales: Bool
    }

    public var path: String
    /// `gptq`, `awq`, `compressed-tensors`, `fp8`, `w8a8-int8`, or `unquantized`.
    public var method: String
    public var configFile: String?
    public var format: String?
    public var kvCache: String?
    public var layerRanges: [LayerRange]
    /// Modules outside numbered layers (embeddings, lm_head).
    public var otherModules: [Module]
    /// Every module, uncollapsed.
    public var modules: [Module]
    public var fused: [Fused]
    public var files: [String]
    public var tensors: [Tensor]
    public var bytesByDType: [String: Int]
    public var totalBytes: Int
    public var warnings: [String]
}

/// Builds ``InspectReport``s; the CLI's `inspect` is a thin wrapper around ``inspect(path:)``.
public enum CheckpointInspector {
    /// Opens and inspects the checkpoint at `path` (a directory or a `.safetensors` file).
    ///
    /// `checkValues` also reads every scale tensor (and GPTQ v1 `qzeros`) to warn about zero,
    /// negative or non-finite scales and wrapped zero points; turn it off for a header-only look.
    public static func inspect(path: String, checkValues: Bool = true) throws(CheckpointError) -> InspectReport {
        let ckpt = try QuantizedCheckpoint(path: path)
        return try report(ckpt, path: path, checkValues: checkValues)
    }

    static func report(_ ckpt: QuantizedCheckpoint, path: String, checkValues: Bool = true) throws(CheckpointError) -> InspectReport {
        let files = ckpt.files
        var tensors: [InspectReport.Tensor] = []
        var bytes: [String: Int] = [:]
        for name in files.tensorNames {
            guard let info = files.info(name) else { continue }
            let file = (files.filePath(of: name) as NSString).lastPathComponent
            tensors.append(.init(name: name, dtype: info.dtype.rawValue, shape: info.shape, bytes: info.dataRange.count, file: file))
            bytes[info.dtype.rawValue, default: 0] += info.dataRange.count
        }
        let modules = ckpt.resolution.modules.map { m in
            InspectReport.Module(
                name: m.name, n: m.n, k: m.k,
                scheme: m.scheme?.summary ?? "unquantized (\(m.weightDType.rawValue))",
                quantized: m.scheme != nil, reason: m.reason, bits: m.scheme?.bits,
                groupSize: m.scheme.map { $0.groupSize })
        }
        let (ranges, others) = collapse(modules)
        var warnings = ckpt.resolution.warnings
        if checkValues { warnings += try unusualValues(ckpt) }
        let usedTensors = Set(ckpt.resolution.modules.flatMap(\.tensors))
        let stray = files.tensorNames.filter { !usedTensors.contains($0) && !$0.hasSuffix(".bias") && !$0.hasSuffix("norm.weight") && files.info($0)?.shape.count == 2 }
        if !stray.isEmpty {
            warnings.append("\(stray.count) two-dimensional tensor(s) belong to no linear module: \(stray.prefix(5).joined(separator: ", "))\(stray.count > 5 ? ", …" : "")")
        }
        return InspectReport(
            path: path, method: ckpt.config?.method.rawValue ?? "unquantized",
            configFile: ckpt.config.map { ($0.file as NSString).lastPathComponent },
            format: ckpt.config?.format, kvCache: ckpt.config?.kvCache?.description,
            layerRanges: ranges, otherModules: others, modules: modules,
            fused: ckpt.resolution.fused.map { .init(name: $0.fusedName, shards: $0.shards, scheme: $0.scheme?.summary ?? ($0.consistent ? "unquantized" : "inconsistent"), consistent: $0.consistent, perShardScales: $0.perShardScales) },
            files: files.files.keys.sorted(), tensors: tensors, bytesByDType: bytes,
            totalBytes: bytes.values.reduce(0, +), warnings: warnings)
    }

    /// Groups `prefix.N.rest` modules by layer and merges consecutive layers with identical
    /// relative modules, schemes and shapes.
    static func collapse(_ modules: [InspectReport.Module]) -> ([InspectReport.LayerRange], [InspectReport.Module]) {
        var perLayer: [String: [Int: [InspectReport.Module]]] = [:]
        var others: [InspectReport.Module] = []
        for m in modules {
            let parts = m.name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            if let i = parts.firstIndex(where: { Int($0) != nil }), i > 0, i < parts.count - 1 {
                let prefix = parts[..<i].joined(separator: ".")
                var relative = m
                relative.name = parts[(i + 1)...].joined(separator: ".")
                perLayer[prefix, default: [:]][Int(parts[i])!, default: []].append(relative)
            } else {
                others.append(m)
            }
        }
        var ranges: [InspectReport.LayerRange] = []
        for prefix in perLayer.keys.sorted() {
            let layers = perLayer[prefix]!
            for index in layers.keys.sorted() {
                let entries = collapseNumbered(layers[index]!.sorted { $0.name < $1.name })
                let signature = entries.map { [$0.name, $0.scheme, "\($0.n)x\($0.k)"] }
                if var last = ranges.last, last.prefix == prefix, last.last == index - 1,
                   last.modules.map({ [$0.name, $0.scheme, "\($0.n)x\($0.k)"] }) == signature {
                    last.last = index
                    ranges[ranges.count - 1] = last
                } else {
                    ranges.append(.init(prefix: prefix, first: index, last: index, modules: entries))
                }
            }
        }
        return (ranges, others)
    }

    /// Merges numbered siblings inside a layer (MoE experts: `mlp.experts.0.up_proj` …) that share
    /// scheme, shape and reason into one entry named `mlp.experts.*.up_proj (×64)`.
    static func collapseNumbered(_ modules: [InspectReport.Module]) -> [InspectReport.Module] {
        var order: [String] = []
        var groups: [String: [InspectReport.Module]] = [:]
        for m in modules {
            let pattern = m.name.split(separator: ".", omittingEmptySubsequences: false)
                .map { Int($0) != nil ? "*" : String($0) }.joined(separator: ".")
            let key = [pattern, m.scheme, "\(m.n)x\(m.k)", m.reason].joined(separator: "|")
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(m)
        }
        return order.map { key in
            let members = groups[key]!
            guard members.count > 1 else { return members[0] }
            var merged = members[0]
            merged.name = key.split(separator: "|", omittingEmptySubsequences: false)[0] + " (×\(members.count))"
            return merged
        }
    }

    /// Scales that are zero, negative, infinite or NaN; GPTQ v1 zero points that wrapped.
    static func unusualValues(_ ckpt: QuantizedCheckpoint) throws(CheckpointError) -> [String] {
        var warnings: [String] = []
        for m in ckpt.resolution.modules {
            guard let scheme = m.scheme else { continue }
            let scaleName = m.tensors.first { $0.hasSuffix(".scales") || $0.hasSuffix(".weight_scale") || $0.hasSuffix(".weight_scale_inv") }
            if let scaleName {
                var scales = try ckpt.files.tensor(scaleName).floats()
                if scheme.layout == .awqGEMV, m.n > 0 {
                    // AutoAWQ pads GEMV scales with zeros past the last group.
                    let width = scales.count / m.n, groups = scheme.groupCount(k: m.k)
                    if width >= groups && scales.count == width * m.n {
                        scales = (0..<(m.n * groups)).map { scales[($0 / groups) * width + $0 % groups] }
                    }
                }
                let bad = scales.filter { !$0.isFinite || $0 <= 0 }.count
                if bad > 0 { warnings.append("\(scaleName): \(bad) of \(scales.count) scales are zero, negative, infinite or NaN") }
            }
            if scheme.zeroPoints == .gptqV1MinusOne, let qzeros = try? ckpt.files.tensor("\(m.name).qzeros").int32s() {
                // A stored all-ones code reads back as 2^bits: a true zero point of 0 wrapped.
                let groups = scheme.groupCount(k: m.k), columns = (m.n * scheme.bits + 31) / 32
                var wrapped = 0
                if qzeros.count == groups * columns {
                    qzeros.withUnsafeBufferPointer { z in
                        for g in 0..<groups {
                            for col in 0..<m.n where BitStream.read(z, base: g * columns, stride: 1, index: col, bits: scheme.bits) == scheme.maxCode {
                                wrapped += 1
                            }
                        }
                    }
                }
                if wrapped > 0 {
                    warnings.append("\(m.name).qzeros: \(wrapped) zero point(s) stored as all ones read back as \(1 << scheme.bits): a true zero point of 0 does not fit GPTQ v1 (kernels treat it as \(1 << scheme.bits), like vLLM)")
                }
            }
        }
        return warnings
    }
}
