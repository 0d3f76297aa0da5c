import Foundation
import Testing
import Checkpoint
@testable import Executor

/// The GPT-2 and Llama 3 pre-tokenizers against llama.cpp on SmolLM2's vocabulary with
/// `tokenizer.ggml.pre` replaced (Tools/fixtures/gguf/make_pretokenizer_reference.py).
@Suite(.enabled(if: ModelSupport.modelAvailable, Comment(rawValue: ModelSupport.skipMessage)))
struct ModelPreTokenizerTests {
    struct Entry: Decodable { let text: String; let parseSpecial: Bool; let ids: [Int] }
    struct Fixture: Decodable { let preTokenizers: [String: [Entry]] }

    static func fixture() throws -> Fixture {
        let url = ModelSupport.repositoryRoot.appendingPathComponent("Tests/ExecutorTests/ModelFixtures/pretokenizers.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    @Test(arguments: ["gpt-2", "llama-bpe"])
    func reproducesLlamaCpp(preTokenizer: String) throws {
        let entries = try #require(try Self.fixture().preTokenizers[preTokenizer])
        let tokenizer = try BPETokenizer(gguf: try ModelSupport.file(), preTokenizerName: preTokenizer)
        for entry in entries {
            #expect(tokenizer.encode(entry.text, parseSpecial: entry.parseSpecial) == entry.ids,
                    "\(preTokenizer): \(entry.text.prefix(60).debugDescription)")
        }
    }

    @Test func llama3SplitsLikeItsExpression() {
        let pre = PreTokenizer(named: "llama-bpe")!
        #expect(pre.split("I'M here 12345 ok!!\n\n  x") == ["I", "'M", " here", " ", "123", "45", " ok", "!!\n\n", " ", " x"])
        #expect(pre.addsBOSByDefault && pre.ignoresMerges)
        #expect(PreTokenizer(named: "default") == nil)
    }
}
