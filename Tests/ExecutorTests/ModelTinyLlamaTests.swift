import Foundation
import Testing
import Checkpoint
import Quantization
@testable import Executor

/// The runner on a tiny random Llama whose linear layers use every GGUF block format (K-quants,
/// IQ4, legacy quants, F16, BF16, untied Q6_K output), against llama.cpp's logits on it
/// (Tools/fixtures/gguf/make_tiny_llama.py). Small enough for unoptimized builds.
@Suite struct ModelTinyLlamaTests {
    struct Reference: Decodable {
        struct Greedy: Decodable { let prompt: String; let promptIDs: [Int]; let continuation: [Int]; let top5: [ModelSupport.Reference.Top5] }
        let text: String
        let ids: [Int]
        let logits: [[Float]]
        let greedy: Greedy
    }

    static let directory = ModelSupport.repositoryRoot.appendingPathComponent("Tests/ExecutorTests/ModelFixtures/tiny")

    static func reference() throws -> Reference {
        try JSONDecoder().decode(Reference.self, from: Data(contentsOf: directory.appendingPathComponent("tiny_reference.json")))
    }

    static func file() throws -> GGUFFile { try GGUFFile(path: directory.appendingPathComponent("tiny-llama.gguf.bin").path) }

    @Test func usesEveryBlockFormat() throws {
        let types = Set(try Self.file().tensors.map(\.type))
        #expect(types.isSuperset(of: Set(GGMLType.dequantizable)), "missing \(Set(GGMLType.dequantizable).subtracting(types))")
    }

    @Test func tokenizerMatchesLlamaCpp() throws {
        let reference = try Self.reference()
        let tokenizer = try BPETokenizer(gguf: try Self.file())
        #expect(tokenizer.preTokenizer == PreTokenizer(splitsEveryDigit: false))
        #expect(tokenizer.encode(reference.text) == reference.ids)
        #expect(tokenizer.encode(reference.greedy.prompt) == reference.greedy.promptIDs)
        #expect(tokenizer.decode(reference.ids) == reference.text)
    }

    /// Mean and maximum |ours − llama.cpp| over every logit, and strict top-1 agreement.
    static func compare(_ model: LlamaModel, _ reference: Reference) throws -> (mean: Double, max: Float, agreement: Double) {
        let vocabulary = model.config.vocabularySize
        let logits = try model.forward(tokens: reference.ids, cache: model.makeCache(capacity: 64), logits: .all)
        var sum: Double = 0, maximum: Float = 0, agreements = 0
        for (position, expected) in reference.logits.enumerated() {
            let row = Array(logits[(position * vocabulary)..<((position + 1) * vocabulary)])
            for (a, b) in zip(row, expected) { sum += Double(abs(a - b)); maximum = max(maximum, abs(a - b)) }
            if Sampler.argmax(row) == Sampler.argmax(expected) { agreements += 1 }
        }
        return (sum / Double(reference.logits.count * vocabulary), maximum, Double(agreements) / Double(reference.logits.count))
    }

    @Test func teacherForcedLogitsMatchLlamaCpp() throws {
        let reference = try Self.reference()
        let file = try Self.file()
        let float = try Self.compare(try LlamaModel(file: file, threads: ThreadPool(threads: 2)), reference)
        print("tiny llama, float activations: mean |Δ| \(float.mean), max \(float.max), top-1 \(float.agreement)")
        #expect(float.mean <= 0.05)
        #expect(float.agreement >= 0.9)
        // Rounding activations as ggml does brings the logits much closer to llama.cpp's.
        let ggml = try Self.compare(try LlamaModel(file: file, factory: ReferenceLinearFactory(activations: .ggml),
                                                    threads: ThreadPool(threads: 2), attentionPrecision: .ggml), reference)
        print("tiny llama, ggml-rounded activations: mean |Δ| \(ggml.mean), max \(ggml.max), top-1 \(ggml.agreement)")
        #expect(ggml.mean <= 0.01)
        #expect(ggml.mean <= float.mean / 3)
        #expect(ggml.agreement >= 0.97)
    }

    @Test func incompleteModelsAreClearErrors() throws {
        // The reader fixture says "llama" but has no hyper-parameters.
        let small = try GGUFFile(path: ModelSupport.repositoryRoot.appendingPathComponent("Tests/CheckpointTests/Fixtures/gguf/small.gguf.bin").path)
        #expect(throws: GGUFError.self) { try LlamaModel(file: small) }
        #expect(throws: GGUFError.self) { try BPETokenizer(gguf: small) }
    }

    @Test func greedyMatchesLlamaCpp() throws {
        let reference = try Self.reference().greedy
        let model = try LlamaModel(file: try Self.file(), threads: ThreadPool(threads: 2))
        let cache = model.makeCache(capacity: 64)
        var logits = try model.forward(tokens: reference.promptIDs, cache: cache)
        var tokens: [Int] = []
        for _ in reference.continuation {
            tokens.append(Sampler.argmax(logits))
            logits = try model.forward(tokens: [tokens.last!], cache: cache)
        }
        #expect(tokens == reference.continuation)
    }
}
