/// Every KIR operation. One closed set; properties are sets below, not scattered switches.
public enum Opcode: UInt8, Hashable, Codable, Sendable, CaseIterable {
    // Values
    case param, constant
    // Arithmetic (integers are signed where it matters; `udiv`/`urem`/`umin`/`umax` are unsigned)
    case add, sub, mul, div, rem, udiv, urem, min, max, umin, umax, neg, fma
    // Bits
    case and, or, xor, not, shl, shr, ashr
    // Comparison and choice (`cmp` takes a ``Predicate`` as its attribute)
    case cmp, select
    // Conversions (`convert` attribute 1 means unsigned integers), bitcasts, vectors
    case convert, bitcast, splat, extract, insert, permute, reduceAdd, reduceMax
    // (`permute` attribute: index of its lane mask, a string of comma-separated lanes)
    // Memory (attribute: alignment in bytes; 0 means the element's natural alignment);
    // `atomicAdd` adds a scalar at a pointer (relaxed ordering) and returns the old value
    case offset, load, store, atomicAdd
    // Mutable locals, promoted to registers by LLVM
    case variable, get, set
    // Structured regions: a `forBegin` (attribute: ``UnrollHint``) or `ifBegin` opens a region
    // that the matching `forEnd` / `ifElse` / `ifEnd` closes.
    case forBegin, forEnd, ifBegin, ifElse, ifEnd
    // CPU grid
    case programID
    // GPU (attribute of the index ops: dimension 0, 1, 2)
    case threadIndex, blockIndex, blockSize, gridSize, sharedMemory, barrier, shuffle
    // Escapes: inline PTX (attribute: index of the asm string; constraints follow it) and
    // calls of named LLVM intrinsics (attribute: index of the name).
    case inlineAsm, intrinsic
    // CPU scratch (attribute: element count): a per-call stack array, its result a pointer to it
    case stackArray

    /// Pure ops: no side effects, result depends only on operands and attribute. These can be
    /// folded, deduplicated and removed when unused.
    public static let pure: Set<Opcode> = [
        .param, .constant, .add, .sub, .mul, .div, .rem, .udiv, .urem, .min, .max, .umin, .umax, .neg, .fma,
        .and, .or, .xor, .not, .shl, .shr, .ashr, .cmp, .select, .convert, .bitcast, .splat, .extract,
        .insert, .permute, .reduceAdd, .reduceMax, .offset, .programID, .threadIndex, .blockIndex, .blockSize, .gridSize,
    ]
    public static let commutative: Set<Opcode> = [.add, .mul, .min, .max, .umin, .umax, .and, .or, .xor]
    /// Binary ops whose operands and result share one type.
    public static let binary: Set<Opcode> = [
        .add, .sub, .mul, .div, .rem, .udiv, .urem, .min, .max, .umin, .umax, .and, .or, .xor, .shl, .shr, .ashr,
    ]
    public static let integerOnly: Set<Opcode> = [.rem, .udiv, .urem, .umin, .umax, .and, .or, .xor, .not, .shl, .shr, .ashr]
    public static let gpuOnly: Set<Opcode> = [.threadIndex, .blockIndex, .blockSize, .gridSize, .sharedMemory, .barrier, .shuffle, .inlineAsm]
    public static let regionOpeners: Set<Opcode> = [.forBegin, .ifBegin]
    public static let regionClosers: Set<Opcode> = [.forEnd, .ifEnd]

    public var name: String {
        switch self {
        case .forBegin: "for"
        case .forEnd: "endfor"
        case .ifBegin: "if"
        case .ifElse: "else"
        case .ifEnd: "endif"
        case .programID: "program_id"
        case .threadIndex: "thread_idx"
        case .blockIndex: "block_idx"
        case .blockSize: "block_dim"
        case .gridSize: "grid_dim"
        case .sharedMemory: "shared"
        case .inlineAsm: "asm"
        case .stackArray: "stack"
        case .reduceAdd: "reduce_add"
        case .reduceMax: "reduce_max"
        default: "\(self)"
        }
    }
}

/// Comparison predicates of `cmp`. Integer comparisons are signed unless `u`-prefixed; float
/// comparisons are ordered.
public enum Predicate: Int64, Hashable, Codable, Sendable {
    case eq, ne, lt, le, gt, ge, ult, ule, ugt, uge
}

/// The unroll hint of a `for` region.
public enum UnrollHint: Hashable, Codable, Sendable {
    case none, disable, full, count(Int)

    public var attribute: Int64 {
        switch self {
        case .none: 0
        case .disable: -1
        case .full: -2
        case .count(let n): Int64(n)
        }
    }

    public init(attribute: Int64) {
        switch attribute {
        case 0: self = .none
        case -1: self = .disable
        case -2: self = .full
        default: self = .count(Int(attribute))
        }
    }
}

/// Modes of the warp `shuffle`.
public enum ShuffleMode: Int64, Hashable, Codable, Sendable { case xor, down, up, index }

/// The dimension of a GPU index.
public enum Dimension: Int64, Hashable, Codable, Sendable { case x, y, z }
