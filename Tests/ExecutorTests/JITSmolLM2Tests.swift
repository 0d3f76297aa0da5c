import Foundation
import Testing
import Checkpoint
import Kernels
@testable import Executor

/// SmolLM2-135M-Instruct Q4_1 with ``JITLinearFactory`` layers against llama.cpp's recorded
/// outputs (the fixture and agreement rules of ``ModelReferenceTests``). Measured: mean |Δlogit|
/// of llama.cpp's top-5 over the passage 0.129 (int8) and 0.123 (f32 FMA), where the reference
/// layers give 0.128 with ggml-rounded activations: on this model the remaining gap to llama.cpp
/// is not in the linear layers.
@Suite(.enabled(if: ModelSupport.modelAvailable, Comment(rawValue: ModelSupport.skipMessage)), .serialized)
struct JITSmolLM2Tests {
    static func model(_ strategy: GGUFStrategy) throws -> LlamaModel {
        let factory = JITLinearFactory(options: JITLinearOptions(gemvStrategy: strategy, gemmStrategy: strategy))
        return try LlamaModel(file: try ModelSupport.file(), factory: factory, threads: ThreadPool(threads: 2),
                              attentionPrecision: strategy == .int8 ? .ggml : .float)
    }

    @Test("teacher-forced passage", arguments: GGUFStrategy.allCases)
    func teacherForcedLogitsMatchLlamaCpp(strategy: GGUFStrategy) throws {
        let model = try Self.model(strategy)
        let passage = try ModelSupport.reference().passage
        let vocabulary = model.config.vocabularySize
        let logits = try model.forward(tokens: passage.ids, cache: model.makeCache(capacity: passage.ids.count), logits: .all)
        var strict = 0, upToTies = 0, differenceSum: Double = 0, differenceCount = 0
        for (position, top) in passage.top5.enumerated() {
            let row = logits[(position * vocabulary)..<((position + 1) * vocabulary)]
            let choice = Sampler.argmax(row)
            if choice == top.ids[0] { strict += 1 }
            if ModelReferenceTests.agrees(choice, top) { upToTies += 1 }
            for (id, expected) in zip(top.ids, top.logits) {
                differenceSum += Double(abs(row[row.startIndex + id] - expected))
                differenceCount += 1
            }
        }
        let count = Double(passage.top5.count), mean = differenceSum / Double(differenceCount)
        print("JIT \(strategy.rawValue), teacher-forced passage: top-1 \(Double(strict) / count) strict, \(Double(upToTies) / count) up to near-ties; mean |Δlogit| of llama.cpp's top-5 \(mean)")
        #expect(Double(upToTies) / count >= 0.98)
        #expect(Double(strict) / count >= 0.95)
        #expect(mean <= 0.2)
    }

    /// Debugging aid: with `QUANTJIT_TAP_DIR` set, writes the intermediate tensors of the first
    /// `QUANTJIT_TAP_TOKENS` (default 8) passage tokens as raw f32 files, to compare with
    /// llama.cpp's (Tools/fixtures/gguf/dump_llama_intermediates.py).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["QUANTJIT_TAP_DIR"] != nil))
    func writeIntermediates() throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = URL(fileURLWithPath: environment["QUANTJIT_TAP_DIR"]!)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let count = Int(environment["QUANTJIT_TAP_TOKENS"] ?? "") ?? 8
        let model = try Self.model(GGUFStrategy(rawValue: environment["QUANTJIT_TAP_STRATEGY"] ?? "int8") ?? .int8)
        model.tap = { name, values in
            let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
            try? data.write(to: directory.appendingPathComponent(name + ".f32"))
        }
        let ids = Array(try ModelSupport.reference().passage.ids.prefix(count))
        _ = try model.forward(tokens: ids, cache: model.makeCache(capacity: count), logits: .all)
    }

    @Test func greedyDecodingMatchesLlamaCpp() throws {
        let model = try Self.model(.int8)
        let reference = try ModelSupport.reference()
        var identical = 0
        for entry in reference.greedy {
            let expected = Array(entry.continuation.prefix(ModelReferenceTests.greedySteps))
            let cache = model.makeCache(capacity: 256)
            var logits = try model.forward(tokens: entry.promptIDs, cache: cache)  // GEMM
            var tokens: [Int] = []
            for _ in expected {
                tokens.append(Sampler.argmax(logits))
                logits = try model.forward(tokens: [tokens.last!], cache: cache)  // GEMV
            }
            if tokens == expected { identical += 1 }
            if let step = tokens.indices.first(where: { tokens[$0] != expected[$0] }) {
                #expect(ModelReferenceTests.agrees(tokens[step], entry.top5[step]),
                        "\(entry.prompt.debugDescription): step \(step) picks \(tokens[step]), llama.cpp \(entry.top5[step].ids) \(entry.top5[step].logits)")
            }
        }
        print("JIT int8 greedy: \(identical) of \(reference.greedy.count) prompts give llama.cpp's first \(ModelReferenceTests.greedySteps) tokens exactly")
        #expect(identical >= reference.greedy.count / 2)
    }
}
