import Foundation

/// How a configuration names modules.
public enum ModulePattern: Hashable, Sendable, CustomStringConvertible {
    /// The full module name.
    case exact(String)
    /// A Python regular expression matched at the start of the name (`re.match`).
    case regex(String)
    /// The module name contains the text (AWQ `modules_to_not_convert`).
    case substring(String)
    /// A shell wildcard over the whole name (ModelOpt `exclude_modules`).
    case glob(String)
    /// Every module of a class: compressed-tensors targets such as `Linear`.
    case moduleClass(String)

    /// Whether `name` matches. Invalid regular expressions match nothing.
    public func matches(_ name: String) -> Bool {
        switch self {
        case .exact(let s): return name == s
        case .substring(let s): return name.contains(s)
        case .moduleClass(let c): return c == "Linear" && !name.contains("embed")
        case .glob(let pattern): return Self.glob(pattern, matches: name)
        case .regex(let pattern):
            guard let re = Self.compiled(pattern) else { return false }
            let range = NSRange(name.startIndex..., in: name)
            return re.firstMatch(in: name, options: [.anchored], range: range) != nil
        }
    }

    public var description: String {
        switch self {
        case .exact(let s): return s
        case .regex(let s): return "re:\(s)"
        case .substring(let s): return "*\(s)*"
        case .glob(let s): return s
        case .moduleClass(let s): return "class \(s)"
        }
    }

    /// Compiles a pattern (Python's `(?P<name>…)` is spelled `(?<name>…)` in ICU).
    static func compiled(_ pattern: String) -> NSRegularExpression? {
        let icu = pattern.replacingOccurrences(of: "(?P<", with: "(?<")
        return try? NSRegularExpression(pattern: icu, options: [])
    }

    /// Whether `pattern` is a valid regular expression.
    public static func isValidRegex(_ pattern: String) -> Bool { compiled(pattern) != nil }

    /// `fnmatch`-style matching of `*` and `?` (iterative, linear backtracking).
    static func glob(_ pattern: String, matches name: String) -> Bool {
        let p = Array(pattern), s = Array(name)
        var pi = 0, si = 0, star = -1, mark = 0
        while si < s.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == s[si]) {
                pi += 1; si += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = si; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; si = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }

    /// A compressed-tensors target or ignore entry: `re:` prefix for a regex, a class name
    /// (starts with an upper-case letter, no dot), or an exact module name.
    static func compressedTensors(_ s: String) -> ModulePattern {
        if s.hasPrefix("re:") { return .regex(String(s.dropFirst(3))) }
        if let first = s.first, first.isUppercase, !s.contains(".") { return .moduleClass(s) }
        return .exact(s)
    }
}
