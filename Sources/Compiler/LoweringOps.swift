import CLLVM
import KernelIR

extension Lowering {
    func value(_ v: ValueID) -> LLVMValueRef { values[v.index]! }

    /// Emits LLVM instructions for op `i`.
    mutating func lower(_ i: Int) throws {
        let op = k.opcode(i), t = k.type(i), attr = k.attribute(i)
        let ops = k.operands(i).map(value)
        let e = k.operands(i).first.map { k.type(of: $0).element } ?? t.element
        let float = e.isFloat
        var r: LLVMValueRef?
        switch op {
        case .param: r = LLVMGetParam(function, UInt32(attr))
        case .constant: r = constant(attr, t)
        case .programID: r = LLVMGetParam(function, UInt32(k.parameters.count))
        case .add: r = float ? LLVMBuildFAdd(b, ops[0], ops[1], "") : LLVMBuildAdd(b, ops[0], ops[1], "")
        case .sub: r = float ? LLVMBuildFSub(b, ops[0], ops[1], "") : LLVMBuildSub(b, ops[0], ops[1], "")
        case .mul: r = float ? LLVMBuildFMul(b, ops[0], ops[1], "") : LLVMBuildMul(b, ops[0], ops[1], "")
        case .div: r = float ? LLVMBuildFDiv(b, ops[0], ops[1], "") : LLVMBuildSDiv(b, ops[0], ops[1], "")
        case .rem: r = LLVMBuildSRem(b, ops[0], ops[1], "")
        case .udiv: r = LLVMBuildUDiv(b, ops[0], ops[1], "")
        case .urem: r = LLVMBuildURem(b, ops[0], ops[1], "")
        case .min: r = callIntrinsic(float ? "llvm.minnum" : "llvm.smin", [llvmType(t)], ops)
        case .max: r = callIntrinsic(float ? "llvm.maxnum" : "llvm.smax", [llvmType(t)], ops)
        case .umin: r = callIntrinsic("llvm.umin", [llvmType(t)], ops)
        case .umax: r = callIntrinsic("llvm.umax", [llvmType(t)], ops)
        case .neg: r = float ? LLVMBuildFNeg(b, ops[0], "") : LLVMBuildNeg(b, ops[0], "")
        case .fma: r = callIntrinsic("llvm.fma", [llvmType(t)], ops)
        case .and: r = LLVMBuildAnd(b, ops[0], ops[1], "")
        case .or: r = LLVMBuildOr(b, ops[0], ops[1], "")
        case .xor: r = LLVMBuildXor(b, ops[0], ops[1], "")
        case .not: r = LLVMBuildNot(b, ops[0], "")
        case .shl: r = LLVMBuildShl(b, ops[0], ops[1], "")
        case .shr: r = LLVMBuildLShr(b, ops[0], ops[1], "")
        case .ashr: r = LLVMBuildAShr(b, ops[0], ops[1], "")
        case .cmp: r = compare(Predicate(rawValue: attr)!, float: float, ops[0], ops[1])
        case .select: r = LLVMBuildSelect(b, ops[0], ops[1], ops[2], "")
        case .convert: r = convert(ops[0], from: e, to: t, unsigned: attr == 1)
        case .bitcast: r = LLVMBuildBitCast(b, ops[0], llvmType(t), "")
        case .splat:
            let vt = llvmType(t)
            let one = LLVMBuildInsertElement(b, LLVMGetPoison(vt), ops[0], i32(0), "")
            let mask = LLVMConstNull(LLVMVectorType(LLVMInt32TypeInContext(context), UInt32(t.lanes)))
            r = LLVMBuildShuffleVector(b, one, LLVMGetPoison(vt), mask, "")
        case .extract: r = LLVMBuildExtractElement(b, ops[0], i32(Int(attr)), "")
        case .insert: r = LLVMBuildInsertElement(b, ops[0], ops[1], i32(Int(attr)), "")
        case .permute where t.kind == .scalar:
            let lane = Int(k.string(attr))!
            r = LLVMGetTypeKind(LLVMTypeOf(ops[0])) == LLVMVectorTypeKind ? LLVMBuildExtractElement(b, ops[0], i32(lane), "") : ops[0]
        case .permute:
            let lanes = k.string(attr).split(separator: ",").map { i32(Int($0)!) as LLVMValueRef? }
            var mask = lanes
            let source = ops[0]
            let vector = LLVMGetTypeKind(LLVMTypeOf(source)) == LLVMVectorTypeKind
                ? source
                : LLVMBuildInsertElement(b, LLVMGetPoison(LLVMVectorType(LLVMTypeOf(source), 1)), source, i32(0), "")!
            r = LLVMBuildShuffleVector(b, vector, LLVMGetPoison(LLVMTypeOf(vector)), LLVMConstVector(&mask, UInt32(mask.count)), "")
        case .reduceAdd:
            if float {
                r = callIntrinsic("llvm.vector.reduce.fadd", [llvmType(k.type(of: k.operands(i).first!))],
                                  [LLVMConstReal(llvmType(t), -0.0), ops[0]])
                LLVMSetFastMathFlags(r, LLVMFastMathFlags(LLVMFastMathAllowReassoc))
            } else {
                r = callIntrinsic("llvm.vector.reduce.add", [LLVMTypeOf(ops[0])], ops)
            }
        case .reduceMax:
            r = callIntrinsic(float ? "llvm.vector.reduce.fmax" : "llvm.vector.reduce.smax", [LLVMTypeOf(ops[0])], ops)
        case .offset:
            var index = ops[1] as LLVMValueRef?
            r = LLVMBuildInBoundsGEP2(b, scalarType(t.element), ops[0], &index, 1, "")
        case .load:
            r = LLVMBuildLoad2(b, llvmType(t), ops[0], "")
            LLVMSetAlignment(r, alignment(attr, t.element))
        case .store:
            let s = LLVMBuildStore(b, ops[1], ops[0])
            LLVMSetAlignment(s, alignment(attr, e))
        case .atomicAdd:
            r = LLVMBuildAtomicRMW(b, float ? LLVMAtomicRMWBinOpFAdd : LLVMAtomicRMWBinOpAdd, ops[0], ops[1],
                                   LLVMAtomicOrderingMonotonic, 0)
        case .variable:
            let here = LLVMGetInsertBlock(b)
            LLVMPositionBuilderAtEnd(b, allocaBlock)
            r = LLVMBuildAlloca(b, llvmType(t), "")
            LLVMPositionBuilderAtEnd(b, here)
        case .get: r = LLVMBuildLoad2(b, llvmType(t), ops[0], "")
        case .set: LLVMBuildStore(b, ops[1], ops[0])
        case .forBegin: r = openLoop(lower: ops[0], upper: ops[1], step: ops[2], unroll: UnrollHint(attribute: attr))
        case .forEnd: closeLoop()
        case .ifBegin: openBranch(ops[0])
        case .ifElse: switchToElse()
        case .ifEnd: closeBranch()
        case .threadIndex, .blockIndex, .blockSize, .gridSize:
            let register = [Opcode.threadIndex: "tid", .blockIndex: "ctaid", .blockSize: "ntid", .gridSize: "nctaid"][op]!
            let dim = ["x", "y", "z"][Int(attr)]
            r = callIntrinsic("llvm.nvvm.read.ptx.sreg.\(register).\(dim)", [], [])
        case .stackArray:
            let here = LLVMGetInsertBlock(b)
            LLVMPositionBuilderAtEnd(b, allocaBlock)
            r = LLVMBuildAlloca(b, LLVMArrayType2(scalarType(t.element), UInt64(attr)), "")
            LLVMSetAlignment(r, 64)
            LLVMPositionBuilderAtEnd(b, here)
        case .sharedMemory:
            // Count 0: the dynamic shared memory, an external zero-length array (`.extern .shared`).
            let array = LLVMArrayType2(scalarType(t.element), UInt64(attr))
            let g = LLVMAddGlobalInAddressSpace(module, array, "smem\(i)", UInt32(AddressSpace.shared.rawValue))!
            if attr > 0 {
                LLVMSetInitializer(g, LLVMGetUndef(array))
                LLVMSetLinkage(g, LLVMInternalLinkage)
            } else {
                LLVMSetLinkage(g, LLVMExternalLinkage)
            }
            LLVMSetAlignment(g, 16)
            r = g
        case .barrier: _ = callIntrinsic("llvm.nvvm.barrier0", [], [])
        case .shuffle:
            let mode = ["bfly", "down", "up", "idx"][Int(attr)]
            let suffix = e == .f32 ? "f32" : "i32"
            let clamp = ShuffleMode(rawValue: attr) == .up ? 0 : 0x1f
            r = callIntrinsic("llvm.nvvm.shfl.sync.\(mode).\(suffix)", [],
                              [i32(-1), ops[0], ops[1], i32(clamp)])
        case .inlineAsm: r = inlineAsm(k.string(attr), result: t, ops)
        case .intrinsic: r = try namedCall(k.string(attr), result: t, ops)
        }
        values[i] = r
    }

    func alignment(_ attr: Int64, _ e: ScalarType) -> UInt32 {
        attr > 0 ? UInt32(attr) : UInt32(max(1, e.bitWidth / 8))
    }

    func compare(_ p: Predicate, float: Bool, _ a: LLVMValueRef, _ c: LLVMValueRef) -> LLVMValueRef {
        if float {
            let fp: LLVMRealPredicate
            switch p {
            case .eq: fp = LLVMRealOEQ
            case .ne: fp = LLVMRealUNE
            case .lt, .ult: fp = LLVMRealOLT
            case .le, .ule: fp = LLVMRealOLE
            case .gt, .ugt: fp = LLVMRealOGT
            case .ge, .uge: fp = LLVMRealOGE
            }
            return LLVMBuildFCmp(b, fp, a, c, "")
        }
        let ip: LLVMIntPredicate
        switch p {
        case .eq: ip = LLVMIntEQ
        case .ne: ip = LLVMIntNE
        case .lt: ip = LLVMIntSLT
        case .le: ip = LLVMIntSLE
        case .gt: ip = LLVMIntSGT
        case .ge: ip = LLVMIntSGE
        case .ult: ip = LLVMIntULT
        case .ule: ip = LLVMIntULE
        case .ugt: ip = LLVMIntUGT
        case .uge: ip = LLVMIntUGE
        }
        return LLVMBuildICmp(b, ip, a, c, "")
    }

    func convert(_ v: LLVMValueRef, from s: ScalarType, to t: KType, unsigned: Bool) -> LLVMValueRef {
        let d = t.element, dt = llvmType(t)
        let zeroExtend = unsigned || s == .i1
        switch (s.isInteger, d.isInteger) {
        case (true, true):
            if s.bitWidth == d.bitWidth { return v }
            if s.bitWidth > d.bitWidth { return LLVMBuildTrunc(b, v, dt, "") }
            return zeroExtend ? LLVMBuildZExt(b, v, dt, "") : LLVMBuildSExt(b, v, dt, "")
        case (true, false): return zeroExtend ? LLVMBuildUIToFP(b, v, dt, "") : LLVMBuildSIToFP(b, v, dt, "")
        case (false, true): return unsigned ? LLVMBuildFPToUI(b, v, dt, "") : LLVMBuildFPToSI(b, v, dt, "")
        case (false, false):
            if s == d { return v }
            if s.bitWidth == d.bitWidth {  // f16 ↔ bf16 through f32
                let wide = LLVMBuildFPExt(b, v, llvmType(t.with(element: .f32)), "")
                return LLVMBuildFPTrunc(b, wide, dt, "")
            }
            return s.bitWidth < d.bitWidth ? LLVMBuildFPExt(b, v, dt, "") : LLVMBuildFPTrunc(b, v, dt, "")
        }
    }

    // MARK: Regions

    mutating func openLoop(lower: LLVMValueRef, upper: LLVMValueRef, step: LLVMValueRef, unroll: UnrollHint) -> LLVMValueRef {
        let pre = LLVMGetInsertBlock(b)
        let header = LLVMAppendBasicBlockInContext(context, function, "loop")!
        let body = LLVMAppendBasicBlockInContext(context, function, "body")!
        let exit = LLVMAppendBasicBlockInContext(context, function, "after")!
        LLVMBuildBr(b, header)
        LLVMPositionBuilderAtEnd(b, header)
        let phi = LLVMBuildPhi(b, LLVMTypeOf(lower), "i")!
        var incoming: [LLVMValueRef?] = [lower]
        var blocks: [LLVMBasicBlockRef?] = [pre]
        LLVMAddIncoming(phi, &incoming, &blocks, 1)
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntSLT, phi, upper, ""), body, exit)
        LLVMPositionBuilderAtEnd(b, body)
        regions.append(.loop(header: header, exit: exit, phi: phi, step: step, unroll: unroll))
        return phi
    }

    mutating func closeLoop() {
        guard case .loop(let header, let exit, let phi, let step, let unroll) = regions.removeLast() else { return }
        let next = LLVMBuildAdd(b, phi, step, "")  // no nsw: the last step may pass the type's maximum
        let latch = LLVMGetInsertBlock(b)
        attachUnroll(unroll, to: LLVMBuildBr(b, header))
        var incoming: [LLVMValueRef?] = [next]
        var blocks: [LLVMBasicBlockRef?] = [latch]
        LLVMAddIncoming(phi, &incoming, &blocks, 1)
        LLVMPositionBuilderAtEnd(b, exit)
    }

    mutating func openBranch(_ condition: LLVMValueRef) {
        let then = LLVMAppendBasicBlockInContext(context, function, "then")!
        let otherwise = LLVMAppendBasicBlockInContext(context, function, "else")!
        let merge = LLVMAppendBasicBlockInContext(context, function, "endif")!
        LLVMBuildCondBr(b, condition, then, otherwise)
        LLVMPositionBuilderAtEnd(b, then)
        regions.append(.branch(otherwise: otherwise, merge: merge, sawElse: false))
    }

    mutating func switchToElse() {
        guard case .branch(let otherwise, let merge, _) = regions.removeLast() else { return }
        LLVMBuildBr(b, merge)
        LLVMPositionBuilderAtEnd(b, otherwise)
        regions.append(.branch(otherwise: otherwise, merge: merge, sawElse: true))
    }

    mutating func closeBranch() {
        guard case .branch(let otherwise, let merge, let sawElse) = regions.removeLast() else { return }
        LLVMBuildBr(b, merge)
        if !sawElse {
            LLVMPositionBuilderAtEnd(b, otherwise)
            LLVMBuildBr(b, merge)
        }
        LLVMPositionBuilderAtEnd(b, merge)
    }

    // MARK: Escapes

    /// Inline asm; a vector result of N lanes binds N scalar outputs and is reassembled.
    func inlineAsm(_ text: String, result t: KType, _ args: [LLVMValueRef]) -> LLVMValueRef? {
        let parts = text.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let asm = parts[0], constraints = parts.count > 1 ? parts[1] : ""
        let outputs = constraints.split(separator: ",").filter { $0.hasPrefix("=") }.count
        let split = t.kind == .vector && outputs == t.lanes
        var resultType = llvmType(t)
        if split {
            var fields = [LLVMTypeRef?](repeating: scalarType(t.element), count: t.lanes)
            resultType = LLVMStructTypeInContext(context, &fields, UInt32(t.lanes), 0)
        }
        var argTypes: [LLVMTypeRef?] = args.map { LLVMTypeOf($0) }
        let fnType = LLVMFunctionType(resultType, &argTypes, UInt32(argTypes.count), 0)!
        let callee = LLVMGetInlineAsm(fnType, asm, asm.utf8.count, constraints, constraints.utf8.count, 1, 0, LLVMInlineAsmDialectATT, 0)
        var a: [LLVMValueRef?] = args
        let call = LLVMBuildCall2(b, fnType, callee, &a, UInt32(a.count), "")!
        let convergent = LLVMGetEnumAttributeKindForName("convergent", 10)
        LLVMAddCallSiteAttribute(call, UInt32(bitPattern: Int32(LLVMAttributeFunctionIndex)), LLVMCreateEnumAttribute(context, convergent, 0))
        guard split else { return t.isVoid ? nil : call }
        var vector = LLVMGetPoison(llvmType(t))
        for lane in 0..<t.lanes {
            vector = LLVMBuildInsertElement(b, vector, LLVMBuildExtractValue(b, call, UInt32(lane), ""), i32(lane), "")
        }
        return vector
    }

    /// A call of a function declared by name with the operands' types (LLVM intrinsics with
    /// fully mangled names, e.g. `llvm.x86.avx512.vpdpbusd.512`).
    func namedCall(_ name: String, result t: KType, _ args: [LLVMValueRef]) throws -> LLVMValueRef? {
        // LLVM aborts the process when it cannot select another target's intrinsic.
        let foreign = target == .cpu ? ["llvm.nvvm.", "llvm.amdgcn."] : ["llvm.x86."]
        if let prefix = foreign.first(where: { name.hasPrefix($0) }) {
            throw CompilerError.llvm(stage: "lowering", kernel: k.name,
                                     message: "intrinsic \(name) (\(prefix)*) does not exist on the \(target == .cpu ? "CPU" : "NVPTX") target")
        }
        if let emulated = legalizedX86Call(name, args) { return emulated }
        let call = declareAndCall(name, result: llvmType(t), args)
        return t.isVoid ? nil : call
    }

    /// A call of the function `name` (declared with the arguments' types and `result` where the
    /// module lacks it).
    func declareAndCall(_ name: String, result: LLVMTypeRef, _ args: [LLVMValueRef]) -> LLVMValueRef {
        var argTypes: [LLVMTypeRef?] = args.map { LLVMTypeOf($0) }
        let fnType = LLVMFunctionType(result, &argTypes, UInt32(argTypes.count), 0)!
        let fn = LLVMGetNamedFunction(module, name) ?? LLVMAddFunction(module, name, fnType)
        var a: [LLVMValueRef?] = args
        return LLVMBuildCall2(b, fnType, fn, &a, UInt32(a.count), "")!
    }
}
