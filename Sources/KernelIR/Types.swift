/// The element types KIR knows. FP8 types are storage only: they load, store and bitcast as
/// bytes; arithmetic happens after an explicit conversion written in the DSL.
public enum ScalarType: UInt8, Hashable, Codable, Sendable, CaseIterable {
    case i1, i8, i16, i32, i64, f16, bf16, f32, f64, fp8e4m3, fp8e5m2

    public var bitWidth: Int {
        switch self {
        case .i1: 1
        case .i8, .fp8e4m3, .fp8e5m2: 8
        case .i16, .f16, .bf16: 16
        case .i32, .f32: 32
        case .i64, .f64: 64
        }
    }

    public var isInteger: Bool { self == .i1 || self == .i8 || self == .i16 || self == .i32 || self == .i64 }
    public var isFloat: Bool { self == .f16 || self == .bf16 || self == .f32 || self == .f64 }
    public var isStorageOnly: Bool { self == .fp8e4m3 || self == .fp8e5m2 }

    public var name: String {
        switch self {
        case .fp8e4m3: "f8e4m3"
        case .fp8e5m2: "f8e5m2"
        default: "\(self)"
        }
    }
}

/// Address spaces, numbered as NVPTX numbers them. On the CPU every space lowers to 0.
public enum AddressSpace: UInt8, Hashable, Codable, Sendable {
    case generic = 0, global = 1, shared = 3, constant = 4, local = 5
}

/// A KIR type: void, a scalar, a vector of scalars, or a pointer to scalars in an address space.
public struct KType: Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Kind: UInt8, Hashable, Codable, Sendable { case void, scalar, vector, pointer }

    public var kind: Kind
    /// The scalar, the vector's element, or the pointee.
    public var element: ScalarType
    public var lanes: Int
    public var addressSpace: AddressSpace

    init(kind: Kind, element: ScalarType, lanes: Int = 1, addressSpace: AddressSpace = .generic) {
        self.kind = kind
        self.element = element
        self.lanes = lanes
        self.addressSpace = addressSpace
    }

    public static let void = KType(kind: .void, element: .i8)
    public static func scalar(_ s: ScalarType) -> KType { KType(kind: .scalar, element: s) }
    /// A vector of `lanes` elements; one lane is the scalar itself.
    public static func vector(_ s: ScalarType, _ lanes: Int) -> KType {
        lanes == 1 ? .scalar(s) : KType(kind: .vector, element: s, lanes: lanes)
    }
    public static func pointer(_ s: ScalarType, _ space: AddressSpace = .global) -> KType {
        KType(kind: .pointer, element: s, addressSpace: space)
    }

    public static let i1 = scalar(.i1), i8 = scalar(.i8), i16 = scalar(.i16), i32 = scalar(.i32), i64 = scalar(.i64)
    public static let f16 = scalar(.f16), bf16 = scalar(.bf16), f32 = scalar(.f32), f64 = scalar(.f64)

    public var isVoid: Bool { kind == .void }
    public var isPointer: Bool { kind == .pointer }
    /// Scalar or vector (a value arithmetic can act on).
    public var isValue: Bool { kind == .scalar || kind == .vector }
    public var isIntegerValue: Bool { isValue && element.isInteger }
    public var isFloatValue: Bool { isValue && element.isFloat }
    /// Bits of a scalar or vector value.
    public var bitWidth: Int { element.bitWidth * lanes }

    /// The same shape with another element type (`<8 x i32>` → `<8 x f32>`).
    public func with(element e: ScalarType) -> KType { .vector(e, lanes) }

    public var description: String {
        switch kind {
        case .void: "void"
        case .scalar: element.name
        case .vector: "<\(lanes) x \(element.name)>"
        case .pointer: addressSpace == .generic ? "ptr<\(element.name)>" : "ptr<\(element.name), \(addressSpace)>"
        }
    }
}

/// An index into a kernel's type table.
public struct TypeID: Hashable, Codable, Sendable {
    public var raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
}

/// The id of a value: the index of the op that defines it.
public struct ValueID: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var raw: UInt32
    public init(_ raw: UInt32) { self.raw = raw }
    public init(_ index: Int) { self.raw = UInt32(index) }
    public var index: Int { Int(raw) }
    public static func < (a: ValueID, b: ValueID) -> Bool { a.raw < b.raw }
    public var description: String { "%\(raw)" }
}
