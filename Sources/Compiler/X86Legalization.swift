import CLLVM
import KernelIR

/// AVX2 stand-ins for the AVX-512 intrinsics of QuantJIT's int8 CPU kernels, so that those
/// kernels run on hosts without AVX-512 (AMD Zen 1–3, most Intel client CPUs) instead of being
/// refused. Each stand-in computes exactly what the AVX-512 instruction computes:
///
/// - `pshuf.b.512`, `pmaddubs.w.512`, `pmaddw.d.512`: the two 256-bit halves through the AVX2
///   instruction of the same name (all three work within 128-bit lanes, saturation included).
/// - `vpdpwssd.512`: the accumulator plus `pmaddwd` (both wrap on overflow).
/// - `vpdpbusd` (512 and 256): the even and the odd bytes of each 16-bit word widened to words
///   (unsigned for the first operand, signed for the second) and multiplied with `pmaddwd`:
///   every byte product is exact in 16 bits and the four of an i32 lane sum exactly, as
///   `vpdpbusd` sums them (no `pmaddubsw` saturation). Where the unsigned bytes are known to be
///   below 128, `pmaddubsw` and `pmaddwd` by ones, which cannot saturate there; where the
///   accumulator subtracts the shifted byte sums of the signed operand (the kernels' offset
///   for weights stored as `q + 2^k`), `Σ (u − 2^k)·s` directly, in 4 or 7 instructions.
/// - `vpermi2var.qi.512` with a constant index: a two-source `shufflevector`, which LLVM
///   lowers for AVX2 (a non-constant index is left alone and refused).
///
/// Hosts that have the AVX-512 features get the AVX-512 instructions unchanged.
extension Lowering {
    /// The AVX2 emulation of the call of `name` with `args`, or nil when the host has what
    /// `name` needs, lacks AVX2 too, or `name` has no stand-in.
    func legalizedX86Call(_ name: String, _ args: [LLVMValueRef]) -> LLVMValueRef? {
        guard target == .cpu, name.hasPrefix("llvm.x86.avx512."),
              !HostFeatures.has(HostFeatures.required(byIntrinsic: name)), HostFeatures.has(["avx2"]) else { return nil }
        switch name {
        case "llvm.x86.avx512.pshuf.b.512":
            return halves(args) { x86Call("llvm.x86.avx2.pshuf.b", vector(.i8, 32), $0) }
        case "llvm.x86.avx512.pmaddubs.w.512":
            return halves(args) { x86Call("llvm.x86.avx2.pmadd.ub.sw", vector(.i16, 16), $0) }
        case "llvm.x86.avx512.pmaddw.d.512":
            return multiplyAddWords(args[0], args[1])
        case "llvm.x86.avx512.vpdpwssd.512":
            return LLVMBuildAdd(b, args[0], multiplyAddWords(args[1], args[2]), "")
        case "llvm.x86.avx512.vpdpbusd.512", "llvm.x86.avx512.vpdpbusd.256":
            return dotBytes(args[0], unsigned: args[1], signed: args[2])
        case "llvm.x86.avx512.vpermi2var.qi.512":
            return twoSourceBytePermute(args[0], index: args[1], args[2])
        default:
            return nil
        }
    }

    private func vector(_ element: ScalarType, _ lanes: Int) -> LLVMTypeRef { llvmType(.vector(element, lanes)) }

    private func lanes(_ v: LLVMValueRef) -> Int { Int(LLVMGetVectorSize(LLVMTypeOf(v))) }

    private func x86Call(_ name: String, _ result: LLVMTypeRef, _ args: [LLVMValueRef]) -> LLVMValueRef {
        declareAndCall(name, result: result, args)
    }

    private func shuffle(_ x: LLVMValueRef, _ y: LLVMValueRef, _ mask: [Int]) -> LLVMValueRef {
        var m: [LLVMValueRef?] = mask.map { i32($0) }
        return LLVMBuildShuffleVector(b, x, y, LLVMConstVector(&m, UInt32(m.count)), "")!
    }

    /// `op` applied to the low and to the high halves of every argument, the results joined.
    private func halves(_ args: [LLVMValueRef], _ op: ([LLVMValueRef]) -> LLVMValueRef) -> LLVMValueRef {
        let parts = [0, 1].map { half in
            op(args.map { v in
                let n = lanes(v) / 2
                return shuffle(v, LLVMGetPoison(LLVMTypeOf(v)), Array(half * n ..< (half + 1) * n))
            })
        }
        return shuffle(parts[0], parts[1], Array(0 ..< 2 * lanes(parts[0])))
    }

    /// `pmaddwd` of two word vectors (`<16 x i16>` or `<32 x i16>`, possibly bitcast to i32
    /// lanes), as i32 lanes.
    private func multiplyAddWords(_ x: LLVMValueRef, _ y: LLVMValueRef) -> LLVMValueRef {
        let words = LLVMGetIntTypeWidth(LLVMGetElementType(LLVMTypeOf(x))) == 16 ? lanes(x) : lanes(x) * 2
        let w = vector(.i16, words)
        let xs = LLVMBuildBitCast(b, x, w, "")!, ys = LLVMBuildBitCast(b, y, w, "")!
        let madd = { (a: [LLVMValueRef]) in self.x86Call("llvm.x86.avx2.pmadd.wd", self.vector(.i32, 8), a) }
        return words == 16 ? madd([xs, ys]) : halves([xs, ys], madd)
    }

    /// `vpdpbusd`: `acc` plus, in each i32 lane, the four products of `u`'s bytes (unsigned)
    /// and `s`'s bytes (signed), in the cheapest exact form the operands allow:
    ///
    /// - `acc = X − (Σs << k)`, where `Σs` is this file's stand-in for `vpdpbusd(0, 1…1, s)`
    ///   on the same `s` (the kernels' offset for weights stored as `q + 2^k`): the result is
    ///   `X + Σ (u − c)·s` with `c = 2^k` (ring arithmetic mod 2³²: `−c·Σs + Σ u·s`), and the
    ///   sums are left dead. With `k ≤ 6` and every byte of `u` below 128 (Q4_0: nibbles and
    ///   `c = 8`, Q6_K: 6-bit values and `c = 32`), `pmaddubsw(u, s) − pmaddubsw(c, s)` per
    ///   word: neither saturates (pairs of at most 127 · 128), and the difference, two terms
    ///   `(u − c)·s` with `|u − c| ≤ 127`, is at most 2 · 127 · 128 < 2¹⁵ in magnitude, so the
    ///   wrapping word subtraction is exact; `pmaddwd` by ones sums the pairs. With `k = 7`
    ///   (Q8_0, IQ4_XS) and any `u`: `u − 128 = (u & 0x7F) − (~u & 0x80)`, each part through
    ///   `pmaddubsw` (pairs within 2 · 127 · 128 and 2 · 128 · [−128, 127] = [−2¹⁵, 32512],
    ///   no saturation) and `pmaddwd` by ones, the second subtracted in i32 (the difference of
    ///   the words could reach 2¹⁵).
    /// - Every byte of `u` below 128 (a constant, or masked by one: the int8 kernels' 4- and
    ///   6-bit weights and their all-ones vectors): `pmaddubsw` cannot saturate (two products
    ///   sum to at most 2 · 127 · 128 < 2¹⁵) and `pmaddwd` by ones sums its pairs.
    /// - Otherwise the even and the odd bytes of each word widened (unsigned for `u`, signed for
    ///   `s`) and multiplied with `pmaddwd`: every product is exact in 16 bits, and the four of a
    ///   lane sum exactly, as `vpdpbusd` sums them.
    private func dotBytes(_ acc: LLVMValueRef, unsigned u: LLVMValueRef, signed s: LLVMValueRef) -> LLVMValueRef {
        let words = lanes(acc) * 2
        let b8 = vector(.i8, words * 2)
        let ub = LLVMBuildBitCast(b, u, b8, "")!, sb = LLVMBuildBitCast(b, s, b8, "")!
        let below128 = byteBound(u) <= 128
        if let (rest, k) = offset(in: acc, sumsOf: sb, accepting: { $0 == 7 || (0...6).contains($0) && below128 }) {
            let dot = perHalf([ub, sb]) { h in
                if k == 7 {
                    let low = self.bytesMultiplyAdd(LLVMBuildAnd(self.b, h[0], self.splat(0x7F, .i8, 32), "")!, h[1])
                    let high = self.bytesMultiplyAdd(LLVMBuildAnd(self.b, LLVMBuildNot(self.b, h[0], "")!, self.splat(0x80, .i8, 32), "")!, h[1])
                    return LLVMBuildSub(self.b, self.pairSums(low), self.pairSums(high), "")!
                }
                let products = self.bytesMultiplyAdd(h[0], h[1]), offsets = self.bytesMultiplyAdd(self.splat(1 << k, .i8, 32), h[1])
                return self.pairSums(LLVMBuildSub(self.b, products, offsets, "")!)
            }
            return LLVMBuildAdd(b, rest, dot, "")!
        }
        if below128 {
            return LLVMBuildAdd(b, acc, perHalf([ub, sb]) { self.pairSums(self.bytesMultiplyAdd($0[0], $0[1])) }, "")!
        }
        let w = vector(.i16, words)
        let uw = LLVMBuildBitCast(b, u, w, "")!, sw = LLVMBuildBitCast(b, s, w, "")!
        let word = { (v: Int) in self.splat(v, .i16, words) }
        let uEven = LLVMBuildAnd(b, uw, word(0xFF), "")!, uOdd = LLVMBuildLShr(b, uw, word(8), "")!
        let sEven = LLVMBuildAShr(b, LLVMBuildShl(b, sw, word(8), "")!, word(8), "")!, sOdd = LLVMBuildAShr(b, sw, word(8), "")!
        let even = multiplyAddWords(uEven, sEven), odd = multiplyAddWords(uOdd, sOdd)
        return LLVMBuildAdd(b, acc, LLVMBuildAdd(b, even, odd, "")!, "")!
    }

    /// The constant vector of `count` lanes of `element`, each `v`.
    private func splat(_ v: Int, _ element: ScalarType, _ count: Int) -> LLVMValueRef {
        constant(Int64(v), .vector(element, count))
    }

    /// `op` on 32-byte vectors: `args` themselves, or their halves with the results joined.
    private func perHalf(_ args: [LLVMValueRef], _ op: ([LLVMValueRef]) -> LLVMValueRef) -> LLVMValueRef {
        lanes(args[0]) == 32 ? op(args) : halves(args, op)
    }

    /// `pmaddubsw` of 32-byte vectors.
    private func bytesMultiplyAdd(_ u: LLVMValueRef, _ s: LLVMValueRef) -> LLVMValueRef {
        x86Call("llvm.x86.avx2.pmadd.ub.sw", vector(.i16, 16), [u, s])
    }

    /// `pmaddwd` of 16 words by ones: the sums of adjacent pairs as 8 i32 lanes.
    private func pairSums(_ words: LLVMValueRef) -> LLVMValueRef {
        x86Call("llvm.x86.avx2.pmadd.wd", vector(.i32, 8), [words, splat(1, .i16, 16)])
    }

    /// `v` without the bitcasts (instructions or constant expressions) that made it.
    private func stripBitcasts(_ v: LLVMValueRef) -> LLVMValueRef {
        var v = v
        while (LLVMIsABitCastInst(v) != nil || (LLVMIsAConstantExpr(v) != nil && LLVMGetConstOpcode(v) == LLVMBitCast)),
              let source = LLVMGetOperand(v, 0) { v = source }
        return v
    }

    /// Where `acc` is `X − (Σs << k)` with `Σs` the lane sums of the bytes `sb` (also through a
    /// sum of such terms, `X − ((Σs + T) << k)`, or an addend, `(X − (Σs << k)) + Y`, as the
    /// kernels chain their dot products) and `accepting(k)`: the rest of `acc` without that
    /// term (built anew; the matched instructions are left to their other uses) and `k`.
    private func offset(in acc: LLVMValueRef, sumsOf sb: LLVMValueRef, accepting: (Int) -> Bool,
                        depth: Int = 0) -> (LLVMValueRef, Int)? {
        guard depth < 4, LLVMIsAInstruction(acc) != nil else { return nil }
        let op = { (i: UInt32) in LLVMGetOperand(acc, i)! }
        switch LLVMGetInstructionOpcode(acc) {
        case LLVMSub:
            let shifted = op(1)
            guard LLVMIsAInstruction(shifted) != nil, LLVMGetInstructionOpcode(shifted) == LLVMShl,
                  let k = splatInteger(LLVMGetOperand(shifted, 1)), accepting(k) else { return nil }
            let total = LLVMGetOperand(shifted, 0)!
            if isLaneSums(total, of: sb) { return (op(0), k) }
            guard LLVMIsAInstruction(total) != nil, LLVMGetInstructionOpcode(total) == LLVMAdd else { return nil }
            for (i, other) in [(0, 1), (1, 0)] as [(UInt32, UInt32)] where isLaneSums(LLVMGetOperand(total, i), of: sb) {
                let remaining = LLVMBuildShl(b, LLVMGetOperand(total, other), LLVMGetOperand(shifted, 1), "")!
                return (LLVMBuildSub(b, op(0), remaining, "")!, k)
            }
            return nil
        case LLVMAdd:
            for (i, other) in [(0, 1), (1, 0)] as [(UInt32, UInt32)] {
                if let (rest, k) = offset(in: op(i), sumsOf: sb, accepting: accepting, depth: depth + 1) {
                    return (LLVMBuildAdd(b, rest, op(other), "")!, k)
                }
            }
            return nil
        default:
            return nil
        }
    }

    /// Whether `v` is this file's stand-in for `vpdpbusd(0, 1…1, s)` with `s`'s bytes `sb`:
    /// `0 + pairSums(pmaddubsw(1…1, s))`, per half for 64 bytes.
    private func isLaneSums(_ v: LLVMValueRef, of sb: LLVMValueRef) -> Bool {
        guard LLVMIsAInstruction(v) != nil, LLVMGetInstructionOpcode(v) == LLVMAdd,
              LLVMIsNull(LLVMGetOperand(v, 0)) != 0, let sums = LLVMGetOperand(v, 1) else { return false }
        let target = stripBitcasts(sb)
        /// `pairSums(pmaddubsw(1…1, x))` with `x` the bytes `target` (or half `half` of them).
        func pairSumsOfOnes(_ call: LLVMValueRef, half: Int?) -> Bool {
            guard calls(call, "llvm.x86.avx2.pmadd.wd"), LLVMGetOperand(call, 1) == splat(1, .i16, 16),
                  let madd = LLVMGetOperand(call, 0), calls(madd, "llvm.x86.avx2.pmadd.ub.sw"),
                  constantBytes(LLVMGetOperand(madd, 0)).map({ $0.allSatisfy { $0 == 1 } }) == true,
                  let x = LLVMGetOperand(madd, 1) else { return false }
            guard let half else { return stripBitcasts(x) == target }
            return LLVMIsAShuffleVectorInst(x) != nil && isShuffle(x, Array(32 * half ..< 32 * half + 32))
                && stripBitcasts(LLVMGetOperand(x, 0)) == target
        }
        if lanes(sums) == 8 { return pairSumsOfOnes(sums, half: nil) }
        return LLVMIsAShuffleVectorInst(sums) != nil && isShuffle(sums, Array(0 ..< 16))
            && pairSumsOfOnes(LLVMGetOperand(sums, 0), half: 0) && pairSumsOfOnes(LLVMGetOperand(sums, 1), half: 1)
    }

    private func calls(_ v: LLVMValueRef, _ name: String) -> Bool {
        guard LLVMIsACallInst(v) != nil, let callee = LLVMGetCalledValue(v) else { return false }
        var length = 0
        guard let raw = LLVMGetValueName2(callee, &length) else { return false }
        return String(cString: raw) == name
    }

    private func isShuffle(_ v: LLVMValueRef, _ mask: [Int]) -> Bool {
        Int(LLVMGetNumMaskElements(v)) == mask.count && mask.indices.allSatisfy { Int(LLVMGetMaskValue(v, UInt32($0))) == mask[$0] }
    }

    /// The value of a constant integer splat (`<k, k, …>`), else nil.
    private func splatInteger(_ v: LLVMValueRef) -> Int? {
        guard let (values, _) = constantLanes(v), let first = values.first, values.allSatisfy({ $0 == first }) else { return nil }
        return Int(exactly: first)
    }

    /// The little-endian bytes of a constant integer (vector), looking through constant
    /// bitcasts; nil for anything else. Undefined lanes read as zero bytes.
    private func constantBytes(_ v: LLVMValueRef?, depth: Int = 0) -> [UInt8]? {
        guard let v, depth < 4 else { return nil }
        if LLVMIsAConstantExpr(v) != nil {
            return LLVMGetConstOpcode(v) == LLVMBitCast ? constantBytes(LLVMGetOperand(v, 0), depth: depth + 1) : nil
        }
        guard let (values, width) = constantLanes(v), width % 8 == 0 else { return nil }
        return values.flatMap { bits in (0 ..< width / 8).map { UInt8(truncatingIfNeeded: bits >> (8 * UInt64($0))) } }
    }

    /// The lanes of a constant integer or integer vector (not a constant expression),
    /// zero-extended, undefined lanes as 0, and their width in bits; nil for anything else.
    private func constantLanes(_ v: LLVMValueRef) -> (values: [UInt64], width: Int)? {
        guard LLVMIsConstant(v) != 0, LLVMIsAConstantExpr(v) == nil else { return nil }
        let type = LLVMTypeOf(v)
        let vectorType = LLVMGetTypeKind(type) == LLVMVectorTypeKind
        let element = vectorType ? LLVMGetElementType(type)! : type!
        guard LLVMGetTypeKind(element) == LLVMIntegerTypeKind, LLVMGetIntTypeWidth(element) <= 64 else { return nil }
        var values: [UInt64] = []
        for lane in 0 ..< (vectorType ? lanes(v) : 1) {
            guard let e = vectorType ? LLVMGetAggregateElement(v, UInt32(lane)) : v else { return nil }
            if LLVMIsUndef(e) != 0 || LLVMIsPoison(e) != 0 { values.append(0); continue }
            guard LLVMIsAConstantInt(e) != nil else { return nil }
            values.append(LLVMConstIntGetZExtValue(e))
        }
        return (values, Int(LLVMGetIntTypeWidth(element)))
    }

    /// A power of two above every byte of `v` (256 where nothing is known): from constants
    /// (undefined lanes count as zero), `and` (the smaller bound), `or`, `xor`, `select` and
    /// shuffles (the larger: power-of-two bounds keep these below it) and bitcasts, a
    /// conservative look through the instructions that made `v`.
    private func byteBound(_ v: LLVMValueRef, depth: Int = 0) -> Int {
        guard depth < 8 else { return 256 }
        if LLVMIsUndef(v) != 0 || LLVMIsPoison(v) != 0 { return 1 }
        if LLVMIsConstant(v) != 0 {
            guard let bytes = constantBytes(v), let top = bytes.max() else { return 256 }
            var bound = 1
            while bound <= Int(top) { bound *= 2 }
            return bound
        }
        guard LLVMIsAInstruction(v) != nil else { return 256 }
        let operand = { (i: UInt32) in self.byteBound(LLVMGetOperand(v, i), depth: depth + 1) }
        switch LLVMGetInstructionOpcode(v) {
        case LLVMBitCast: return operand(0)
        case LLVMAnd: return min(operand(0), operand(1))
        case LLVMOr, LLVMXor, LLVMShuffleVector: return max(operand(0), operand(1))
        case LLVMSelect: return max(operand(1), operand(2))
        default: return 256
        }
    }

    /// `vpermi2b` as a `shufflevector` of `first` and `second` when `index` is a constant
    /// (an undefined lane picks byte 0).
    private func twoSourceBytePermute(_ first: LLVMValueRef, index: LLVMValueRef, _ second: LLVMValueRef) -> LLVMValueRef? {
        guard let (picks, _) = constantLanes(index) else { return nil }
        return shuffle(first, second, picks.map { Int($0 & 127) })
    }
}
