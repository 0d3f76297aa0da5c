import Quantization

extension QuantConfigDetector {
    /// compressed-tensors: `config_groups` (targets → weights / input_activations), the global
    /// or per-group `format`, `ignore` and `kv_cache_scheme`.
    static func parseCompressedTensors(_ q: ConfigReader, source: QuantConfigSource, rawText: String?) throws(CheckpointError) -> QuantizationConfig {
        let globalFormat = try q.string("format") ?? "dense"
        guard let groups = try q.object("config_groups") else {
            throw q.error("config_groups", "missing: compressed-tensors needs at least one config group")
        }
        var rules: [SchemeRule] = []
        var formats: Set<String> = []
        for name in q.orderedKeys(of: "config_groups", rawText: rawText) {
            guard let group = try groups.object(name) else { throw groups.error(name, "expected an object") }
            guard let targets = try group.strings("targets"), !targets.isEmpty else {
                throw group.error("targets", "each config group needs a non-empty list of targets")
            }
            for t in targets where t.hasPrefix("re:") && !ModulePattern.isValidRegex(String(t.dropFirst(3))) {
                throw group.error("targets", "'\(t)' is not a valid regular expression")
            }
            let format = try group.string("format") ?? globalFormat
            formats.insert(format)
            let scheme = try compressedTensorsScheme(group, format: format)
            rules.append(SchemeRule(patterns: targets.map(ModulePattern.compressedTensors), scheme: scheme,
                                    origin: "config_groups.\(name)"))
        }
        if let sparsity = try q.object("sparsity_config"), let sparseFormat = try sparsity.string("format"), sparseFormat != "dense" {
            throw .unsupportedScheme(file: q.file, reason: "compressed-tensors sparsity format '\(sparseFormat)' (\(sparsity.keyPath("format"))); only dense weights are supported")
        }
        let ignore = (try q.strings("ignore") ?? []).map(ModulePattern.compressedTensors)
        var kv: KVCacheScheme?
        if let k = try q.object("kv_cache_scheme") {
            let bits = try k.int("num_bits") ?? 8
            let type = try k.string("type") ?? "float"
            let strategy = try k.string("strategy") ?? "tensor"
            kv = KVCacheScheme(description: "\(type)\(bits) \(strategy)\(try k.bool("dynamic") == true ? " dynamic" : " static")")
        }
        return QuantizationConfig(
            method: .compressedTensors, source: source, file: q.file,
            format: formats.count == 1 ? formats.first! : formats.sorted().joined(separator: "+"),
            defaultScheme: nil, rules: rules, ignore: ignore, kvCache: kv)
    }

    static func compressedTensorsScheme(_ group: ConfigReader, format: String) throws(CheckpointError) -> QuantScheme? {
        guard let w = try group.object("weights") else { return nil }
        let bits = try w.int("num_bits") ?? 8
        let type = try w.string("type") ?? "int"
        let symmetric = try w.bool("symmetric") ?? true
        let strategy = try w.string("strategy") ?? "tensor"
        let groupSize = try w.int("group_size")
        let granularity: ScaleGranularity
        switch strategy {
        case "tensor": granularity = .perTensor
        case "channel": granularity = .perChannel
        case "group":
            guard let g = groupSize, g > 0 else { throw w.error("group_size", "strategy 'group' needs a positive group_size") }
            granularity = .group(g)
        case "block":
            guard let b = try blockStructure(w), b.count == 2, b[0] > 0, b[1] > 0 else {
                throw w.error("block_structure", "strategy 'block' needs two positive block sizes")
            }
            granularity = .block(rows: b[0], cols: b[1])
        default:
            throw .unsupportedScheme(file: w.file, reason: "weight strategy '\(strategy)' (\(w.keyPath("strategy")))")
        }
        var actOrder = false
        if w.has("actorder") {
            if let b = try? w.bool("actorder") { actOrder = b } else if let s = try w.string("actorder") { actOrder = s == "group" }
        }
        let activation = try activationScheme(group)
        switch (format, type) {
        case ("dense", _): return nil
        case ("pack-quantized", "int"):
            guard (1...8).contains(bits) else {
                throw .unsupportedScheme(file: w.file, reason: "pack-quantized \(bits)-bit weights (supported: 1…8)")
            }
            guard case .perChannel = granularity else {
                guard case .group(let g) = granularity else {
                    throw .unsupportedScheme(file: w.file, reason: "pack-quantized with strategy '\(strategy)' (supported: channel, group)")
                }
                return .compressedTensorsPacked(bits: bits, groupSize: g, symmetric: symmetric, actOrder: actOrder, activation: activation)
            }
            return .compressedTensorsPacked(bits: bits, groupSize: -1, symmetric: symmetric, activation: activation)
        case ("int-quantized", "int"), ("naive-quantized", "int"):
            guard (2...8).contains(bits) else {
                throw .unsupportedScheme(file: w.file, reason: "\(format) \(bits)-bit weights (supported: 2…8)")
            }
            return .compressedTensorsInt(bits: bits, granularity: granularity, symmetric: symmetric, activation: activation)
        case ("float-quantized", "float"), ("naive-quantized", "float"):
            guard bits == 8 else { throw .unsupportedScheme(file: w.file, reason: "\(format) \(bits)-bit float weights (supported: 8)") }
            return .fp8(granularity: granularity, activation: activation, method: .compressedTensors)
        default:
            throw .unsupportedScheme(file: w.file, reason: "compressed-tensors format '\(format)' with \(type) weights (supported: pack-quantized, int-quantized, naive-quantized, float-quantized, dense)")
        }
    }

    static func blockStructure(_ w: ConfigReader) throws(CheckpointError) -> [Int]? {
        if let list = try? w.ints("block_structure") { return list }
        if let text = try w.string("block_structure") {
            return text.split(separator: "x").compactMap { Int($0) }
        }
        return nil
    }

    static func activationScheme(_ group: ConfigReader) throws(CheckpointError) -> ActivationScheme {
        guard let a = try group.object("input_activations") else { return .none }
        let type = try a.string("type") ?? "int"
        let bits = try a.int("num_bits") ?? 8
        guard bits == 8 else { throw .unsupportedScheme(file: a.file, reason: "\(bits)-bit activations (supported: 8)") }
        let dynamic: Bool
        if let b = try? a.bool("dynamic") { dynamic = b } else { dynamic = (try a.string("dynamic")) == "local" }
        let granularity: ActivationScheme.Granularity
        switch try a.string("strategy") ?? "tensor" {
        case "tensor": granularity = .perTensor
        case "token": granularity = .perToken
        case "group":
            guard let g = try a.int("group_size"), g > 0 else { throw a.error("group_size", "strategy 'group' needs a positive group_size") }
            granularity = .perTokenGroup(g)
        case let other: throw .unsupportedScheme(file: a.file, reason: "activation strategy '\(other)'")
        }
        let valueType: ActivationScheme.ValueType = type == "float" ? .float8E4M3FN : .int8
        return ActivationScheme(type: valueType, dynamic: dynamic, granularity: granularity,
                                symmetric: try a.bool("symmetric") ?? true)
    }
}
