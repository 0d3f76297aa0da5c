import Foundation
import Testing
import Checkpoint
@testable import Executor

/// The Llama runner on SmolLM2-135M-Instruct Q4_1 against llama.cpp's recorded outputs
/// (Tools/fixtures/gguf/make_llama_reference.py), with the float reference layers and float
/// arithmetic: the independent float path. The strict criteria (every top-1 of the passage and
/// every greedy token identical) hold for the int8 JIT kernels with ggml's arithmetic, which
/// reproduce llama.cpp bit for bit (``JITSmolLM2Tests``); any inexact path, llama.cpp's own
/// one-token path included (97.2% strict top-1 and mean |Δ| 0.128 against its batched path,
/// Tools/fixtures/gguf/llama_self_agreement.py), lands at about 97% here.
///
/// llama.cpp rounds activations to 8-bit blocks (Q8_0/Q8_1) before its quantized dot products,
/// which moves its logits by about 0.12 on average against float activations (the same on every
/// position of the passage; our float path agrees with a float64 NumPy forward pass over
/// gguf-py's dequantized weights to 1e-3). Where llama.cpp's two best tokens are closer than
/// ``tieMargin`` — a swap that two logits each within the per-logit tolerance can make —
/// either may come first. Agreement is therefore counted strictly and "up to near-ties": a
/// disagreement is a near-tie when our choice is llama.cpp's second choice and llama.cpp's
/// top-2 gap is at most ``tieMargin``.
@Suite(.enabled(if: ModelSupport.modelAvailable, Comment(rawValue: ModelSupport.skipMessage)),
       .enabled(if: ModelSupport.optimized, Comment(rawValue: ModelSupport.slowSkipMessage)),
       .serialized)
struct ModelReferenceTests {
    static let model: Result<LlamaModel, Error> = Result { try LlamaModel(file: try ModelSupport.file(), attentionPrecision: .float) }
    static let tieMargin: Float = 0.3
    static let greedySteps = 12

    /// Whether `choice` agrees with llama.cpp's `top` up to a near-tie.
    static func agrees(_ choice: Int, _ top: ModelSupport.Reference.Top5) -> Bool {
        choice == top.ids[0] || (choice == top.ids[1] && top.logits[0] - top.logits[1] <= tieMargin)
    }

    @Test func greedyContinuationsMatchLlamaCpp() throws {
        let model = try Self.model.get()
        let reference = try ModelSupport.reference()
        var identical = 0
        for entry in reference.greedy {
            let expected = Array(entry.continuation.prefix(Self.greedySteps))
            // Free-running greedy decoding.
            let cache = model.makeCache(capacity: 256)
            var logits = try model.forward(tokens: entry.promptIDs, cache: cache)
            var tokens: [Int] = []
            for _ in 0..<Self.greedySteps {
                tokens.append(Sampler.argmax(logits))
                logits = try model.forward(tokens: [tokens.last!], cache: cache)
            }
            if tokens == expected { identical += 1 }
            // Up to the first divergence, which must be a near-tie of llama.cpp's.
            if let step = tokens.indices.first(where: { tokens[$0] != expected[$0] }) {
                #expect(Self.agrees(tokens[step], entry.top5[step]),
                        "\(entry.prompt.debugDescription): step \(step) picks \(tokens[step]), llama.cpp \(entry.top5[step].ids) \(entry.top5[step].logits)")
            }
            // Teacher-forced along llama.cpp's continuation: every step agrees up to near-ties.
            let forced = model.makeCache(capacity: 256)
            var forcedLogits = try model.forward(tokens: entry.promptIDs, cache: forced)
            for step in 0..<Self.greedySteps {
                let choice = Sampler.argmax(forcedLogits)
                #expect(Self.agrees(choice, entry.top5[step]),
                        "\(entry.prompt.debugDescription): forced step \(step) picks \(choice), llama.cpp \(entry.top5[step].ids) \(entry.top5[step].logits)")
                forcedLogits = try model.forward(tokens: [expected[step]], cache: forced)
            }
        }
        print("greedy: \(identical) of \(reference.greedy.count) prompts give llama.cpp's first \(Self.greedySteps) tokens exactly")
        #expect(identical >= reference.greedy.count / 2)
    }

    @Test func teacherForcedLogitsMatchLlamaCpp() throws {
        let model = try Self.model.get()
        let passage = try ModelSupport.reference().passage
        let vocabulary = model.config.vocabularySize
        let cache = model.makeCache(capacity: passage.ids.count)
        let logits = try model.forward(tokens: passage.ids, cache: cache, logits: .all)
        #expect(logits.count == passage.ids.count * vocabulary)
        var strict = 0, upToTies = 0, differenceSum: Double = 0, differenceCount = 0
        for (position, top) in passage.top5.enumerated() {
            let row = logits[(position * vocabulary)..<((position + 1) * vocabulary)]
            let choice = Sampler.argmax(row)
            if choice == top.ids[0] { strict += 1 }
            if Self.agrees(choice, top) { upToTies += 1 }
            for (id, expected) in zip(top.ids, top.logits) {
                differenceSum += Double(abs(row[row.startIndex + id] - expected))
                differenceCount += 1
            }
        }
        let count = Double(passage.top5.count)
        let meanDifference = differenceSum / Double(differenceCount)
        print("teacher-forced passage: \(passage.ids.count) tokens, top-1 agreement \(Double(strict) / count) strict, \(Double(upToTies) / count) up to near-ties; mean |Δlogit| of llama.cpp's top-5: \(meanDifference)")
        #expect(Double(upToTies) / count >= 0.98, "top-1 agreement with llama.cpp up to near-ties")
        #expect(Double(strict) / count >= 0.95, "strict top-1 agreement with llama.cpp")
        #expect(meanDifference <= 0.2, "mean absolute difference of llama.cpp's top-5 logits")
    }

    @Test func batchedAndIncrementalForwardAgree() throws {
        let model = try Self.model.get()
        let ids = Array(try ModelSupport.reference().passage.ids.prefix(12))
        let batched = try model.forward(tokens: ids, cache: model.makeCache(capacity: 16), logits: .last)
        let cache = model.makeCache(capacity: 16)
        var incremental: [Float] = []
        for id in ids { incremental = try model.forward(tokens: [id], cache: cache) }
        let difference = zip(batched, incremental).map { abs($0 - $1) }.max() ?? 0
        #expect(difference < 1e-3, "max |batched − incremental| = \(difference)")
        #expect(throws: ModelError.self) { try model.forward(tokens: [model.config.vocabularySize], cache: model.makeCache(capacity: 4)) }
        #expect(throws: ModelError.self) { try model.forward(tokens: ids, cache: model.makeCache(capacity: 4)) }
    }
}
