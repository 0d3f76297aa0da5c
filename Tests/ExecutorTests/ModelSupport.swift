import Foundation
import Checkpoint
@testable import Executor

/// Shared fixtures of the model tests: the SmolLM2 GGUF (downloaded by Tools/fetch-smollm2.sh,
/// or named by `QUANTJIT_SMOLLM2`) and llama.cpp's recorded behaviour on it.
enum ModelSupport {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var modelPath: String {
        ProcessInfo.processInfo.environment["QUANTJIT_SMOLLM2"]
            ?? repositoryRoot.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path
    }

    static var modelAvailable: Bool { FileManager.default.fileExists(atPath: modelPath) }

    static let skipMessage = "SmolLM2 GGUF not found at \(modelPath): run Tools/fetch-smollm2.sh (or set QUANTJIT_SMOLLM2)"

    /// Whether the code under test is optimized: the full-model checks take many minutes
    /// unoptimized (`QUANTJIT_SLOW_MODEL_TESTS=1` runs them anyway).
    static var optimized: Bool {
        LlamaModel.isOptimizedBuild || ProcessInfo.processInfo.environment["QUANTJIT_SLOW_MODEL_TESTS"] == "1"
    }

    static let slowSkipMessage = "the full-model comparison needs an optimized Executor: swift test -c release -Xswiftc -enable-testing --filter Model, or -O in the Executor and Quantization targets' swiftSettings (QUANTJIT_SLOW_MODEL_TESTS=1 forces it)"

    struct Reference: Decodable {
        struct Model: Decodable { let file: String; let bytes: Int; let sha256: String }
        struct Tokenization: Decodable { let text: String; let parseSpecial: Bool; let ids: [Int] }
        struct Greedy: Decodable { let prompt: String; let promptIDs: [Int]; let continuation: [Int]; let top5: [Top5]; let text: String }
        struct Top5: Decodable { let ids: [Int]; let logits: [Float] }
        struct Passage: Decodable { let text: String; let ids: [Int]; let top5: [Top5] }
        let model: Model
        let versions: [String: String]
        let tokenization: [Tokenization]
        let greedy: [Greedy]
        let passage: Passage
    }

    static func reference() throws -> Reference {
        let url = repositoryRoot.appendingPathComponent("Tests/ExecutorTests/ModelFixtures/smollm2_reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }

    static func file() throws -> GGUFFile { try GGUFFile(path: modelPath) }
}
