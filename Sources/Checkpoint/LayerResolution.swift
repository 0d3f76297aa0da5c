import Quantization

/// How one module's weight is stored, as its tensor names show.
public enum StoredWeightKind: String, Codable, Hashable, Sendable {
    /// `qweight` (GPTQ, AWQ).
    case packedQWeight
    /// `weight_packed` (compressed-tensors `pack-quantized`).
    case packedCompressedTensors
    /// `weight` with `weight_scale` / `weight_scale_inv` (int8 or FP8, one value per byte).
    case scaledWeight
    /// A plain `weight`.
    case dense
}

/// One linear (or embedding) module of a checkpoint and the scheme it resolved to.
public struct ResolvedModule: Hashable, Sendable {
    public var name: String
    public var kind: StoredWeightKind
    /// nil when the module is not quantized.
    public var scheme: QuantScheme?
    /// Why: the rule that decided (`default`, `dynamic["…"]`, `ignored by 'lm_head'`, …).
    public var reason: String
    /// Output and input features.
    public var n: Int
    public var k: Int
    /// The module's tensors (full names), sorted.
    public var tensors: [String]
    /// The dtype of a dense weight (e.g. `BF16`), or of the quantized payload.
    public var weightDType: SafetensorsDType
}

/// Shards a runtime fuses into one matmul (vLLM's `qkv_proj`, `gate_up_proj`).
public struct FusedGroup: Hashable, Sendable {
    public var fusedName: String
    public var shards: [String]
    /// The shared scheme, nil when unquantized or when the shards disagree.
    public var scheme: QuantScheme?
    /// Whether every shard has the same scheme (per-tensor scales stay one per shard).
    public var consistent: Bool
    /// Each shard carries its own per-tensor scale: a fused matmul needs the scales per shard or
    /// the shards requantized to one scale (``FusedShards/requantizeWithMaxScale(_:)``).
    public var perShardScales: Bool
}

/// The per-module view of a checkpoint: every module, its scheme, fused groups and warnings.
public struct LayerResolution: Sendable {
    public var config: QuantizationConfig?
    public var modules: [ResolvedModule]
    public var fused: [FusedGroup]
    public var warnings: [String]

    /// The module named `name`.
    public func module(_ name: String) -> ResolvedModule? { modules.first { $0.name == name } }
}

/// Resolves the scheme of every module and checks its tensors against the scheme.
public enum LayerResolver {
    /// Runtime fusions: fused name → shard names (same parent module).
    public static let fusions: [(String, [String])] = [
        ("qkv_proj", ["q_proj", "k_proj", "v_proj"]),
        ("gate_up_proj", ["gate_proj", "up_proj"]),
    ]

    /// Resolves every module of `files` under `config` (nil: an unquantized checkpoint).
    ///
    /// Throws when the tensors contradict the configuration (a packed weight the configuration
    /// leaves unquantized, shapes that need other bits or another group size), when a tensor
    /// the scheme needs is missing, or has the wrong shape or dtype.
    public static func resolve(files: CheckpointFiles, config: QuantizationConfig?) throws(CheckpointError) -> LayerResolution {
        var byModule: [String: [String: TensorInfo]] = [:]
        for name in files.tensorNames {
            guard let dot = name.lastIndex(of: "."), let info = files.info(name) else { continue }
            byModule[String(name[..<dot]), default: [:]][String(name[name.index(after: dot)...])] = info
        }
        var modules: [ResolvedModule] = []
        var warnings: [String] = config?.notes ?? []
        for (name, params) in byModule.sorted(by: { $0.key < $1.key }) {
            let kind: StoredWeightKind
            if params["qweight"] != nil { kind = .packedQWeight }
            else if params["weight_packed"] != nil { kind = .packedCompressedTensors }
            else if let w = params["weight"], w.shape.count == 2 {
                kind = params["weight_scale"] != nil || params["weight_scale_inv"] != nil || w.dtype == .float8E4M3 ? .scaledWeight : .dense
            } else { continue }
            var decision = config?.scheme(for: name) ?? (nil, "the checkpoint is not quantized")
            if kind == .dense && isEmbedding(name) { decision = (nil, "embedding") }
            let m = try resolveModule(name: name, params: params, kind: kind, decision: decision,
                                      files: files, warnings: &warnings)
            modules.append(m)
        }
        let fused = fusedGroups(modules, warnings: &warnings)
        return LayerResolution(config: config, modules: modules, fused: fused, warnings: warnings)
    }

    static func resolveModule(
        name: String, params: [String: TensorInfo], kind: StoredWeightKind,
        decision: (scheme: QuantScheme?, reason: String), files: CheckpointFiles, warnings: inout [String]
    ) throws(CheckpointError) -> ResolvedModule {
        let tensors = params.keys.sorted().map { "\(name).\($0)" }
        let weightParam = kind == .packedQWeight ? "qweight" : kind == .packedCompressedTensors ? "weight_packed" : "weight"
        let weightName = "\(name).\(weightParam)"
        let weightInfo = params[weightParam]!
        let file = files.filePath(of: weightName)
        guard var scheme = decision.scheme else {
            if kind != .dense {
                throw .configContradictsTensors(file: file, tensor: weightName,
                    reason: "the configuration leaves '\(name)' unquantized (\(decision.reason)) but it stores a quantized weight")
            }
            return ResolvedModule(name: name, kind: kind, scheme: nil, reason: decision.reason,
                                  n: weightInfo.shape[0], k: weightInfo.shape[1], tensors: tensors, weightDType: weightInfo.dtype)
        }
        let expectedKind: StoredWeightKind
        switch scheme.layout {
        case .gptqRows, .awqGEMM, .awqGEMV: expectedKind = .packedQWeight
        case .compressedTensorsPacked: expectedKind = .packedCompressedTensors
        case .unpacked: expectedKind = .scaledWeight
        }
        if kind == .dense {
            warnings.append("\(name): the configuration says \(scheme.summary) (\(decision.reason)) but the checkpoint stores a plain \(weightInfo.dtype.rawValue) weight; treated as unquantized")
            return ResolvedModule(name: name, kind: kind, scheme: nil, reason: "stored unquantized",
                                  n: weightInfo.shape[0], k: weightInfo.shape[1], tensors: tensors, weightDType: weightInfo.dtype)
        }
        if kind != expectedKind {
            throw .configContradictsTensors(file: file, tensor: weightName,
                reason: "the configuration says \(scheme.summary) (\(decision.reason)), which stores its weight differently")
        }
        let (n, k) = try inferShape(scheme: scheme, name: name, params: params, files: files, file: file)
        if let problem = scheme.validate(n: n, k: k) { throw .format(file: file, tensor: weightName, error: problem) }
        // FP8 checkpoints tell per-tensor from per-channel scales only by shape.
        if scheme.method == .fp8, scheme.granularity == .perTensor, let s = params["weight_scale"],
           s.elementCount == n, n > 1 {
            scheme.granularity = .perChannel
        }
        let specs: [TensorSpec]
        do { specs = try scheme.tensorSpecs(n: n, k: k) } catch { throw .format(file: file, tensor: weightName, error: error) }
        for spec in specs {
            let full = "\(name).\(spec.name)"
            guard let info = params[spec.name] else {
                if spec.required {
                    throw .missingTensor(file: file, tensor: full, reason: "needed by \(scheme.summary)")
                }
                continue
            }
            if !spec.shapes.contains(info.shape) {
                throw .shapeMismatch(file: files.filePath(of: full), tensor: full, expected: spec.shapes, actual: info.shape)
            }
            guard let element = info.dtype.elementType, spec.elementTypes.contains(element) else {
                throw .dtypeMismatch(file: files.filePath(of: full), tensor: full,
                                     expected: spec.elementTypes.map(\.safetensorsDType.rawValue).sorted(), actual: info.dtype.rawValue)
            }
            if spec.name == "scales" || spec.name.hasPrefix("weight_scale") {
                switch info.dtype {
                case .float16: scheme.scaleDType = .float16
                case .bfloat16: scheme.scaleDType = .bfloat16
                default: scheme.scaleDType = .float32
                }
            }
        }
        if scheme.activation.dynamic || scheme.activation.type == .none, params["input_scale"] != nil {
            warnings.append("\(name): has input_scale but the scheme's activations are \(scheme.activation.type == .none ? "not quantized" : "dynamic"); it is ignored")
        }
        return ResolvedModule(name: name, kind: kind, scheme: scheme, reason: decision.reason, n: n, k: k,
                              tensors: tensors, weightDType: weightInfo.dtype)
    }

    /// N and K from the tensors, checked against the scheme's bit width.
    static func inferShape(
        scheme: QuantScheme, name: String, params: [String: TensorInfo], files: CheckpointFiles, file: String
    ) throws(CheckpointError) -> (n: Int, k: Int) {
        func twoD(_ param: String) throws(CheckpointError) -> [Int] {
            let info = params[param]!
            guard info.shape.count == 2, info.shape[0] > 0, info.shape[1] > 0 else {
                throw .shapeMismatch(file: file, tensor: "\(name).\(param)", expected: [[-1, -1]], actual: info.shape)
            }
            return info.shape
        }
        switch scheme.layout {
        case .gptqRows:
            let q = try twoD("qweight")
            let rowsBits = q[0] * 32
            let k = rowsBits / scheme.bits
            if rowsBits % scheme.bits != 0 {
                throw .configContradictsTensors(file: file, tensor: "\(name).qweight",
                    reason: "\(q[0]) packed rows do not hold a whole number of \(scheme.bits)-bit values")
            }
            if let g = params["g_idx"], g.shape.count == 1, g.shape[0] != k {
                throw .configContradictsTensors(file: file, tensor: "\(name).qweight",
                    reason: "\(q[0]) packed rows at \(scheme.bits) bits give K = \(k), but g_idx has \(g.shape[0]) entries")
            }
            if case .group(let size) = scheme.granularity, let s = params["scales"], s.shape.count == 2,
               s.shape[0] * size != k, k % size == 0 {
                throw .configContradictsTensors(file: file, tensor: "\(name).scales",
                    reason: "\(s.shape[0]) scale rows at group size \(size) cover K = \(s.shape[0] * size), but qweight at \(scheme.bits) bits gives K = \(k)")
            }
            return (q[1], k)
        case .awqGEMM:
            let q = try twoD("qweight")
            return (q[1] * scheme.packFactor, q[0])
        case .awqGEMV:
            let q = try twoD("qweight")
            return (q[0], q[1] * scheme.packFactor)
        case .compressedTensorsPacked:
            let packed = try twoD("weight_packed")
            guard params["weight_shape"] != nil else {
                throw .missingTensor(file: file, tensor: "\(name).weight_shape", reason: "needed by \(scheme.summary)")
            }
            let shapeTensor = try files.tensor("\(name).weight_shape")
            let dims = try shapeTensor.integers()
            guard dims.count == 2, dims[0] > 0, dims[1] > 0, dims[0] < Int64(Int32.max), dims[1] < Int64(Int32.max) else {
                throw .shapeMismatch(file: file, tensor: "\(name).weight_shape", expected: [[2]], actual: dims.map { Int($0) })
            }
            let (n, k) = (Int(dims[0]), Int(dims[1]))
            let legacyColumns = (k + scheme.packFactor - 1) / scheme.packFactor
            if packed[0] == n, packed[1] == legacyColumns, legacyColumns != (k * scheme.bits + 31) / 32 {
                throw .unsupportedScheme(file: file, reason: "'\(name).weight_packed' uses the older compressed-tensors packing of \(scheme.packFactor) \(scheme.bits)-bit values per word ([\(n), \(legacyColumns)]); only the dense bit stream ([\(n), \((k * scheme.bits + 31) / 32)]) is supported")
            }
            if packed[0] != n || packed[1] != (k * scheme.bits + 31) / 32 {
                throw .configContradictsTensors(file: file, tensor: "\(name).weight_packed",
                    reason: "weight_shape \(n)×\(k) at \(scheme.bits) bits packs to [\(n), \((k * scheme.bits + 31) / 32)], found \(packed)")
            }
            return (n, k)
        case .unpacked:
            let w = try twoD("weight")
            return (w[0], w[1])
        }
    }

    static func fusedGroups(_ modules: [ResolvedModule], warnings: inout [String]) -> [FusedGroup] {
        let byName = Dictionary(modules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var parents: Set<String> = []
        for m in modules { if let dot = m.name.lastIndex(of: ".") { parents.insert(String(m.name[..<dot])) } }
        var groups: [FusedGroup] = []
        for parent in parents.sorted() {
            for (fusedName, shardNames) in fusions {
                let shards = shardNames.compactMap { byName["\(parent).\($0)"] }
                guard shards.count == shardNames.count else { continue }
                let schemes = shards.map { $0.scheme.map(comparable) }
                let consistent = Set(schemes.map { $0.map(\.summary) ?? "unquantized" }).count == 1
                    && Set(shards.map(\.k)).count == 1
                if !consistent {
                    let detail = shards.map { "\($0.name.split(separator: ".").last!): \($0.scheme?.summary ?? "unquantized")" }
                    warnings.append("\(parent).\(fusedName): fused shards disagree (\(detail.joined(separator: "; "))); a runtime that fuses them cannot load this")
                }
                groups.append(FusedGroup(fusedName: "\(parent).\(fusedName)", shards: shards.map(\.name),
                                         scheme: consistent ? shards[0].scheme : nil, consistent: consistent,
                                         perShardScales: consistent && shards[0].scheme?.granularity == .perTensor))
            }
        }
        return groups
    }

    /// Embedding tables are never targets of a linear-layer quantization config.
    static func isEmbedding(_ name: String) -> Bool {
        let last = name.split(separator: ".").last.map(String.init) ?? name
        return last.contains("embed") || last == "wte" || last == "wpe"
    }

    /// The scheme with what may differ between fused shards (nothing today) normalised.
    static func comparable(_ s: QuantScheme) -> QuantScheme { s }
}
