import Foundation
import Testing
import Checkpoint
@testable import Executor

/// The GGUF BPE tokenizer against llama.cpp's token ids on the same model file.
@Suite(.enabled(if: ModelSupport.modelAvailable, Comment(rawValue: ModelSupport.skipMessage)))
struct ModelTokenizerTests {
    @Test func reproducesLlamaCppTokenIDs() throws {
        let reference = try ModelSupport.reference()
        let tokenizer = try BPETokenizer(gguf: try ModelSupport.file())
        #expect(tokenizer.preTokenizer == PreTokenizer(splitsEveryDigit: true))
        for entry in reference.tokenization {
            let ids = tokenizer.encode(entry.text, addSpecial: true, parseSpecial: entry.parseSpecial)
            #expect(ids == entry.ids, "\(entry.text.debugDescription)")
        }
        for entry in reference.greedy {
            #expect(tokenizer.encode(entry.prompt, parseSpecial: true) == entry.promptIDs, "\(entry.prompt.debugDescription)")
        }
        #expect(tokenizer.encode(reference.passage.text) == reference.passage.ids)
    }

    @Test func decodesBackToTheText() throws {
        let reference = try ModelSupport.reference()
        let tokenizer = try BPETokenizer(gguf: try ModelSupport.file())
        for entry in reference.tokenization {
            #expect(tokenizer.decode(entry.ids, includeSpecial: true) == entry.text)
        }
        for entry in reference.greedy {
            #expect(tokenizer.decode(entry.continuation) == entry.text)
        }
        // Control tokens vanish unless asked for.
        #expect(tokenizer.decode(tokenizer.encode("<|im_start|>hi", parseSpecial: true)) == "hi")
    }

    @Test func streamingDecoderHoldsBackPartialCharacters() {
        var decoder = StreamingDecoder()
        let bytes = Array("é🦙!".utf8)
        var text = ""
        for byte in bytes { text += decoder.append([byte]) }
        text += decoder.finish()
        #expect(text == "é🦙!")
        var partial = StreamingDecoder()
        #expect(partial.append(Array(bytes[0..<1])) == "")
        #expect(partial.append(Array(bytes[1..<3])) == "é")
    }
}
