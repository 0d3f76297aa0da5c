/// A fault found in a kernel, naming the kernel, the op index and what is wrong.
public struct VerificationError: Error, Hashable, CustomStringConvertible {
    public var kernel: String
    public var op: Int
    public var opcode: Opcode?
    public var message: String

    public var description: String {
        let what = opcode.map { " (\($0.name))" } ?? ""
        return "KIR verification failed in kernel '\(kernel)' at op \(op)\(what): \(message)"
    }
}

/// Checks a kernel's structure (regions balanced, operands defined and visible) and types.
public enum Verifier {
    public static func verify(_ k: Kernel) throws {
        var checker = Checker(k: k)
        try checker.run()
    }
}

private struct Checker {
    /// The largest stack array a kernel may declare, in bytes.
    static let maxStackArrayBytes = 256 * 1024

    let k: Kernel
    /// For each value, whether it is still visible (its region is open).
    var visible: [Bool] = []
    /// Open regions: the index of the opener and the values defined inside, to retire on close.
    var regions: [(opener: Int, defined: [Int], sawElse: Bool)] = []

    init(k: Kernel) { self.k = k }

    func fail(_ i: Int, _ message: String) -> VerificationError {
        VerificationError(kernel: k.name, op: i, opcode: i < k.count ? k.opcode(i) : nil, message: message)
    }

    mutating func run() throws {
        visible = Array(repeating: false, count: k.count)
        for i in k.indices {
            let ops = Array(k.operands(i))
            for o in ops where o.index >= i || !visible[o.index] {
                throw fail(i, o.index >= i ? "operand \(o) is not defined before use" : "operand \(o) is used outside the region that defines it")
            }
            for (n, o) in ops.enumerated() {
                if k.type(of: o).isVoid { throw fail(i, "operand \(o) has no value (void)") }
                // A variable's slot is only ever read or written, never used as a value.
                if k.opcode(o.index) == .variable && !((k.opcode(i) == .get || k.opcode(i) == .set) && n == 0) {
                    throw fail(i, "operand \(o) is a variable's slot: read it with 'get'")
                }
            }
            try checkOp(i, ops)
            switch k.opcode(i) {
            case .forBegin, .ifBegin:
                visible[i] = true
                regions.append((i, [], false))
                if k.opcode(i) == .forBegin { regions[regions.count - 1].defined.append(i) ; visible[i] = true }
                continue
            case .ifElse:
                guard let top = regions.last, k.opcode(top.opener) == .ifBegin else { throw fail(i, "'else' without an open 'if'") }
                if top.sawElse { throw fail(i, "a second 'else' in one 'if'") }
                for d in top.defined { visible[d] = false }
                regions[regions.count - 1].defined = []
                regions[regions.count - 1].sawElse = true
            case .forEnd, .ifEnd:
                let opener: Opcode = k.opcode(i) == .forEnd ? .forBegin : .ifBegin
                guard let top = regions.popLast(), k.opcode(top.opener) == opener else {
                    throw fail(i, "'\(k.opcode(i).name)' does not close an open '\(opener.name)'")
                }
                for d in top.defined { visible[d] = false }
            default: break
            }
            visible[i] = true
            if !regions.isEmpty { regions[regions.count - 1].defined.append(i) }
        }
        if let open = regions.last { throw fail(open.opener, "region is never closed") }
    }

    func type(_ v: ValueID) -> KType { k.type(of: v) }

    func checkOp(_ i: Int, _ ops: [ValueID]) throws {
        let op = k.opcode(i), t = k.type(i), attr = k.attribute(i)
        let arity: [Opcode: Int] = [
            .param: 0, .constant: 0, .neg: 1, .not: 1, .fma: 3, .cmp: 2, .select: 3, .convert: 1, .bitcast: 1,
            .splat: 1, .extract: 1, .permute: 1, .insert: 2, .reduceAdd: 1, .reduceMax: 1, .offset: 2, .load: 1, .store: 2, .atomicAdd: 2,
            .variable: 0, .get: 1, .set: 2, .forBegin: 3, .forEnd: 0, .ifBegin: 1, .ifElse: 0, .ifEnd: 0,
            .programID: 0, .threadIndex: 0, .blockIndex: 0, .blockSize: 0, .gridSize: 0, .sharedMemory: 0,
            .barrier: 0, .shuffle: 2, .stackArray: 0,
        ]
        if let n = Opcode.binary.contains(op) ? 2 : arity[op], ops.count != n {
            throw fail(i, "expects \(n) operands, got \(ops.count)")
        }
        if Opcode.gpuOnly.contains(op) && k.convention != .gpu {
            throw fail(i, "'\(op.name)' is a GPU operation in a CPU kernel")
        }
        if op == .stackArray && k.convention == .gpu { throw fail(i, "'stack' is a CPU operation in a GPU kernel") }
        if op == .programID && k.convention != .cpuGrid { throw fail(i, "'program_id' is a CPU-grid operation in a GPU kernel") }
        let ts = ops.map(type)
        if Opcode.binary.contains(op) || op == .neg || op == .not || op == .fma {
            guard t.isValue else { throw fail(i, "result type \(t) is not a scalar or vector") }
            for (n, ot) in ts.enumerated() where ot != t {
                throw fail(i, "operand \(n) has type \(ot) but the result has type \(t)")
            }
            if Opcode.integerOnly.contains(op) && !t.element.isInteger { throw fail(i, "needs integer operands, got \(t)") }
            if op == .fma && !t.element.isFloat { throw fail(i, "needs float operands, got \(t)") }
            if t.element.isStorageOnly { throw fail(i, "\(t.element.name) is a storage type; convert it first") }
            return
        }
        switch op {
        case .param:
            guard attr >= 0, Int(attr) < k.parameters.count else { throw fail(i, "parameter index \(attr) out of range") }
            if k.parameters[Int(attr)].type != t { throw fail(i, "type \(t) differs from the parameter's \(k.parameters[Int(attr)].type)") }
        case .constant:
            if !t.isValue || t.element.isStorageOnly { throw fail(i, "constant of type \(t)") }
        case .cmp:
            if ts[0].element.isStorageOnly { throw fail(i, "\(ts[0].element.name) is a storage type; convert it first") }
            if ts[0] != ts[1] { throw fail(i, "compares \(ts[0]) with \(ts[1])") }
            if !ts[0].isValue || t != .vector(.i1, ts[0].lanes) { throw fail(i, "result must be i1 per lane, got \(t)") }
            if Predicate(rawValue: attr) == nil { throw fail(i, "unknown predicate \(attr)") }
        case .select:
            if !t.isValue { throw fail(i, "selects a \(t)") }
            if ts[0].element != .i1 || (ts[0].lanes != 1 && ts[0].lanes != t.lanes) { throw fail(i, "condition must be i1, got \(ts[0])") }
            if ts[1] != t || ts[2] != t { throw fail(i, "chooses between \(ts[1]) and \(ts[2]) for a \(t)") }
        case .convert:
            if !ts[0].isValue || !t.isValue || ts[0].lanes != t.lanes { throw fail(i, "cannot convert \(ts[0]) to \(t)") }
            if ts[0].element.isStorageOnly || t.element.isStorageOnly { throw fail(i, "fp8 is storage only: bitcast it, do not convert \(ts[0]) to \(t)") }
        case .bitcast:
            if !ts[0].isValue || !t.isValue || ts[0].bitWidth != t.bitWidth { throw fail(i, "cannot bitcast \(ts[0]) (\(ts[0].bitWidth) bits) to \(t) (\(t.bitWidth) bits)") }
        case .splat:
            if ts[0].kind != .scalar || t.kind != .vector || t.element != ts[0].element { throw fail(i, "cannot splat \(ts[0]) to \(t)") }
        case .extract, .insert:
            let v = ts[0]
            if v.kind != .vector || attr < 0 || attr >= v.lanes { throw fail(i, "lane \(attr) of \(v)") }
            if op == .extract && t != .scalar(v.element) { throw fail(i, "extracts \(t) from \(v)") }
            if op == .insert && (ts[1] != .scalar(v.element) || t != v) { throw fail(i, "inserts \(ts[1]) into \(v)") }
        case .permute:
            guard attr >= 0, Int(attr) < k.strings.count else { throw fail(i, "mask index \(attr) out of range") }
            let mask = k.string(attr).split(separator: ",", omittingEmptySubsequences: false).map { Int($0) ?? -1 }
            if mask.count != t.lanes || t.element != ts[0].element || mask.contains(where: { $0 < 0 || $0 >= ts[0].lanes }) {
                throw fail(i, "mask [\(k.string(attr))] does not fit \(ts[0]) → \(t)")
            }
        case .reduceAdd, .reduceMax:
            if ts[0].element.isStorageOnly { throw fail(i, "\(ts[0].element.name) is a storage type; convert it first") }
            if ts[0].kind != .vector || t != .scalar(ts[0].element) { throw fail(i, "reduces \(ts[0]) to \(t)") }
        case .offset:
            if !ts[0].isPointer || t != ts[0] { throw fail(i, "offsets a \(ts[0]), not a pointer") }
            if !ts[1].isIntegerValue || ts[1].lanes != 1 { throw fail(i, "index must be an integer scalar, got \(ts[1])") }
        case .load:
            if !ts[0].isPointer { throw fail(i, "loads through \(ts[0]), not a pointer") }
            if !t.isValue || t.element != ts[0].element { throw fail(i, "loads \(t) through \(ts[0])") }
        case .store:
            if !ts[0].isPointer { throw fail(i, "stores through \(ts[0]), not a pointer") }
            if !ts[1].isValue || ts[1].element != ts[0].element { throw fail(i, "stores \(ts[1]) through \(ts[0])") }
        case .atomicAdd:
            if !ts[0].isPointer || ts[1].kind != .scalar || ts[1].element != ts[0].element || t != ts[1] {
                throw fail(i, "atomically adds \(ts[1]) through \(ts[0])")
            }
            if ts[1].element != .f32 && ts[1].element != .i32 && ts[1].element != .i64 { throw fail(i, "atomic add of \(ts[1]) (f32, i32, i64 only)") }
        case .variable:
            if !t.isValue { throw fail(i, "variable of type \(t)") }
        case .get, .set:
            if k.opcode(ops[0].index) != .variable { throw fail(i, "operand \(ops[0]) is not a variable") }
            let held = ts[0]
            if op == .get && t != held { throw fail(i, "reads a \(held) variable as \(t)") }
            if op == .set && ts[1] != held { throw fail(i, "writes \(ts[1]) into a \(held) variable") }
        case .forBegin:
            if !ts.allSatisfy({ $0 == t }) || !t.isIntegerValue || t.lanes != 1 { throw fail(i, "bounds and step must share one integer type, got \(ts)") }
        case .ifBegin:
            if ts[0] != .i1 { throw fail(i, "condition must be i1, got \(ts[0])") }
        case .threadIndex, .blockIndex, .blockSize, .gridSize:
            if Dimension(rawValue: attr) == nil { throw fail(i, "dimension \(attr)") }
        case .stackArray:
            if t.kind != .pointer || t.addressSpace != .global || attr <= 0 { throw fail(i, "a stack array is a positive count of a global pointer") }
            // Worker threads have 1 MiB stacks: a scratch array stays well inside.
            if attr > Int64(Self.maxStackArrayBytes * 8 / max(t.element.bitWidth, 8)) {
                throw fail(i, "a stack array of \(attr) \(t.element.name) exceeds \(Self.maxStackArrayBytes / 1024) KiB")
            }
        case .sharedMemory:
            if t.kind != .pointer || t.addressSpace != .shared || attr < 0 { throw fail(i, "shared memory must be a count (0: dynamic) of a shared pointer") }
        case .shuffle:
            if ts[0].bitWidth != 32 || ts[0].lanes != 1 || ts[1] != .i32 { throw fail(i, "shuffles 32-bit scalars by an i32 lane, got \(ts)") }
        case .inlineAsm, .intrinsic:
            if attr < 0 || Int(attr) >= k.strings.count { throw fail(i, "string index \(attr) out of range") }
        default: break
        }
    }
}
