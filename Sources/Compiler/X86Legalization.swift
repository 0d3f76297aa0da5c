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
///   below 128, `pmaddubsw` and `pmaddwd` by ones, which cannot saturate there.
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
    /// and `s`'s bytes (signed). Where every byte of `u` is known to be below 128 (a constant,
    /// or masked by one: the int8 kernels' 4- and 6-bit weights and their all-ones vectors),
    /// `pmaddubsw` cannot saturate (two products sum to at most 2 · 127 · 128 < 2¹⁵) and
    /// `pmaddwd` by ones sums its pairs: two instructions instead of the widening's eight.
    private func dotBytes(_ acc: LLVMValueRef, unsigned u: LLVMValueRef, signed s: LLVMValueRef) -> LLVMValueRef {
        let words = lanes(acc) * 2
        let w = vector(.i16, words)
        let splat = { (v: Int) -> LLVMValueRef in
            var all: [LLVMValueRef?] = Array(repeating: LLVMConstInt(LLVMInt16TypeInContext(self.context), UInt64(v), 0), count: words)
            return LLVMConstVector(&all, UInt32(words))
        }
        if bytesBelow128(u) {
            let b8 = vector(.i8, words * 2)
            let ub = LLVMBuildBitCast(b, u, b8, "")!, sb = LLVMBuildBitCast(b, s, b8, "")!
            let madd = { (a: [LLVMValueRef]) in self.x86Call("llvm.x86.avx2.pmadd.ub.sw", self.vector(.i16, 16), a) }
            let pairs = words == 16 ? madd([ub, sb]) : halves([ub, sb], madd)
            return LLVMBuildAdd(b, acc, multiplyAddWords(pairs, splat(1)), "")!
        }
        let uw = LLVMBuildBitCast(b, u, w, "")!, sw = LLVMBuildBitCast(b, s, w, "")!
        let uEven = LLVMBuildAnd(b, uw, splat(0xFF), "")!, uOdd = LLVMBuildLShr(b, uw, splat(8), "")!
        let sEven = LLVMBuildAShr(b, LLVMBuildShl(b, sw, splat(8), "")!, splat(8), "")!, sOdd = LLVMBuildAShr(b, sw, splat(8), "")!
        let even = multiplyAddWords(uEven, sEven), odd = multiplyAddWords(uOdd, sOdd)
        return LLVMBuildAdd(b, acc, LLVMBuildAdd(b, even, odd, "")!, "")!
    }

    /// Whether the top bit of every byte of `v` is known to be zero: a constant whose bytes are
    /// all below 128, an `and` with such a value, or a bitcast, `or`, `select` or shuffle of such
    /// values (a conservative look through the instructions that made `v`).
    private func bytesBelow128(_ v: LLVMValueRef, depth: Int = 0) -> Bool {
        guard depth < 8 else { return false }
        if LLVMIsUndef(v) != 0 || LLVMIsPoison(v) != 0 { return true }
        if LLVMIsConstant(v) != 0 {
            let type = LLVMTypeOf(v)
            let vectorType = LLVMGetTypeKind(type) == LLVMVectorTypeKind
            let element = vectorType ? LLVMGetElementType(type)! : type!
            guard LLVMGetTypeKind(element) == LLVMIntegerTypeKind else { return false }
            let width = Int(LLVMGetIntTypeWidth(element)), count = vectorType ? lanes(v) : 1
            guard width % 8 == 0, width <= 64 else { return false }
            for lane in 0 ..< count {
                guard let e = vectorType ? LLVMGetAggregateElement(v, UInt32(lane)) : v else { return false }
                if LLVMIsUndef(e) != 0 || LLVMIsPoison(e) != 0 { continue }
                guard LLVMIsAConstantInt(e) != nil else { return false }
                let bits = LLVMConstIntGetZExtValue(e)
                if (0 ..< width / 8).contains(where: { bits >> (8 * UInt64($0) + 7) & 1 != 0 }) { return false }
            }
            return true
        }
        guard LLVMIsAInstruction(v) != nil else { return false }
        let operand = { (i: UInt32) in self.bytesBelow128(LLVMGetOperand(v, i), depth: depth + 1) }
        switch LLVMGetInstructionOpcode(v) {
        case LLVMBitCast: return operand(0)
        case LLVMAnd: return operand(0) || operand(1)
        case LLVMOr, LLVMShuffleVector: return operand(0) && operand(1)
        case LLVMSelect: return operand(1) && operand(2)
        default: return false
        }
    }

    /// `vpermi2b` as a `shufflevector` of `first` and `second` when `index` is a constant.
    private func twoSourceBytePermute(_ first: LLVMValueRef, index: LLVMValueRef, _ second: LLVMValueRef) -> LLVMValueRef? {
        guard LLVMIsConstant(index) != 0 else { return nil }
        var mask: [Int] = []
        for lane in 0 ..< lanes(index) {
            guard let element = LLVMGetAggregateElement(index, UInt32(lane)), LLVMIsAConstantInt(element) != nil else { return nil }
            mask.append(Int(LLVMConstIntGetZExtValue(element) & 127))
        }
        return shuffle(first, second, mask)
    }
}
