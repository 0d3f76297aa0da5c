extension PreTokenizer {
    /// llama.cpp's hand-written Llama 3 split (`unicode_regex_split_custom_llama3`) of one chunk.
    static func llama3Split(_ cpts: [Unicode.Scalar], _ chunk: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let end = chunk.upperBound
        var previousEnd = chunk.lowerBound
        func cpt(_ p: Int) -> Unicode.Scalar? { chunk.contains(p) ? cpts[p] : nil }
        func flags(_ p: Int) -> CodepointClass { chunk.contains(p) ? CodepointClass(cpts[p]) : .outOfRange }
        func addToken(_ tokenEnd: Int) {
            if tokenEnd > previousEnd { out.append(previousEnd..<tokenEnd) }
            previousEnd = tokenEnd
        }
        func isNewline(_ c: Unicode.Scalar?) -> Bool { c == "\r" || c == "\n" }
        var pos = chunk.lowerBound
        while pos < end {
            let c = cpts[pos]
            let f = flags(pos)
            // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            if c == "'" && pos + 1 < end {
                let next = lowercased(cpts[pos + 1])
                if next == "s" || next == "t" || next == "m" || next == "d" {
                    addToken(pos + 2); pos += 2; continue
                }
                if pos + 2 < end {
                    let nextNext = lowercased(cpts[pos + 2])
                    if (next == "r" && nextNext == "e") || (next == "v" && nextNext == "e") || (next == "l" && nextNext == "l") {
                        addToken(pos + 3); pos += 3; continue
                    }
                }
            }
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if !(isNewline(c) || f.isNumber) && (f.isLetter || flags(pos + 1).isLetter) {
                pos += 1
                while flags(pos).isLetter { pos += 1 }
                addToken(pos)
                continue
            }
            // \p{N}{1,3}
            if f.isNumber {
                var start = pos
                while flags(pos).isNumber {
                    pos += 1
                    if pos - start >= 3 { addToken(pos); start = pos }
                }
                addToken(pos)
                continue
            }
            // <space>?[^\s\p{L}\p{N}]+[\r\n]*  (llama.cpp tests the first codepoint's flags here)
            var f2 = c == " " ? flags(pos + 1) : f
            if f2.isOther && f != .outOfRange {
                if c == " " { pos += 1 }
                while f2.isOther { pos += 1; f2 = flags(pos) }
                while isNewline(cpt(pos)) { pos += 1 }
                addToken(pos)
                continue
            }
            var whitespace = 0, lastNewlineEnd = 0
            while flags(pos + whitespace).isWhitespace {
                if isNewline(cpt(pos + whitespace)) { lastNewlineEnd = pos + whitespace + 1 }
                whitespace += 1
            }
            // \s*[\r\n]+
            if lastNewlineEnd > 0 {
                pos = lastNewlineEnd
                addToken(pos)
                continue
            }
            // \s+(?!\S)
            if whitespace > 1 && cpt(pos + whitespace) != nil {
                pos += whitespace - 1
                addToken(pos)
                continue
            }
            // \s+
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

    /// The simple lowercase of a codepoint (itself when the mapping is not one codepoint).
    static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let mapping = scalar.properties.lowercaseMapping.unicodeScalars
        return mapping.count == 1 ? mapping.first! : scalar
    }
}
