import Compiler
import Foundation

/// Config names as the kernels print them: letters each followed by a number, e.g. `m4n4u1s16`
/// (``GGUFTileConfig``) or `m1n4v16u2g1` (``W8A8Config``).
enum ConfigText {
    /// The number after each of `keys` in `text`, or nil when `text` has another letter, a letter
    /// twice, or a letter without a number.
    static func numbers(_ text: String, keys: String) -> [Character: Int]? {
        var numbers: [Character: Int] = [:]
        var key: Character?
        var digits = ""
        for ch in text + "$" {
            if ch.isNumber { digits.append(ch); continue }
            if let key { guard let v = Int(digits), numbers[key] == nil else { return nil }; numbers[key] = v }
            guard ch == "$" || keys.contains(ch) else { return nil }
            (key, digits) = (ch, "")
        }
        return numbers
    }

    /// `value` as one line of sorted-key JSON on stdout (the `--json` of the bench commands).
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// What the bench commands print with `--json`: the host, the threads, the copy bandwidth
/// measured in the same run and one entry per timed variant.
struct BenchReport<Row: Encodable>: Encodable {
    var host = CPUCompiler.hostDescription
    var llvm = LLVMTargets.version
    var threads: Int
    var copyGBps: Double
    var rows: [Row]
}
