/// How a kernel is entered.
public enum KernelConvention: String, Hashable, Codable, Sendable {
    /// A CPU function run over a 1-D grid of programs (`programID`), split across threads.
    case cpuGrid
    /// A GPU kernel launched over blocks of threads.
    case gpu
}

/// A kernel parameter.
public struct Parameter: Hashable, Codable, Sendable {
    public var name: String
    public var type: KType
    public init(name: String, type: KType) {
        self.name = name
        self.type = type
    }
}

/// GPU launch bounds: at most `maxThreads` threads per block, and `minBlocks` blocks per
/// multiprocessor wanted, so ptxas caps registers at what that occupancy leaves.
public struct LaunchBounds: Hashable, Codable, Sendable {
    public var maxThreads: Int
    public var minBlocks: Int
    public init(maxThreads: Int, minBlocks: Int = 1) {
        self.maxThreads = maxThreads
        self.minBlocks = minBlocks
    }
    /// No bounds (every kernel's default): ptxas picks the registers freely.
    public static let none = LaunchBounds(maxThreads: 0, minBlocks: 0)
}

/// A kernel in KIR: flat, parallel arrays indexed by ``ValueID``. Ops are stored in
/// topological order; op `i` defines value `%i` (or nothing, if its type is void).
/// Regions are index ranges between a `forBegin`/`ifBegin` and its closer.
///
/// A kernel is a value: equal kernels hash equally, which makes the hash a cache key.
public struct Kernel: Hashable, Codable, Sendable {
    public var name: String
    public var convention: KernelConvention
    public var parameters: [Parameter]
    /// Interned types; ops refer to them by ``TypeID``.
    public private(set) var types: [KType] = []
    public private(set) var opcodes: [Opcode] = []
    public private(set) var resultTypes: [TypeID] = []
    /// Operands of op `i` are `operands[operandStarts[i] ..< operandStarts[i + 1]]`.
    public private(set) var operandStarts: [UInt32] = [0]
    public private(set) var operands: [ValueID] = []
    /// One immediate per op: constant bits, alignment, predicate, unroll hint, string index…
    public private(set) var attributes: [Int64] = []
    /// Strings referred to by attributes (asm text and constraints, intrinsic names).
    public private(set) var strings: [String] = []
    /// GPU launch bounds (`.maxntid`, `.minnctapersm`); ``LaunchBounds/none`` unless declared.
    public var launchBounds: LaunchBounds = .none

    public init(name: String, convention: KernelConvention, parameters: [Parameter] = []) {
        self.name = name
        self.convention = convention
        self.parameters = parameters
    }

    public var count: Int { opcodes.count }
    public var indices: Range<Int> { 0..<opcodes.count }

    public func opcode(_ i: Int) -> Opcode { opcodes[i] }
    public func type(_ i: Int) -> KType { types[Int(resultTypes[i].raw)] }
    public func type(of v: ValueID) -> KType { type(v.index) }
    public func attribute(_ i: Int) -> Int64 { attributes[i] }
    public func operands(_ i: Int) -> ArraySlice<ValueID> {
        operands[Int(operandStarts[i])..<Int(operandStarts[i + 1])]
    }
    public func string(_ index: Int64) -> String { strings[Int(index)] }

    /// Interns `t` and returns its id.
    public mutating func intern(_ t: KType) -> TypeID {
        if let i = types.firstIndex(of: t) { return TypeID(UInt32(i)) }
        types.append(t)
        return TypeID(UInt32(types.count - 1))
    }

    /// Interns `s` and returns its index.
    public mutating func intern(string s: String) -> Int64 {
        if let i = strings.firstIndex(of: s) { return Int64(i) }
        strings.append(s)
        return Int64(strings.count - 1)
    }

    /// Appends an op and returns the id of its value.
    @discardableResult
    public mutating func append(_ op: Opcode, type: KType, operands ops: [ValueID] = [], attribute: Int64 = 0) -> ValueID {
        let t = intern(type)
        opcodes.append(op)
        resultTypes.append(t)
        operands.append(contentsOf: ops)
        operandStarts.append(UInt32(operands.count))
        attributes.append(attribute)
        return ValueID(opcodes.count - 1)
    }

    /// An empty kernel with the same name, convention, parameters, strings and launch bounds,
    /// for passes that rebuild the op arrays.
    public func emptyCopy() -> Kernel {
        var k = Kernel(name: name, convention: convention, parameters: parameters)
        k.strings = strings
        k.launchBounds = launchBounds
        return k
    }
}
