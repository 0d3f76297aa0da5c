/// The textual form of KIR, used by `quantjit dump-kir` and golden tests.
///
/// ```
/// kernel @name cpu_grid (%0 x: ptr<f32, global>, %1 n: i64)
///   %2 = const 4 : i64
///   %3 = for %1 to %0 step %2 unroll 4 : i64 {
///     …
///   }
/// ```
public enum Printer {
    public static func print(_ k: Kernel) -> String {
        var out = "kernel @\(k.name) \(k.convention == .gpu ? "gpu" : "cpu_grid")("
        out += k.parameters.enumerated().map { "\($0.offset): \($0.element.name) : \($0.element.type)" }.joined(separator: ", ")
        out += ") {\n"
        var depth = 1
        for i in k.indices {
            let op = k.opcode(i)
            if op == .forEnd || op == .ifEnd || op == .ifElse { depth -= 1 }
            out += String(repeating: "  ", count: depth) + line(k, i) + "\n"
            if op == .forBegin || op == .ifBegin || op == .ifElse { depth += 1 }
        }
        return out + "}\n"
    }

    static func line(_ k: Kernel, _ i: Int) -> String {
        let op = k.opcode(i), t = k.type(i), attr = k.attribute(i)
        let args = k.operands(i).map(\.description)
        switch op {
        case .forEnd, .ifEnd: return "}"
        case .ifElse: return "} else {"
        case .ifBegin: return "if \(args[0]) {"
        case .forBegin:
            let hint = UnrollHint(attribute: attr)
            let unroll = hint == .none ? "" : " unroll \(hint)"
            return "%\(i) = for \(args[0]) to \(args[1]) step \(args[2])\(unroll) : \(t) {"
        default: break
        }
        var text = op.name
        if !args.isEmpty { text += " " + args.joined(separator: ", ") }
        switch op {
        case .param: text += " \(k.parameters[Int(attr)].name)"
        case .constant: text += " " + constantText(attr, t)
        case .cmp: text += " \(Predicate(rawValue: attr).map { "\($0)" } ?? "?")"
        case .convert where attr == 1: text += " unsigned"
        case .extract, .insert: text += " lane \(attr)"
        case .load where attr != 0, .store where attr != 0: text += " align \(attr)"
        case .threadIndex, .blockIndex, .blockSize, .gridSize: text += ".\(Dimension(rawValue: attr).map { "\($0)" } ?? "?")"
        case .sharedMemory: text += attr > 0 ? " [\(attr)]" : " [dynamic]"
        case .shuffle: text += " \(ShuffleMode(rawValue: attr).map { "\($0)" } ?? "?")"
        case .permute: text += " [\(k.string(attr))]"
        case .inlineAsm, .intrinsic: text += " \"\(k.string(attr).replacingNUL())\""
        default: break
        }
        return t.isVoid ? text : "%\(i) = \(text) : \(t)"
    }

    /// A constant's attribute as the programmer wrote it.
    public static func constantText(_ bits: Int64, _ t: KType) -> String {
        t.element.isFloat ? "\(Double(bitPattern: UInt64(bitPattern: bits)))" : "\(bits)"
    }
}

extension String {
    func replacingNUL() -> String { split(separator: "\u{0}", omittingEmptySubsequences: false).joined(separator: "\" \"") }
}
