/// Evaluates pure integer and f32/f64 ops whose operands are constants, and removes
/// identities (`x + 0`, `x * 1`, `x | 0`, `x & ~0`, shifts by 0).
public enum ConstantFolding {
    public static func run(_ k: Kernel) -> Kernel {
        var r = Rewriter(k)
        for i in k.indices {
            let op = k.opcode(i), t = k.type(i)
            let ops = r.operands(i)
            let consts = ops.map { r.new.opcode($0.index) == .constant ? r.new.attribute($0.index) : nil }
            if consts.allSatisfy({ $0 != nil }), !ops.isEmpty, t.isValue,
               let folded = evaluate(op, t, ops.map { r.new.type(of: $0) }, consts.map { $0! }, attribute: k.attribute(i)) {
                r.map[i] = r.new.append(.constant, type: t, attribute: folded)
            } else if let same = identity(op, t, ops, consts) {
                r.map[i] = same
            } else {
                r.copy(i)
            }
        }
        return r.new
    }

    /// The operand an identity op returns unchanged, if it is one.
    static func identity(_ op: Opcode, _ t: KType, _ ops: [ValueID], _ c: [Int64?]) -> ValueID? {
        guard ops.count == 2, t.element.isInteger else { return nil }
        let allOnes = normalize(-1, t.element)
        switch op {
        case .add, .or, .xor: return c[1] == 0 ? ops[0] : c[0] == 0 ? ops[1] : nil
        case .sub, .shl, .shr, .ashr: return c[1] == 0 ? ops[0] : nil
        case .mul: return c[1] == 1 ? ops[0] : c[0] == 1 ? ops[1] : nil
        case .div, .udiv: return c[1] == 1 ? ops[0] : nil
        case .and: return c[1] == allOnes ? ops[0] : c[0] == allOnes ? ops[1] : nil
        default: return nil
        }
    }

    /// The signed reading of a normalized integer (i1's 1 is −1, as in LLVM's signed ops).
    static func signed(_ v: Int64, _ s: ScalarType) -> Int64 { s == .i1 ? -(v & 1) : v }

    /// An integer of `s`'s width, sign-extended to 64 bits (i1 is 0 or 1).
    static func normalize(_ v: Int64, _ s: ScalarType) -> Int64 {
        if s == .i1 { return v & 1 }
        let w = s.bitWidth
        return w == 64 ? v : (v << Int64(64 - w)) >> Int64(64 - w)
    }

    static func unsigned(_ v: Int64, _ s: ScalarType) -> UInt64 {
        let w = s.bitWidth
        return w == 64 ? UInt64(bitPattern: v) : UInt64(bitPattern: v) & ((1 << UInt64(w)) - 1)
    }

    static func double(_ bits: Int64) -> Double { Double(bitPattern: UInt64(bitPattern: bits)) }
    static func bits(_ d: Double) -> Int64 { Int64(bitPattern: d.bitPattern) }
    static func rounded(_ d: Double, _ s: ScalarType) -> Double { s == .f32 ? Double(Float(d)) : d }

    static func evaluate(_ op: Opcode, _ t: KType, _ ts: [KType], _ c: [Int64], attribute: Int64) -> Int64? {
        let e = ts.first?.element ?? t.element
        if op == .convert { return convert(c[0], from: e, to: t.element, unsigned: attribute == 1) }
        if op == .select { return normalize(c[0], .i1) == 1 ? c[1] : c[2] }
        if e.isInteger {
            let c = c.map { normalize($0, e) }
            guard let v = integer(op, e, c, attribute: attribute) else { return nil }
            return op == .cmp ? v : normalize(v, e)
        }
        guard e == .f32 || e == .f64 else { return nil }
        let a = rounded(double(c[0]), e), b = c.count > 1 ? rounded(double(c[1]), e) : 0
        let result: Double
        switch op {
        case .add: result = a + b
        case .sub: result = a - b
        case .mul: result = a * b
        case .div: result = a / b
        case .neg: result = -a
        case .min: result = a.isNaN ? b : b.isNaN ? a : Swift.min(a, b)  // llvm.minnum
        case .max: result = a.isNaN ? b : b.isNaN ? a : Swift.max(a, b)  // llvm.maxnum
        case .fma where e == .f32: result = Double(Float(a).addingProduct(Float(b), Float(double(c[2]))))
        case .fma: result = double(c[2]).addingProduct(a, b)
        case .cmp:
            guard let p = Predicate(rawValue: attribute) else { return nil }
            let r: Bool
            switch p {
            case .eq: r = a == b
            case .ne: r = a != b
            case .lt, .ult: r = a < b
            case .le, .ule: r = a <= b
            case .gt, .ugt: r = a > b
            case .ge, .uge: r = a >= b
            }
            return r ? 1 : 0
        default: return nil
        }
        return bits(rounded(result, e))
    }

    static func integer(_ op: Opcode, _ e: ScalarType, _ c: [Int64], attribute: Int64) -> Int64? {
        let a = signed(c[0], e), b = c.count > 1 ? signed(c[1], e) : 0
        let ua = unsigned(c[0], e), ub = c.count > 1 ? unsigned(c[1], e) : 0
        let w = Int64(e.bitWidth)
        switch op {
        case .add: return a &+ b
        case .sub: return a &- b
        case .mul: return a &* b
        case .div: return b == 0 || (a == .min && b == -1) ? nil : a / b
        case .rem: return b == 0 || (a == .min && b == -1) ? nil : a % b
        case .udiv: return ub == 0 ? nil : Int64(bitPattern: ua / ub)
        case .urem: return ub == 0 ? nil : Int64(bitPattern: ua % ub)
        case .min: return Swift.min(a, b)
        case .max: return Swift.max(a, b)
        case .umin: return Int64(bitPattern: Swift.min(ua, ub))
        case .umax: return Int64(bitPattern: Swift.max(ua, ub))
        case .neg: return 0 &- a
        case .not: return ~a
        case .and: return a & b
        case .or: return a | b
        case .xor: return a ^ b
        case .shl: return ub >= w ? nil : a << Int64(ub)
        case .shr: return ub >= w ? nil : Int64(bitPattern: ua >> ub)
        case .ashr: return ub >= w ? nil : a >> Int64(ub)
        case .cmp:
            guard let p = Predicate(rawValue: attribute) else { return nil }
            let r: Bool
            switch p {
            case .eq: r = a == b
            case .ne: r = a != b
            case .lt: r = a < b
            case .le: r = a <= b
            case .gt: r = a > b
            case .ge: r = a >= b
            case .ult: r = ua < ub
            case .ule: r = ua <= ub
            case .ugt: r = ua > ub
            case .uge: r = ua >= ub
            }
            return r ? 1 : 0
        default: return nil
        }
    }

    static func convert(_ v: Int64, from s: ScalarType, to d: ScalarType, unsigned isUnsigned: Bool) -> Int64? {
        switch (s.isInteger, d.isInteger) {
        case (true, true):
            let v = normalize(v, s)
            // Like the lowering: i1 and unsigned sources zero-extend.
            let x = isUnsigned || s == .i1 ? Int64(bitPattern: unsigned(v, s)) : v
            return normalize(x, d)
        case (true, false):
            guard d == .f32 || d == .f64 else { return nil }
            let v = normalize(v, s), zeroExtend = isUnsigned || s == .i1
            if d == .f32 {  // one rounding, straight to f32
                return bits(Double(zeroExtend ? Float(unsigned(v, s)) : Float(v)))
            }
            return bits(zeroExtend ? Double(unsigned(v, s)) : Double(v))
        case (false, true):
            guard s == .f32 || s == .f64 else { return nil }
            let x = rounded(double(v), s)
            guard x.isFinite, x > -9.2e18, x < 9.2e18 else { return nil }
            return normalize(Int64(x), d)
        case (false, false):
            guard (s == .f32 || s == .f64) && (d == .f32 || d == .f64) else { return nil }
            return bits(rounded(rounded(double(v), s), d))
        }
    }
}
