/// An IR value under construction: its id, its type, and the builder it belongs to.
/// Operators emit ops; integer and float literals become constants of the other operand's type.
public struct Value {
    public let id: ValueID
    public let type: KType
    public unowned let builder: KernelBuilder

    init(id: ValueID, type: KType, builder: KernelBuilder) {
        self.id = id
        self.type = type
        self.builder = builder
    }

    func binary(_ op: Opcode, _ other: Value) -> Value { builder.emit(op, type, [self, other]) }
    func literal(_ v: Int) -> Value { builder.constant(v, type) }
    func literal(_ v: Double) -> Value { builder.constant(v, type) }

    // MARK: Arithmetic

    public static func + (a: Value, b: Value) -> Value { a.binary(.add, b) }
    public static func - (a: Value, b: Value) -> Value { a.binary(.sub, b) }
    public static func * (a: Value, b: Value) -> Value { a.binary(.mul, b) }
    public static func / (a: Value, b: Value) -> Value { a.binary(.div, b) }
    public static func % (a: Value, b: Value) -> Value { a.binary(.rem, b) }
    public static func + (a: Value, b: Int) -> Value { a.binary(.add, a.literal(b)) }
    public static func - (a: Value, b: Int) -> Value { a.binary(.sub, a.literal(b)) }
    public static func * (a: Value, b: Int) -> Value { a.binary(.mul, a.literal(b)) }
    public static func / (a: Value, b: Int) -> Value { a.binary(.div, a.literal(b)) }
    public static func % (a: Value, b: Int) -> Value { a.binary(.rem, a.literal(b)) }
    public static func + (a: Value, b: Double) -> Value { a.binary(.add, a.literal(b)) }
    public static func * (a: Value, b: Double) -> Value { a.binary(.mul, a.literal(b)) }
    public static prefix func - (a: Value) -> Value { a.builder.emit(.neg, a.type, [a]) }

    public func min(_ b: Value) -> Value { binary(.min, b) }
    public func max(_ b: Value) -> Value { binary(.max, b) }
    public func umin(_ b: Value) -> Value { binary(.umin, b) }
    /// `self * b + c`, fused.
    public func fma(_ b: Value, _ c: Value) -> Value { builder.emit(.fma, type, [self, b, c]) }

    // MARK: Bits

    public static func & (a: Value, b: Value) -> Value { a.binary(.and, b) }
    public static func | (a: Value, b: Value) -> Value { a.binary(.or, b) }
    public static func ^ (a: Value, b: Value) -> Value { a.binary(.xor, b) }
    public static func & (a: Value, b: Int) -> Value { a.binary(.and, a.literal(b)) }
    public static func | (a: Value, b: Int) -> Value { a.binary(.or, a.literal(b)) }
    public static func << (a: Value, b: Value) -> Value { a.binary(.shl, b) }
    /// Logical (unsigned) shift right; see ``ashr(_:)``.
    public static func >> (a: Value, b: Value) -> Value { a.binary(.shr, b) }
    public static func << (a: Value, b: Int) -> Value { a.binary(.shl, a.literal(b)) }
    public static func >> (a: Value, b: Int) -> Value { a.binary(.shr, a.literal(b)) }
    public static prefix func ~ (a: Value) -> Value { a.builder.emit(.not, a.type, [a]) }
    public func ashr(_ b: Int) -> Value { binary(.ashr, literal(b)) }

    // MARK: Comparisons and select

    public func compare(_ p: Predicate, _ b: Value) -> Value {
        builder.emit(.cmp, .vector(.i1, type.lanes), [self, b], attribute: p.rawValue)
    }
    public func compare(_ p: Predicate, _ b: Int) -> Value { compare(p, literal(b)) }
    /// `self ? a : b`.
    public func select(_ a: Value, _ b: Value) -> Value { builder.emit(.select, a.type, [self, a, b]) }

    // MARK: Conversions and vectors

    /// Converts numerically to `t` (same lane count). Integers are signed unless `unsigned`.
    public func convert(to t: KType, unsigned: Bool = false) -> Value {
        builder.emit(.convert, t, [self], attribute: unsigned ? 1 : 0)
    }
    /// Converts each lane to the element type `e`.
    public func convert(_ e: ScalarType, unsigned: Bool = false) -> Value { convert(to: type.with(element: e), unsigned: unsigned) }
    public func bitcast(to t: KType) -> Value { builder.emit(.bitcast, t, [self]) }
    /// Broadcasts a scalar to `lanes` lanes (the scalar itself when `lanes == 1`).
    public func splat(_ lanes: Int) -> Value {
        lanes == 1 ? self : builder.emit(.splat, .vector(type.element, lanes), [self])
    }
    public func extract(_ lane: Int) -> Value { builder.emit(.extract, .scalar(type.element), [self], attribute: Int64(lane)) }
    public func insert(_ v: Value, at lane: Int) -> Value { builder.emit(.insert, type, [self, v], attribute: Int64(lane)) }
    /// A vector whose lane `i` is lane `mask[i]` of this vector (lanes may repeat).
    public func permute(_ mask: [Int]) -> Value {
        let name = mask.map(String.init).joined(separator: ",")
        return builder.emit(.permute, .vector(type.element, mask.count), [self], attribute: builder.internString(name))
    }

    /// The sum of all lanes (in any order).
    public func reduceAdd() -> Value { type.lanes == 1 ? self : builder.emit(.reduceAdd, .scalar(type.element), [self]) }
    public func reduceMax() -> Value { type.lanes == 1 ? self : builder.emit(.reduceMax, .scalar(type.element), [self]) }

    // MARK: Memory

    /// The pointer `index` elements past this one.
    public func offset(_ index: Value) -> Value { builder.emit(.offset, type, [self, index]) }
    /// Loads `lanes` consecutive elements at `self + index` (a scalar when `lanes == 1`).
    public func load(_ index: Value, lanes: Int = 1, alignment: Int = 0) -> Value {
        builder.emit(.load, .vector(type.element, lanes), [offset(index)], attribute: Int64(alignment))
    }
    /// Atomically adds the scalar `v` at `self + index` (relaxed); returns the previous value.
    @discardableResult
    public func atomicAdd(_ v: Value, at index: Value) -> Value {
        builder.emit(.atomicAdd, v.type, [offset(index), v])
    }

    /// Stores `v` (a scalar or vector of the pointee type) at `self + index`.
    public func store(_ v: Value, at index: Value, alignment: Int = 0) {
        builder.emit(.store, .void, [offset(index), v], attribute: Int64(alignment))
    }
}
