import Foundation
import Testing
import Checkpoint
import Kernels
@testable import Executor

/// SmolLM2-135M-Instruct Q4_1 with ``JITLinearFactory`` layers against llama.cpp's recorded
/// outputs (the fixture and agreement rules of ``ModelReferenceTests``).
///
/// With the int8 kernels in ggml's float order (``JITLinearOptions/ggmlOrder``) and ggml's
/// arithmetic everywhere else (``LlamaModel/attentionPrecision`` `.ggml`), every
/// activation is bit-identical to llama.cpp's CPU build (AVX2, the fixture's): the logits differ
/// only by the fixture's rounding to 5 decimals (mean 2.5e-6), every top-1 of the passage and all
/// 16 recorded greedy tokens of every prompt agree. The f32 FMA strategy does not round
/// activations to 8 bits as llama.cpp does, so it stays where any inexact path lands: 97.2%
/// strict top-1, mean |Δ| 0.12 — the agreement of llama.cpp with itself between its one-token
/// and batched paths (97.2%, 0.128; Tools/fixtures/gguf/llama_self_agreement.py).
@Suite(.enabled(if: ModelSupport.modelAvailable, Comment(rawValue: ModelSupport.skipMessage)), .serialized)
struct JITSmolLM2Tests {
    static func model(_ strategy: GGUFStrategy, ggmlOrder: Bool = true) throws -> LlamaModel {
        var options = JITLinearOptions(gemvStrategy: strategy, gemmStrategy: strategy)
        options.ggmlOrder = ggmlOrder
        return try LlamaModel(file: try ModelSupport.file(), factory: JITLinearFactory(options: options), threads: ThreadPool(threads: 2),
                              attentionPrecision: .ggml)
    }

    struct PassageAgreement {
        var strict = 0, upToTies = 0, count = 0
        var differenceSum: Double = 0, differences = 0, maximumDifference: Float = 0
        var strictFraction: Double { Double(strict) / Double(count) }
        var upToTiesFraction: Double { Double(upToTies) / Double(count) }
        var meanDifference: Double { differenceSum / Double(differences) }
    }

    /// Our logits over the teacher-forced passage (one batch) against llama.cpp's top-5.
    static func passageAgreement(_ model: LlamaModel) throws -> PassageAgreement {
        let passage = try ModelSupport.reference().passage
        let vocabulary = model.config.vocabularySize
        let logits = try model.forward(tokens: passage.ids, cache: model.makeCache(capacity: passage.ids.count), logits: .all)
        var a = PassageAgreement()
        for (position, top) in passage.top5.enumerated() {
            let row = logits[(position * vocabulary)..<((position + 1) * vocabulary)]
            let choice = Sampler.argmax(row)
            a.count += 1
            if choice == top.ids[0] { a.strict += 1 }
            if ModelReferenceTests.agrees(choice, top) { a.upToTies += 1 }
            for (id, expected) in zip(top.ids, top.logits) {
                let d = abs(row[row.startIndex + id] - expected)
                a.differenceSum += Double(d)
                a.differences += 1
                a.maximumDifference = max(a.maximumDifference, d)
            }
        }
        return a
    }

    @Test("teacher-forced passage", arguments: GGUFStrategy.allCases)
    func teacherForcedLogitsMatchLlamaCpp(strategy: GGUFStrategy) throws {
        if strategy == .int8 && !GGUFHostSupport.int8Available { print("int8 kernels need AVX-512 VNNI and VBMI: skipped"); return }
        let a = try Self.passageAgreement(try Self.model(strategy))
        print("JIT \(strategy.rawValue), teacher-forced passage: top-1 \(a.strictFraction) strict, \(a.upToTiesFraction) up to near-ties; |Δlogit| of llama.cpp's top-5: mean \(a.meanDifference), max \(a.maximumDifference)")
        if strategy == .int8 {
            // Bit-identical up to the fixture's 5 decimals.
            #expect(a.strict == a.count, "strict top-1 agreement with llama.cpp")
            #expect(a.maximumDifference <= 1e-5, "largest |Δlogit| of llama.cpp's top-5")
        } else {
            #expect(a.upToTiesFraction >= 0.98)
            #expect(a.strictFraction >= 0.95)
            #expect(a.meanDifference <= 0.2)
        }
    }

    /// The default int8 order (``JITLinearOptions/ggmlOrder`` false, faster prefill) lands on
    /// the floor of inexact paths.
    @Test(.enabled(if: GGUFHostSupport.int8Available, "int8 kernels need AVX-512 VNNI and VBMI"))
    func defaultOrderIsCloseButNotIdentical() throws {
        let a = try Self.passageAgreement(try Self.model(.int8, ggmlOrder: false))
        print("JIT int8 default (grouped) order, teacher-forced passage: top-1 \(a.strictFraction) strict, \(a.upToTiesFraction) up to near-ties; mean |Δlogit| \(a.meanDifference)")
        #expect(a.upToTiesFraction >= 0.98)
        #expect(a.strictFraction >= 0.95)
        #expect(a.meanDifference <= 0.2)
    }

    /// Debugging aid: with `QUANTJIT_TAP_DIR` set, writes the intermediate tensors of the first
    /// `QUANTJIT_TAP_TOKENS` (default 8) passage tokens as raw f32 files, to compare with
    /// llama.cpp's (Tools/fixtures/gguf/dump_llama_intermediates.py, compare_intermediates.py).
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

    @Test(.enabled(if: GGUFHostSupport.int8Available, "int8 kernels need AVX-512 VNNI and VBMI"))
    func greedyDecodingMatchesLlamaCpp() throws {
        let model = try Self.model(.int8)
        let reference = try ModelSupport.reference()
        var identical = 0
        for entry in reference.greedy {
            let cache = model.makeCache(capacity: 256)
            var logits = try model.forward(tokens: entry.promptIDs, cache: cache)  // GEMM
            var tokens: [Int] = []
            for _ in entry.continuation {
                tokens.append(Sampler.argmax(logits))
                logits = try model.forward(tokens: [tokens.last!], cache: cache)  // GEMV
            }
            // Every recorded token (16, more than the 12 the issue asks for).
            #expect(tokens == entry.continuation, "\(entry.prompt.debugDescription): \(tokens) against llama.cpp's \(entry.continuation)")
            if tokens == entry.continuation { identical += 1 }
        }
        print("JIT int8 greedy: \(identical) of \(reference.greedy.count) prompts give llama.cpp's \(reference.greedy.first?.continuation.count ?? 0) recorded tokens exactly")
    }
}
