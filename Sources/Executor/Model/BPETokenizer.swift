import Checkpoint

/// Errors of the tokenizer.
public enum TokenizerError: Error, CustomStringConvertible, Equatable {
    /// The GGUF's `tokenizer.ggml.model` is not a supported tokenizer model.
    case unsupportedModel(file: String, model: String)
    /// The GGUF's `tokenizer.ggml.pre` is not a supported pre-tokenizer.
    case unsupportedPreTokenizer(file: String, name: String)
    /// Token-level metadata is inconsistent.
    case badVocabulary(file: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedModel(let file, let model):
            return "\(file): tokenizer.ggml.model \"\(model)\" is not supported (supported: gpt2)"
        case .unsupportedPreTokenizer(let file, let name):
            let known = PreTokenizer.supportedNames.sorted().joined(separator: ", ")
            return "\(file): tokenizer.ggml.pre \"\(name)\" is not supported (supported: \(known))"
        case .badVocabulary(let file, let reason): return "\(file): tokenizer vocabulary: \(reason)"
        }
    }
}

/// The kind of a vocabulary entry (`tokenizer.ggml.token_type`).
public enum TokenKind: Int, Sendable {
    case undefined = 0, normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
}

/// A byte-level BPE tokenizer (`tokenizer.ggml.model = gpt2`) read from GGUF metadata, with
/// llama.cpp's pre-tokenization, merge order and special-token handling.
public struct BPETokenizer: Sendable {
    /// The token strings (byte-level encoded), by id.
    public let tokens: [String]
    /// The kind of each token.
    public let kinds: [TokenKind]
    /// Beginning- and end-of-sequence ids.
    public let bosID: Int?, eosID: Int?
    /// Whether encoding adds BOS / EOS (`tokenizer.ggml.add_bos_token`, `add_eos_token`).
    public let addsBOS: Bool, addsEOS: Bool
    /// The pre-tokenizer.
    public let preTokenizer: PreTokenizer

    private let idForToken: [String: Int]
    private let mergeRank: [MergePair: Int]
    /// Control and user-defined tokens, longest text first (matched before BPE).
    private let specialTokens: [(bytes: [UInt8], id: Int, kind: TokenKind)]

    struct MergePair: Hashable { let left: Substring; let right: Substring }

    /// Reads the tokenizer from a GGUF file's `tokenizer.ggml.*` metadata.
    ///
    /// - Parameter preTokenizerName: use this `tokenizer.ggml.pre` value instead of the file's.
    public init(gguf file: GGUFFile, preTokenizerName: String? = nil) throws {
        let model = try file.string("tokenizer.ggml.model")
        guard model == "gpt2" else { throw TokenizerError.unsupportedModel(file: file.fileName, model: model) }
        let preName = preTokenizerName ?? (try? file.string("tokenizer.ggml.pre")) ?? "default"
        guard let pre = PreTokenizer(named: preName) else {
            throw TokenizerError.unsupportedPreTokenizer(file: file.fileName, name: preName)
        }
        let tokens = try file.strings("tokenizer.ggml.tokens")
        let kinds: [TokenKind]
        if file.metadata["tokenizer.ggml.token_type"] != nil {
            kinds = try file.ints("tokenizer.ggml.token_type").map { TokenKind(rawValue: $0) ?? .undefined }
            guard kinds.count == tokens.count else {
                throw TokenizerError.badVocabulary(file: file.fileName, reason: "\(kinds.count) token types for \(tokens.count) tokens")
            }
        } else {
            kinds = Array(repeating: .normal, count: tokens.count)
        }
        let merges = try file.strings("tokenizer.ggml.merges")
        func optionalID(_ key: String) throws -> Int? {
            guard file.metadata[key] != nil else { return nil }
            let id = try file.int(key)
            guard tokens.indices.contains(id) else {
                throw TokenizerError.badVocabulary(file: file.fileName, reason: "\(key) = \(id) is outside the \(tokens.count) tokens")
            }
            return id
        }
        try self.init(tokens: tokens, kinds: kinds, merges: merges, preTokenizer: pre,
                      bosID: optionalID("tokenizer.ggml.bos_token_id"), eosID: optionalID("tokenizer.ggml.eos_token_id"),
                      addsBOS: (try? file.bool("tokenizer.ggml.add_bos_token")) ?? pre.addsBOSByDefault,
                      addsEOS: (try? file.bool("tokenizer.ggml.add_eos_token")) ?? false, fileName: file.fileName)
    }

    /// Builds a tokenizer from its parts (byte-level token strings, "left right" merges).
    public init(tokens: [String], kinds: [TokenKind], merges: [String], preTokenizer: PreTokenizer,
                bosID: Int?, eosID: Int?, addsBOS: Bool, addsEOS: Bool, fileName: String = "<tokenizer>") throws {
        self.tokens = tokens
        self.kinds = kinds
        self.preTokenizer = preTokenizer
        self.bosID = bosID
        self.eosID = eosID
        self.addsBOS = addsBOS
        self.addsEOS = addsEOS
        var ids: [String: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (id, token) in tokens.enumerated() where ids[token] == nil { ids[token] = id }
        idForToken = ids
        var ranks: [MergePair: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            // llama.cpp splits at the first space after the first character.
            guard !merge.isEmpty, let space = merge[merge.index(after: merge.startIndex)...].firstIndex(of: " ") else {
                throw TokenizerError.badVocabulary(file: fileName, reason: "merge \(rank) \"\(merge)\" has no space")
            }
            let pair = MergePair(left: merge[..<space], right: merge[merge.index(after: space)...])
            if ranks[pair] == nil { ranks[pair] = rank }
        }
        mergeRank = ranks
        specialTokens = tokens.enumerated()
            .filter { kinds[$0.offset] == .control || kinds[$0.offset] == .userDefined }
            .filter { !$0.element.isEmpty }
            .map { (Array($0.element.utf8), $0.offset, kinds[$0.offset]) }
            .sorted { $0.0.count > $1.0.count || ($0.0.count == $1.0.count && $0.1 < $1.1) }
    }

    /// The vocabulary size.
    public var vocabularySize: Int { tokens.count }

    /// Token ids of `text`.
    ///
    /// - Parameters:
    ///   - addSpecial: add BOS/EOS as the model's metadata asks.
    ///   - parseSpecial: match control tokens (`<|im_start|>`) in the text; user-defined tokens
    ///     are always matched.
    public func encode(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = false) -> [Int] {
        var output: [Int] = []
        if addSpecial, addsBOS, let bos = bosID { output.append(bos) }
        for fragment in partition(Array(text.utf8), parseSpecial: parseSpecial) {
            switch fragment {
            case .token(let id): output.append(id)
            case .text(let bytes):
                let string = String(decoding: bytes, as: UTF8.self)
                for word in preTokenizer.split(string) { encodeWord(ByteLevelEncoding.encode(word), into: &output) }
            }
        }
        if addSpecial, addsEOS, let eos = eosID { output.append(eos) }
        return output
    }

    /// The bytes of one token (empty for control tokens unless `includeSpecial`).
    public func bytes(of id: Int, includeSpecial: Bool = false) -> [UInt8] {
        guard tokens.indices.contains(id) else { return [] }
        switch kinds[id] {
        case .control, .unknown, .unused: return includeSpecial ? Array(tokens[id].utf8) : []
        case .userDefined: return Array(tokens[id].utf8)
        default:
            var bytes: [UInt8] = []
            ByteLevelEncoding.decode(tokens[id], into: &bytes)
            return bytes
        }
    }

    /// The text of a token sequence (invalid UTF-8 is replaced by U+FFFD).
    public func decode(_ ids: [Int], includeSpecial: Bool = false) -> String {
        String(decoding: ids.flatMap { bytes(of: $0, includeSpecial: includeSpecial) }, as: UTF8.self)
    }

    // MARK: - Internals

    enum Fragment: Equatable { case text([UInt8]), token(Int) }

    /// Splits out special tokens, longest first (llama.cpp's `tokenizer_st_partition`).
    func partition(_ text: [UInt8], parseSpecial: Bool) -> [Fragment] {
        var fragments: [Fragment] = text.isEmpty ? [] : [.text(text)]
        for special in specialTokens {
            if special.kind == .control && !parseSpecial { continue }
            var next: [Fragment] = []
            for fragment in fragments {
                guard case .text(let bytes) = fragment else { next.append(fragment); continue }
                var start = 0, i = 0
                let needle = special.bytes
                while i + needle.count <= bytes.count {
                    if bytes[i] == needle[0] && bytes[i..<(i + needle.count)].elementsEqual(needle) {
                        if i > start { next.append(.text(Array(bytes[start..<i]))) }
                        next.append(.token(special.id))
                        i += needle.count
                        start = i
                    } else {
                        i += 1
                    }
                }
                if start < bytes.count { next.append(.text(Array(bytes[start...]))) }
            }
            fragments = next
        }
        return fragments
    }

    /// BPE of one byte-level word: repeatedly merge the adjacent pair of lowest rank (leftmost
    /// on ties), then map each symbol to its id (or its bytes' ids when it is not a token).
    func encodeWord(_ word: String, into output: inout [Int]) {
        if preTokenizer.ignoresMerges, let id = idForToken[word] {
            output.append(id)
            return
        }
        var symbols: [Substring] = []
        var index = word.startIndex
        while index < word.endIndex {
            let next = word.unicodeScalars.index(after: index)
            symbols.append(word[index..<next])
            index = next
        }
        while symbols.count > 1 {
            var best: (rank: Int, at: Int)? = nil
            for i in 0..<(symbols.count - 1) {
                if let rank = mergeRank[MergePair(left: symbols[i], right: symbols[i + 1])], rank < (best?.rank ?? .max) {
                    best = (rank, i)
                }
            }
            guard let merge = best else { break }
            let i = merge.at
            symbols[i] = word[symbols[i].startIndex..<symbols[i + 1].endIndex]
            symbols.remove(at: i + 1)
        }
        for symbol in symbols {
            if let id = idForToken[String(symbol)] {
                output.append(id)
            } else {
                for scalar in symbol.unicodeScalars {
                    if let id = idForToken[String(scalar)] { output.append(id) }
                }
            }
        }
    }
}
