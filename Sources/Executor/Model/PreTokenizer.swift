/// Splits text into words before BPE, as llama.cpp does for a `tokenizer.ggml.pre` value.
///
/// Supported expressions, with llama.cpp's semantics (its hand-written splitters):
/// - GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
///   optionally preceded by a split of every number codepoint (`\p{N}`, the StarCoder/SmolLM
///   family);
/// - Llama 3: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
///   with whole-word vocabulary hits bypassing the merges and BOS added by default.
public struct PreTokenizer: Sendable, Equatable {
    /// The split expression.
    public enum Expression: Sendable, Equatable { case gpt2, llama3 }

    public let expression: Expression
    /// Whether every `\p{N}` codepoint is first split into a word of its own.
    public let splitsEveryDigit: Bool

    /// The `tokenizer.ggml.pre` values of each family (as llama.cpp maps them).
    public static let gpt2Family: Set<String> = ["gpt-2", "mpt", "olmo"]
    public static let digitSplitFamily: Set<String> = ["smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b"]
    public static let llama3Family: Set<String> = ["llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2"]
    /// Every supported name.
    public static var supportedNames: Set<String> { gpt2Family.union(digitSplitFamily).union(llama3Family) }

    public init(expression: Expression = .gpt2, splitsEveryDigit: Bool) {
        self.expression = expression
        self.splitsEveryDigit = splitsEveryDigit
    }

    /// The pre-tokenizer for a `tokenizer.ggml.pre` value, or `nil` when it is not supported.
    public init?(named name: String) {
        if Self.digitSplitFamily.contains(name) {
            self.init(expression: .gpt2, splitsEveryDigit: true)
        } else if Self.gpt2Family.contains(name) {
            self.init(expression: .gpt2, splitsEveryDigit: false)
        } else if Self.llama3Family.contains(name) {
            self.init(expression: .llama3, splitsEveryDigit: false)
        } else {
            return nil
        }
    }

    /// Whether a word found whole in the vocabulary skips the merges (llama.cpp's `ignore_merges`).
    public var ignoresMerges: Bool { expression == .llama3 }
    /// Whether BOS is added when the GGUF has no `tokenizer.ggml.add_bos_token`.
    public var addsBOSByDefault: Bool { expression == .llama3 }

    /// The words of `text`, in order; their concatenation is `text`.
    public func split(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var ranges: [Range<Int>] = []
        if splitsEveryDigit {
            var start = 0
            for (i, scalar) in scalars.enumerated() where CodepointClass(scalar).isNumber {
                if i > start { ranges.append(start..<i) }
                ranges.append(i..<(i + 1))
                start = i + 1
            }
            if start < scalars.count { ranges.append(start..<scalars.count) }
        } else if !scalars.isEmpty {
            ranges = [0..<scalars.count]
        }
        var words: [String] = []
        for range in ranges {
            let pieces = expression == .llama3 ? Self.llama3Split(scalars, range) : Self.gpt2Split(scalars, range)
            for word in pieces {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: scalars[word])
                words.append(String(s))
            }
        }
        return words
    }

    /// llama.cpp's hand-written GPT-2 split (`unicode_regex_split_custom_gpt2`) of one chunk.
    static func gpt2Split(_ cpts: [Unicode.Scalar], _ chunk: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let end = chunk.upperBound
        var previousEnd = chunk.lowerBound
        func cpt(_ p: Int) -> Unicode.Scalar? { chunk.contains(p) ? cpts[p] : nil }
        func flags(_ p: Int) -> CodepointClass { chunk.contains(p) ? CodepointClass(cpts[p]) : .outOfRange }
        func addToken(_ tokenEnd: Int) {
            if tokenEnd > previousEnd { out.append(previousEnd..<tokenEnd) }
            previousEnd = tokenEnd
        }
        var pos = chunk.lowerBound
        while pos < end {
            let c = cpts[pos]
            let f = flags(pos)
            if c == "'" && pos + 1 < end {
                let next = cpts[pos + 1]
                if next == "s" || next == "t" || next == "m" || next == "d" {
                    addToken(pos + 2); pos += 2; continue
                }
                if pos + 2 < end {
                    let nextNext = cpts[pos + 2]
                    if (next == "r" && nextNext == "e") || (next == "v" && nextNext == "e") || (next == "l" && nextNext == "l") {
                        addToken(pos + 3); pos += 3; continue
                    }
                }
            }
            var f2 = c == " " ? flags(pos + 1) : f
            if f2.isLetter || f2.isNumber || f2.isOther {
                let kind = f2
                if c == " " { pos += 1 }
                while f2.sameGroup(as: kind) { pos += 1; f2 = flags(pos) }
                addToken(pos)
                continue
            }
            var whitespace = 0
            while flags(pos + whitespace).isWhitespace { whitespace += 1 }
            if whitespace > 1 && cpt(pos + whitespace) != nil {
                pos += whitespace - 1
                addToken(pos)
                continue
            }
            if whitespace > 0 {
                pos += whitespace
                addToken(pos)
                continue
            }
            pos += 1
            addToken(pos)
        }
        return out
    }
}

/// The codepoint classes the GPT-2 split looks at.
struct CodepointClass: Equatable {
    var isLetter = false, isNumber = false, isWhitespace = false
    /// Categorized, but neither letter, number nor whitespace (`[^\s\p{L}\p{N}]`).
    var isOther = false

    static let outOfRange = CodepointClass()

    init() {}

    init(_ scalar: Unicode.Scalar) {
        let properties = scalar.properties
        isWhitespace = properties.isWhitespace
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            isLetter = true
        case .decimalNumber, .letterNumber, .otherNumber:
            isNumber = true
        default:
            // Everything else, unassigned codepoints included (llama.cpp flags them UNDEFINED).
            isOther = !isWhitespace
        }
    }

    /// Whether this codepoint continues a run that started with `kind`.
    func sameGroup(as kind: CodepointClass) -> Bool {
        if kind.isLetter { return isLetter }
        if kind.isNumber { return isNumber }
        return isOther
    }
}
