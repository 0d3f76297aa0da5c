import Foundation

/// Timings of one generation.
public struct GenerationStatistics: Sendable {
    public var promptTokens = 0
    public var generatedTokens = 0
    public var promptSeconds: Double = 0
    public var generationSeconds: Double = 0

    public var promptTokensPerSecond: Double { promptSeconds > 0 ? Double(promptTokens) / promptSeconds : 0 }
    public var generationTokensPerSecond: Double { generationSeconds > 0 ? Double(generatedTokens) / generationSeconds : 0 }
}

/// Turns token bytes into text pieces, holding back incomplete UTF-8 sequences.
public struct StreamingDecoder: Sendable {
    private var pending: [UInt8] = []
    public init() {}

    /// Appends bytes and returns the text that is complete so far.
    public mutating func append(_ bytes: [UInt8]) -> String {
        pending += bytes
        var end = pending.count
        // Keep back a trailing incomplete sequence (at most 3 bytes).
        var i = pending.count - 1, back = 0
        while i >= 0 && back < 4 {
            let byte = pending[i]
            if byte & 0xC0 == 0x80 { i -= 1; back += 1; continue }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
            if i + length > pending.count { end = i }
            break
        }
        let text = String(decoding: pending[..<end], as: UTF8.self)
        pending.removeSubrange(..<end)
        return text
    }

    /// The rest, with invalid sequences replaced.
    public mutating func finish() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }
}

/// Generates text with a ``LlamaModel`` and a ``BPETokenizer``.
public struct TextGenerator {
    public let model: LlamaModel
    public let tokenizer: BPETokenizer

    public init(model: LlamaModel, tokenizer: BPETokenizer) {
        self.model = model
        self.tokenizer = tokenizer
    }

    /// Generates up to `maxTokens` tokens after `promptTokens`, stopping at EOS (or another
    /// end-of-generation control token); `onToken` receives each token id as it is picked.
    @discardableResult
    public func generate(promptTokens: [Int], maxTokens: Int, sampling: SamplingOptions,
                         cache: KVCache? = nil, onToken: (Int) -> Void) throws -> (tokens: [Int], statistics: GenerationStatistics) {
        let cache = cache ?? model.makeCache(capacity: min(model.config.contextLength, promptTokens.count + maxTokens + 1))
        var sampler = Sampler(options: sampling)
        var statistics = GenerationStatistics()
        statistics.promptTokens = promptTokens.count
        var clock = Date()
        var logits = try model.forward(tokens: promptTokens, cache: cache, logits: .last)
        statistics.promptSeconds = Date().timeIntervalSince(clock)
        clock = Date()
        var output: [Int] = []
        let stops = Set([tokenizer.eosID].compactMap { $0 } + stopTokens())
        while output.count < maxTokens {
            let token = sampler.sample(logits)
            if stops.contains(token) { break }
            output.append(token)
            onToken(token)
            if output.count == maxTokens || cache.count >= cache.capacity { break }
            logits = try model.forward(tokens: [token], cache: cache, logits: .last)
        }
        statistics.generatedTokens = output.count
        statistics.generationSeconds = Date().timeIntervalSince(clock)
        return (output, statistics)
    }

    /// Control tokens that end a turn (`<|im_end|>`, `<|eot_id|>`, `<|endoftext|>`, …).
    func stopTokens() -> [Int] {
        let names: Set<String> = ["<|im_end|>", "<|eot_id|>", "<|endoftext|>", "<|end|>", "<end_of_turn>"]
        return tokenizer.tokens.indices.filter { tokenizer.kinds[$0] == .control && names.contains(tokenizer.tokens[$0]) }
    }
}
