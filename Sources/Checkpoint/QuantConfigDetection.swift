import Foundation
import Quantization

/// Finds and parses a checkpoint's quantization configuration.
public enum QuantConfigDetector {
    /// Reads the configuration files in `directory`, in order of precedence: `config.json`
    /// (`quantization_config`), `quantize_config.json`, `quant_config.json`,
    /// `hf_quant_config.json`. Returns nil for an unquantized checkpoint. Later files that
    /// disagree with the chosen one add a note.
    public static func detect(directory: String) throws(CheckpointError) -> QuantizationConfig? {
        var found: [QuantizationConfig] = []
        for source in QuantConfigSource.allCases {
            let file = (directory as NSString).appendingPathComponent(source.rawValue)
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            if let config = try parse(data, source: source, file: file) { found.append(config) }
        }
        guard var chosen = found.first else { return nil }
        for other in found.dropFirst() {
            if other.method != chosen.method {
                chosen.notes.append("\(other.source.rawValue) declares \(other.method.rawValue) but \(chosen.source.rawValue) declares \(chosen.method.rawValue); using \(chosen.source.rawValue)")
            } else if other.defaultScheme != chosen.defaultScheme {
                chosen.notes.append("\(other.source.rawValue) describes a different scheme (\(other.defaultScheme?.summary ?? "none")) than \(chosen.source.rawValue) (\(chosen.defaultScheme?.summary ?? "none")); using \(chosen.source.rawValue)")
            }
        }
        return chosen
    }

    /// Parses one configuration file. Returns nil when it declares no quantization
    /// (a `config.json` without `quantization_config`).
    public static func parse(_ data: Data, source: QuantConfigSource, file: String) throws(CheckpointError) -> QuantizationConfig? {
        let root = try ConfigReader.parse(data, file: file)
        let rawText = String(data: data, encoding: .utf8)
        switch source {
        case .configJSON:
            var found = try root.object("quantization_config")
            if found == nil { found = try root.object("compression_config") }
            guard let q = found else { return nil }
            return try parseQuantizationObject(q, source: source, rawText: rawText)
        case .quantizeConfigJSON:
            return try parseQuantizationObject(root, source: source, rawText: rawText, defaultMethod: "gptq")
        case .quantConfigJSON:
            return try parseQuantizationObject(root, source: source, rawText: rawText, defaultMethod: "awq")
        case .hfQuantConfigJSON:
            guard let q = try root.object("quantization") else {
                throw root.error("quantization", "hf_quant_config.json needs a 'quantization' object")
            }
            return try parseModelOpt(q, source: source)
        }
    }

    static func parseQuantizationObject(
        _ q: ConfigReader, source: QuantConfigSource, rawText: String?, defaultMethod: String? = nil
    ) throws(CheckpointError) -> QuantizationConfig {
        let method = try q.string("quant_method") ?? defaultMethod
        switch method?.lowercased() {
        case "gptq": return try parseGPTQ(q, source: source, rawText: rawText)
        case "awq": return try parseAWQ(q, source: source)
        case "compressed-tensors", "compressed_tensors": return try parseCompressedTensors(q, source: source, rawText: rawText)
        case "fp8": return try parseFP8(q, source: source)
        case "fbgemm_fp8":
            return QuantizationConfig(
                method: .fp8, source: source, file: q.file, format: "fbgemm_fp8",
                defaultScheme: .fp8(granularity: .perChannel, activation: ActivationScheme(type: .float8E4M3FN, dynamic: true, granularity: .perToken)),
                ignore: (try q.strings("modules_to_not_convert") ?? []).map { .substring($0) } + [.exact("lm_head")])
        case "w8a8_int8":
            return QuantizationConfig(
                method: .int8, source: source, file: q.file, format: "w8a8_int8", defaultScheme: .int8W8A8(),
                ignore: (try q.strings("ignore") ?? []).map(ModulePattern.compressedTensors) + [.exact("lm_head")])
        case "modelopt": return try parseModelOpt(q, source: source)
        case nil: throw q.error("quant_method", "missing: cannot tell the quantization method")
        case let other?:
            throw .unsupportedScheme(file: q.file, reason: "quant_method '\(other)' is not supported (supported: gptq, awq, compressed-tensors, fp8, fbgemm_fp8, w8a8_int8, modelopt)")
        }
    }

    // MARK: GPTQ

    static func parseGPTQ(_ q: ConfigReader, source: QuantConfigSource, rawText: String?) throws(CheckpointError) -> QuantizationConfig {
        let defaults = try gptqScheme(q, base: nil)
        let format = try q.string(anyOf: ["checkpoint_format", "format"]) ?? "gptq"
        var rules: [SchemeRule] = []
        if let dynamic = try q.object("dynamic") {
            for key in q.orderedKeys(of: "dynamic", rawText: rawText) {
                guard let overrides = try dynamic.object(key) else {
                    throw dynamic.error(key, "each dynamic entry must be an object of overrides")
                }
                var pattern = key
                var skip = false
                if key.hasPrefix("-:") { skip = true; pattern = String(key.dropFirst(2)) }
                else if key.hasPrefix("+:") { pattern = String(key.dropFirst(2)) }
                guard ModulePattern.isValidRegex(pattern) else {
                    throw dynamic.error(key, "not a valid regular expression")
                }
                let scheme = skip ? nil : try gptqScheme(overrides, base: defaults)
                rules.append(SchemeRule(patterns: [.regex(pattern)], scheme: scheme, origin: "dynamic[\"\(key)\"]"))
            }
        }
        let lmHead = try q.bool("lm_head") ?? false
        return QuantizationConfig(
            method: .gptq, source: source, file: q.file, format: format, defaultScheme: defaults, rules: rules,
            ignore: lmHead ? [] : [.exact("lm_head")])
    }

    /// A GPTQ scheme from `q`'s keys, falling back to `base` for absent ones.
    static func gptqScheme(_ q: ConfigReader, base: QuantScheme?) throws(CheckpointError) -> QuantScheme {
        guard let bits = try q.int("bits") ?? base?.bits else { throw q.error("bits", "missing") }
        guard GPTQLayout.supportedBits.contains(bits) else {
            throw .unsupportedScheme(file: q.file, reason: "GPTQ \(bits)-bit weights (\(q.keyPath("bits"))); supported: 2, 3, 4, 8")
        }
        let groupSize = try q.int("group_size") ?? base?.groupSize ?? -1
        guard groupSize == -1 || groupSize > 0 else { throw q.error("group_size", "must be -1 or positive, found \(groupSize)") }
        let format = try q.string(anyOf: ["checkpoint_format", "format"])
        let v2: Bool
        switch format {
        case nil: v2 = base?.zeroPoints == .gptqV2
        case "gptq": v2 = false
        case "gptq_v2": v2 = true
        case let other?:
            throw .unsupportedScheme(file: q.file, reason: "GPTQ checkpoint_format '\(other)' (supported: gptq, gptq_v2)")
        }
        if let packDType = try q.string("pack_dtype"), packDType != "int32", packDType != "torch.int32" {
            throw .unsupportedScheme(file: q.file, reason: "GPTQ pack_dtype '\(packDType)' (\(q.keyPath("pack_dtype"))); only int32 words are supported")
        }
        let symmetric = try q.bool("sym") ?? base.map { !$0.isAsymmetric } ?? true
        let descAct = try q.bool("desc_act") ?? base?.actOrder ?? false
        let staticGroups = try q.bool("static_groups") ?? base?.staticGroups ?? false
        return .gptq(bits: bits, groupSize: groupSize, symmetric: symmetric, v2: v2,
                     actOrder: descAct && groupSize != -1, staticGroups: staticGroups)
    }

    // MARK: AWQ

    static func parseAWQ(_ q: ConfigReader, source: QuantConfigSource) throws(CheckpointError) -> QuantizationConfig {
        guard let bits = try q.int(anyOf: ["bits", "w_bit"]) else { throw q.error("bits", "missing") }
        guard bits == 4 else { throw .unsupportedScheme(file: q.file, reason: "AWQ \(bits)-bit weights; AutoAWQ packs 4-bit only") }
        let groupSize = try q.int(anyOf: ["group_size", "q_group_size"]) ?? 128
        guard groupSize == -1 || groupSize > 0 else { throw q.error("group_size", "must be -1 or positive, found \(groupSize)") }
        let zeroPoint = try q.bool("zero_point") ?? true
        let version = (try q.string("version") ?? "gemm").lowercased()
        let scheme: QuantScheme
        switch version {
        case "gemm": scheme = .awqGEMM(bits: bits, groupSize: groupSize, zeroPoint: zeroPoint)
        case "gemv":
            guard [32, 64].contains(groupSize) || groupSize >= 128 else {
                throw .unsupportedScheme(file: q.file, reason: "AWQ GEMV group size \(groupSize) (AutoAWQ supports 32, 64 and ≥ 128)")
            }
            scheme = .awqGEMV(bits: bits, groupSize: groupSize)
        default:
            throw .unsupportedScheme(file: q.file, reason: "AWQ version '\(version)' (supported: gemm, gemv)")
        }
        let skip = (try q.strings("modules_to_not_convert") ?? []).map { ModulePattern.substring($0) }
        return QuantizationConfig(method: .awq, source: source, file: q.file, format: version, defaultScheme: scheme,
                                  ignore: skip + [.exact("lm_head")])
    }

    // MARK: FP8 and ModelOpt

    static func parseFP8(_ q: ConfigReader, source: QuantConfigSource) throws(CheckpointError) -> QuantizationConfig {
        let activation = try q.string("activation_scheme") ?? "dynamic"
        guard activation == "static" || activation == "dynamic" else {
            throw q.error("activation_scheme", "must be 'static' or 'dynamic', found '\(activation)'")
        }
        let ignored = (try q.strings("ignored_layers") ?? []).map(ModulePattern.compressedTensors)
        var scheme: QuantScheme
        if let block = try q.ints("weight_block_size") {
            guard block.count == 2, block[0] > 0, block[1] > 0 else {
                throw q.error("weight_block_size", "must be two positive integers, found \(block)")
            }
            guard activation == "dynamic" else {
                throw .unsupportedScheme(file: q.file, reason: "block-wise FP8 with static activation scales")
            }
            scheme = .fp8(granularity: .block(rows: block[0], cols: block[1]),
                          activation: ActivationScheme(type: .float8E4M3FN, dynamic: true, granularity: .perTokenGroup(block[1])))
        } else {
            scheme = .fp8(granularity: .perTensor, activation: activation == "static" ? .fp8Static : .fp8Dynamic)
        }
        return QuantizationConfig(method: .fp8, source: source, file: q.file,
                                  format: scheme.granularity == .perTensor ? "fp8" : "fp8-block",
                                  defaultScheme: scheme, ignore: ignored + [.exact("lm_head")])
    }

    static func parseModelOpt(_ q: ConfigReader, source: QuantConfigSource) throws(CheckpointError) -> QuantizationConfig {
        guard let algo = try q.string("quant_algo") else { throw q.error("quant_algo", "missing") }
        let scheme: QuantScheme
        switch algo.uppercased() {
        case "FP8": scheme = .fp8(granularity: .perTensor, activation: .fp8Static)
        case "FP8_PER_CHANNEL_PER_TOKEN":
            scheme = .fp8(granularity: .perChannel, activation: ActivationScheme(type: .float8E4M3FN, dynamic: true, granularity: .perToken))
        default:
            throw .unsupportedScheme(file: q.file, reason: "ModelOpt quant_algo '\(algo)' (supported: FP8, FP8_PER_CHANNEL_PER_TOKEN)")
        }
        let exclude = (try q.strings("exclude_modules") ?? []).map { ModulePattern.glob($0) }
        let kv = try q.string("kv_cache_quant_algo").map { KVCacheScheme(description: $0) }
        return QuantizationConfig(method: .fp8, source: source, file: q.file, format: "modelopt-\(algo.lowercased())",
                                  defaultScheme: scheme, ignore: exclude, kvCache: kv)
    }
}
