/// A named, pure transformation of a kernel. The pipeline is an ordered list of passes, so
/// `--dump-after NAME` falls out of the names.
public struct Pass: Sendable {
    public var name: String
    public var run: @Sendable (Kernel) throws -> Kernel

    public init(_ name: String, _ run: @escaping @Sendable (Kernel) throws -> Kernel) {
        self.name = name
        self.run = run
    }

    public static let verify = Pass("verify") { try Verifier.verify($0); return $0 }
    public static let constantFolding = Pass("constant-folding") { ConstantFolding.run($0) }
    public static let commonSubexpressions = Pass("cse") { CommonSubexpressionElimination.run($0) }
    public static let deadCode = Pass("dce") { DeadCodeElimination.run($0) }
}

/// An ordered list of passes.
public struct PassPipeline: Sendable {
    public var passes: [Pass]
    public init(_ passes: [Pass]) { self.passes = passes }

    /// verify → constant folding → CSE → DCE → verify.
    public static let standard = PassPipeline([.verify, .constantFolding, .commonSubexpressions, .deadCode, .verify])

    /// Runs every pass in order. `observe` sees the kernel after each pass (for dumps).
    public func run(_ k: Kernel, observe: ((String, Kernel) -> Void)? = nil) throws -> Kernel {
        var k = k
        for p in passes {
            k = try p.run(k)
            observe?(p.name, k)
        }
        return k
    }

    public var names: [String] { passes.map(\.name) }
}

/// Copies ops from one kernel into a new one, renumbering operands; passes decide per op
/// whether to copy it, drop it, or map it onto a value that already exists.
struct Rewriter {
    let old: Kernel
    var new: Kernel
    var map: [ValueID]

    init(_ old: Kernel) {
        self.old = old
        new = old.emptyCopy()
        map = Array(repeating: ValueID(UInt32.max), count: old.count)
    }

    func operands(_ i: Int) -> [ValueID] { old.operands(i).map { map[$0.index] } }

    @discardableResult
    mutating func copy(_ i: Int) -> ValueID {
        let id = new.append(old.opcode(i), type: old.type(i), operands: operands(i), attribute: old.attribute(i))
        map[i] = id
        return id
    }
}
