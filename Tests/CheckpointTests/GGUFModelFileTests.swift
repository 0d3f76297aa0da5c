import Foundation
import Testing
@testable import Checkpoint
import Quantization

/// Where the SmolLM2 GGUF is (`QUANTJIT_SMOLLM2`, or models/ at the repository root).
enum GGUFModelFile {
    static let path = ProcessInfo.processInfo.environment["QUANTJIT_SMOLLM2"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf").path
    static var available: Bool { FileManager.default.fileExists(atPath: path) }
    static var skipMessage: String { "SmolLM2 GGUF not found at \(path): run Tools/fetch-smollm2.sh (or set QUANTJIT_SMOLLM2)" }
}

/// The reader on a real model file (SmolLM2-135M-Instruct Q4_1, downloaded by
/// Tools/fetch-smollm2.sh) against gguf-py's reading of it
/// (Tools/fixtures/gguf/make_model_summary.py).
@Suite(.enabled(if: GGUFModelFile.available, Comment(rawValue: GGUFModelFile.skipMessage)))
struct GGUFModelFileTests {
    struct Summary: Decodable {
        struct Metadata: Decodable {
            let key: String
            let type: String
            let elementType: String?
            let count: Int?
            let value: Value?
        }
        enum Value: Decodable {
            case string(String), number(Double), bool(Bool)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let b = try? container.decode(Bool.self) { self = .bool(b) }
                else if let d = try? container.decode(Double.self) { self = .number(d) }
                else { self = .string(try container.decode(String.self)) }
            }
        }
        struct Tensor: Decodable {
            let name: String, type: String, dimensions: [Int], offset: Int, bytes: Int
            let first: [Float]?
            let sum: Double?
        }
        let bytes: Int, version: Int, alignment: Int, dataOffset: Int
        let metadata: [Metadata]
        let tensors: [Tensor]
    }

    @Test func readsWhatGGUFPyReads() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent("gguf/smollm2_summary.json")
        let summary = try JSONDecoder().decode(Summary.self, from: Data(contentsOf: url))
        let file = try GGUFFile(path: GGUFModelFile.path)
        #expect(Int(file.version) == summary.version)
        #expect(file.alignment == summary.alignment)
        #expect(file.dataOffset == summary.dataOffset)
        #expect(file.metadataKeys == summary.metadata.map(\.key))
        for entry in summary.metadata {
            let value = try file.value(entry.key)
            #expect(value.type.description == entry.type, "\(entry.key)")
            switch (value, entry.value) {
            case (.array(let elementType, let values), nil):
                #expect(elementType.description == entry.elementType && values.count == entry.count, "\(entry.key)")
            case (.string(let s), .string(let expected)?): #expect(s == expected, "\(entry.key)")
            case (.bool(let b), .bool(let expected)?): #expect(b == expected, "\(entry.key)")
            case (.float32(let f), .number(let expected)?): #expect(f == Float(expected), "\(entry.key)")
            case (_, .number(let expected)?): #expect(value.intValue == Int(expected), "\(entry.key)")
            default: Issue.record("\(entry.key): \(value) against \(String(describing: entry.value))")
            }
        }
        #expect(file.tensors.count == summary.tensors.count)
        for (info, expected) in zip(file.tensors, summary.tensors) {
            #expect(info.name == expected.name && info.type.name == expected.type && info.dimensions == expected.dimensions
                    && info.offset == expected.offset && info.byteCount == expected.bytes, "\(expected.name)")
            guard let first = expected.first, let sum = expected.sum else { continue }
            let values = try file.floats(of: info)
            #expect(Array(values.prefix(first.count)) == first, "\(expected.name)")
            let total = values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(total - sum) <= 1e-9 * values.reduce(0.0) { $0 + abs(Double($1)) }, "sum of \(expected.name)")
        }
    }
}
