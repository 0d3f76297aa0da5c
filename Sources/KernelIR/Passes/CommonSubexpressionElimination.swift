/// Merges identical pure ops. Scoped by region: a value computed inside a loop or branch is
/// reused only inside it; one computed outside is reused everywhere below.
public enum CommonSubexpressionElimination {
    struct Key: Hashable {
        var opcode: Opcode
        var type: KType
        var operands: [ValueID]
        var attribute: Int64
    }

    public static func run(_ k: Kernel) -> Kernel {
        var r = Rewriter(k)
        var scopes: [[Key: ValueID]] = [[:]]
        for i in k.indices {
            let op = k.opcode(i)
            switch op {
            case .forEnd, .ifEnd: scopes.removeLast()
            case .ifElse: scopes[scopes.count - 1] = [:]
            default: break
            }
            guard Opcode.pure.contains(op) else {
                r.copy(i)
                if Opcode.regionOpeners.contains(op) { scopes.append([:]) }
                continue
            }
            var operands = r.operands(i)
            if Opcode.commutative.contains(op) { operands.sort() }
            let key = Key(opcode: op, type: k.type(i), operands: operands, attribute: k.attribute(i))
            if let existing = scopes.reversed().lazy.compactMap({ $0[key] }).first {
                r.map[i] = existing
            } else {
                scopes[scopes.count - 1][key] = r.copy(i)
            }
        }
        return r.new
    }
}
