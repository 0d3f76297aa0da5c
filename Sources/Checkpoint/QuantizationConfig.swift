import Quantization

/// Which file a quantization configuration came from.
public enum QuantConfigSource: String, Codable, Hashable, Sendable, CaseIterable {
    /// `quantization_config` inside `config.json` (Transformers, vLLM).
    case configJSON = "config.json"
    /// AutoGPTQ / GPTQModel `quantize_config.json`.
    case quantizeConfigJSON = "quantize_config.json"
    /// AutoAWQ `quant_config.json`.
    case quantConfigJSON = "quant_config.json"
    /// NVIDIA ModelOpt `hf_quant_config.json`.
    case hfQuantConfigJSON = "hf_quant_config.json"
}

/// One ordered rule: modules matching `patterns` get `scheme` (nil: left unquantized).
public struct SchemeRule: Hashable, Sendable {
    public var patterns: [ModulePattern]
    public var scheme: QuantScheme?
    /// Where the rule comes from, for reports (e.g. `dynamic["-:.*mlp.*"]`).
    public var origin: String

    public init(patterns: [ModulePattern], scheme: QuantScheme?, origin: String) {
        self.patterns = patterns
        self.scheme = scheme
        self.origin = origin
    }

    public func matches(_ module: String) -> Bool { patterns.contains { $0.matches(module) } }
}

/// The KV-cache quantization a checkpoint declares (`kv_cache_scheme`, `kv_cache_quant_algo`).
public struct KVCacheScheme: Hashable, Sendable {
    public var description: String
}

/// A checkpoint's quantization, as its configuration files declare it.
///
/// Resolution for a module: the first `ignore` pattern that matches leaves it unquantized;
/// otherwise the first matching rule decides; otherwise `defaultScheme` applies.
public struct QuantizationConfig: Hashable, Sendable {
    public var method: QuantMethod
    public var source: QuantConfigSource
    /// The configuration file's path (for errors).
    public var file: String
    /// Method-specific format string, e.g. `pack-quantized`, `gemm`, `gptq_v2`.
    public var format: String
    public var defaultScheme: QuantScheme?
    public var rules: [SchemeRule]
    public var ignore: [ModulePattern]
    public var kvCache: KVCacheScheme?
    /// Things worth a warning (unknown keys with effect, contradicting files).
    public var notes: [String]

    public init(method: QuantMethod, source: QuantConfigSource, file: String, format: String,
                defaultScheme: QuantScheme?, rules: [SchemeRule] = [], ignore: [ModulePattern] = [],
                kvCache: KVCacheScheme? = nil, notes: [String] = []) {
        self.method = method
        self.source = source
        self.file = file
        self.format = format
        self.defaultScheme = defaultScheme
        self.rules = rules
        self.ignore = ignore
        self.kvCache = kvCache
        self.notes = notes
    }

    /// The scheme for `module` and the reason for the decision.
    public func scheme(for module: String) -> (scheme: QuantScheme?, reason: String) {
        if let p = ignore.first(where: { $0.matches(module) }) { return (nil, "ignored by '\(p)'") }
        if let rule = rules.first(where: { $0.matches(module) }) {
            return (rule.scheme, rule.scheme == nil ? "skipped by \(rule.origin)" : "from \(rule.origin)")
        }
        if let s = defaultScheme { return (s, "default") }
        return (nil, "no rule matches")
    }
}
