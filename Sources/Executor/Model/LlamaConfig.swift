import Checkpoint

/// The hyper-parameters of a Llama-family model, read from GGUF metadata (`<arch>.*` keys).
public struct LlamaConfig: Sendable, Equatable {
    /// `general.architecture` (`llama`, …).
    public var architecture: String
    public var layerCount: Int
    public var hiddenSize: Int
    public var feedForwardSize: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDimension: Int
    /// Dimensions rotated by RoPE (`rope.dimension_count`, ≤ `headDimension`).
    public var ropeDimensionCount: Int
    public var ropeFrequencyBase: Float
    public var rmsNormEpsilon: Float
    public var contextLength: Int
    public var vocabularySize: Int

    /// The architectures whose graph is the Llama graph with "normal" (interleaved-pair) RoPE.
    public static let supportedArchitectures: Set<String> = ["llama"]

    /// Reads the configuration; throws a ``GGUFError`` naming a missing or mistyped key.
    public init(gguf file: GGUFFile) throws {
        architecture = try file.string("general.architecture")
        guard Self.supportedArchitectures.contains(architecture) else {
            throw GGUFError.wrongMetadataType(file: file.fileName, key: "general.architecture",
                                              expected: "one of \(Self.supportedArchitectures.sorted())", found: "\"\(architecture)\"")
        }
        let a = architecture
        layerCount = try file.int("\(a).block_count")
        hiddenSize = try file.int("\(a).embedding_length")
        feedForwardSize = try file.int("\(a).feed_forward_length")
        headCount = try file.int("\(a).attention.head_count")
        kvHeadCount = file.metadata["\(a).attention.head_count_kv"] != nil ? try file.int("\(a).attention.head_count_kv") : headCount
        guard headCount > 0, kvHeadCount > 0, headCount % kvHeadCount == 0, hiddenSize % headCount == 0 else {
            throw GGUFError.wrongMetadataType(file: file.fileName, key: "\(a).attention.head_count",
                                              expected: "heads dividing the hidden size and a multiple of the KV heads",
                                              found: "\(headCount) heads, \(kvHeadCount) KV heads, hidden \(hiddenSize)")
        }
        headDimension = file.metadata["\(a).attention.key_length"] != nil ? try file.int("\(a).attention.key_length") : hiddenSize / headCount
        ropeDimensionCount = file.metadata["\(a).rope.dimension_count"] != nil ? try file.int("\(a).rope.dimension_count") : headDimension
        ropeFrequencyBase = file.metadata["\(a).rope.freq_base"] != nil ? Float(try file.double("\(a).rope.freq_base")) : 10_000
        rmsNormEpsilon = Float(try file.double("\(a).attention.layer_norm_rms_epsilon"))
        contextLength = try file.int("\(a).context_length")
        if file.metadata["\(a).vocab_size"] != nil {
            vocabularySize = try file.int("\(a).vocab_size")
        } else {
            vocabularySize = try file.tensor(named: "token_embd.weight").rowCount
        }
        // RoPE scaling (linear, YaRN, Llama 3 frequency factors) is not implemented: refuse it
        // rather than run with the wrong positions.
        if let scaling = file.metadata["\(a).rope.scaling.type"]?.stringValue, scaling != "none" {
            throw GGUFError.wrongMetadataType(file: file.fileName, key: "\(a).rope.scaling.type",
                                              expected: "\"none\" (RoPE scaling is not supported)", found: "\"\(scaling)\"")
        }
        if file.hasTensor(named: "rope_freqs.weight") {
            throw GGUFError.badTensor(file: file.fileName, tensor: "rope_freqs.weight",
                                      reason: "RoPE frequency factors (Llama 3.1 style) are not supported")
        }
        guard ropeDimensionCount <= headDimension, ropeDimensionCount % 2 == 0 else {
            throw GGUFError.wrongMetadataType(file: file.fileName, key: "\(a).rope.dimension_count",
                                              expected: "an even number ≤ the head dimension \(headDimension)", found: "\(ropeDimensionCount)")
        }
    }

    /// Query heads per key/value head.
    public var groupSize: Int { headCount / kvHeadCount }
    /// Width of the keys (and values) of one token: KV heads × head dimension.
    public var kvWidth: Int { kvHeadCount * headDimension }
    /// Width of the queries of one token.
    public var queryWidth: Int { headCount * headDimension }
}
