import CLLVM
import KernelIR

/// Which flavour of LLVM IR a kernel lowers to.
enum LoweringTarget {
    /// Host CPU: a grid entry `void name(ptr args, i64 first, i64 end)` that loops over
    /// program ids and calls the always-inlined body, whose pointers are `noalias`.
    case cpu
    /// NVPTX: a `ptx_kernel` function taking the parameters directly.
    case nvptx
}

/// Lowers one verified KIR kernel into an LLVM module. Walks the flat op list once; regions
/// become blocks (loops with a phi induction variable, branches with a merge block); locals
/// become allocas that `mem2reg` promotes.
struct Lowering {
    let k: Kernel
    let target: LoweringTarget
    let context: LLVMContextRef
    let module: LLVMModuleRef
    let b: LLVMBuilderRef
    var values: [LLVMValueRef?]
    var function: LLVMValueRef!
    var allocaBlock: LLVMBasicBlockRef!
    var regions: [Region] = []

    enum Region {
        case loop(header: LLVMBasicBlockRef, exit: LLVMBasicBlockRef, phi: LLVMValueRef, step: LLVMValueRef, unroll: UnrollHint)
        case branch(otherwise: LLVMBasicBlockRef, merge: LLVMBasicBlockRef, sawElse: Bool)
    }

    init(kernel: Kernel, target: LoweringTarget, module: LLVMModuleHandle) {
        k = kernel
        self.target = target
        context = module.context
        self.module = module.module
        b = LLVMCreateBuilderInContext(context)
        values = Array(repeating: nil, count: kernel.count)
    }

    /// The symbol of the body function on the CPU (the entry keeps the kernel's name).
    static func bodyName(_ name: String) -> String { name + ".body" }

    mutating func run() throws {
        defer { LLVMDisposeBuilder(b) }
        var paramTypes: [LLVMTypeRef?] = k.parameters.map { llvmType($0.type) }
        if target == .cpu { paramTypes.append(LLVMInt64TypeInContext(context)) }
        let fnType = LLVMFunctionType(LLVMVoidTypeInContext(context), &paramTypes, UInt32(paramTypes.count), 0)
        let name = target == .cpu ? Self.bodyName(k.name) : k.name
        function = LLVMAddFunction(module, name, fnType)
        for (i, p) in k.parameters.enumerated() where p.type.isPointer {
            addAttribute(function, index: UInt32(i + 1), "noalias")
        }
        switch target {
        case .nvptx:
            LLVMSetFunctionCallConv(function, 71)  // PTX_Kernel
            if k.launchBounds.maxThreads > 0 { annotate(function, k.launchBounds) }
        case .cpu:
            LLVMSetLinkage(function, LLVMInternalLinkage)
            addAttribute(function, index: UInt32(bitPattern: Int32(LLVMAttributeFunctionIndex)), "alwaysinline")
        }
        allocaBlock = LLVMAppendBasicBlockInContext(context, function, "locals")
        let body = LLVMAppendBasicBlockInContext(context, function, "entry")
        LLVMPositionBuilderAtEnd(b, body)
        for i in k.indices { try lower(i) }
        LLVMBuildRetVoid(b)
        LLVMPositionBuilderAtEnd(b, allocaBlock)
        LLVMBuildBr(b, body)
        if target == .cpu { emitGridEntry(bodyType: fnType!) }
    }

    /// Launch bounds as `nvvm.annotations` (`maxntidx`, `minctasm`: LLVM 19) and as the function
    /// attributes `nvvm.maxntid`, `nvvm.minctasm` that newer LLVMs read instead.
    func annotate(_ function: LLVMValueRef?, _ bounds: LaunchBounds) {
        for (key, value) in [("maxntidx", bounds.maxThreads), ("minctasm", bounds.minBlocks)] {
            var node: [LLVMMetadataRef?] = [LLVMValueAsMetadata(function), LLVMMDStringInContext2(context, key, key.utf8.count),
                                            LLVMValueAsMetadata(LLVMConstInt(LLVMInt32TypeInContext(context), UInt64(value), 0))]
            LLVMAddNamedMetadataOperand(module, "nvvm.annotations", LLVMMetadataAsValue(context, LLVMMDNodeInContext2(context, &node, 3)))
        }
        LLVMAddTargetDependentFunctionAttr(function, "nvvm.maxntid", "\(bounds.maxThreads)")
        LLVMAddTargetDependentFunctionAttr(function, "nvvm.minctasm", "\(bounds.minBlocks)")
    }

    // MARK: Types and constants

    func llvmType(_ t: KType) -> LLVMTypeRef {
        switch t.kind {
        case .void: return LLVMVoidTypeInContext(context)
        case .pointer: return LLVMPointerTypeInContext(context, target == .cpu ? 0 : UInt32(t.addressSpace.rawValue))
        case .scalar: return scalarType(t.element)
        case .vector: return LLVMVectorType(scalarType(t.element), UInt32(t.lanes))
        }
    }

    func scalarType(_ s: ScalarType) -> LLVMTypeRef {
        switch s {
        case .i1: LLVMInt1TypeInContext(context)
        case .i8, .fp8e4m3, .fp8e5m2: LLVMInt8TypeInContext(context)
        case .i16: LLVMInt16TypeInContext(context)
        case .i32: LLVMInt32TypeInContext(context)
        case .i64: LLVMInt64TypeInContext(context)
        case .f16: LLVMHalfTypeInContext(context)
        case .bf16: LLVMBFloatTypeInContext(context)
        case .f32: LLVMFloatTypeInContext(context)
        case .f64: LLVMDoubleTypeInContext(context)
        }
    }

    func constant(_ bits: Int64, _ t: KType) -> LLVMValueRef {
        let st = scalarType(t.element)
        let scalar = t.element.isFloat
            ? LLVMConstReal(st, Double(bitPattern: UInt64(bitPattern: bits)))!
            : LLVMConstInt(st, UInt64(bitPattern: bits), 0)!
        guard t.kind == .vector else { return scalar }
        var lanes = [LLVMValueRef?](repeating: scalar, count: t.lanes)
        return LLVMConstVector(&lanes, UInt32(t.lanes))
    }

    func i32(_ v: Int) -> LLVMValueRef { LLVMConstInt(LLVMInt32TypeInContext(context), UInt64(bitPattern: Int64(v)), 0) }

    // MARK: Attributes, intrinsics, metadata

    func addAttribute(_ fn: LLVMValueRef, index: UInt32, _ name: String) {
        let kind = LLVMGetEnumAttributeKindForName(name, name.utf8.count)
        LLVMAddAttributeAtIndex(fn, index, LLVMCreateEnumAttribute(context, kind, 0))
    }

    /// Calls an LLVM intrinsic, overloaded on `overloads`.
    func callIntrinsic(_ name: String, _ overloads: [LLVMTypeRef], _ args: [LLVMValueRef]) -> LLVMValueRef {
        let id = LLVMLookupIntrinsicID(name, name.utf8.count)
        precondition(id != 0, "unknown LLVM intrinsic \(name)")
        var types: [LLVMTypeRef?] = overloads
        let decl = LLVMGetIntrinsicDeclaration(module, id, &types, types.count)
        let fnType = LLVMIntrinsicGetType(context, id, &types, types.count)
        var a: [LLVMValueRef?] = args
        return LLVMBuildCall2(b, fnType, decl, &a, UInt32(a.count), "")
    }

    /// Attaches `llvm.loop` metadata carrying the unroll hint to a loop's back edge.
    func attachUnroll(_ hint: UnrollHint, to branch: LLVMValueRef) {
        var ops: [LLVMMetadataRef?] = []
        func md(_ s: String) -> LLVMMetadataRef { LLVMMDStringInContext2(context, s, s.utf8.count) }
        switch hint {
        case .none: return
        case .disable: ops = [md("llvm.loop.unroll.disable")]
        case .full: ops = [md("llvm.loop.unroll.full")]
        case .count(let n): ops = [md("llvm.loop.unroll.count"), LLVMValueAsMetadata(i32(n))]
        }
        let option = LLVMMDNodeInContext2(context, &ops, ops.count)
        let placeholder = LLVMTemporaryMDNode(context, nil, 0)
        var loopOps: [LLVMMetadataRef?] = [placeholder, option]
        let loopID = LLVMMDNodeInContext2(context, &loopOps, 2)!
        LLVMMetadataReplaceAllUsesWith(placeholder, loopID)  // the loop id refers to itself
        let kind = LLVMGetMDKindIDInContext(context, "llvm.loop", 9)
        LLVMSetMetadata(branch, kind, LLVMMetadataAsValue(context, loopID))
    }

    // MARK: The CPU grid entry

    /// `void name(ptr args, i64 first, i64 end)`: unpacks 8-byte argument slots and runs the
    /// body for each program id in `first..<end`.
    mutating func emitGridEntry(bodyType: LLVMTypeRef) {
        let i64 = LLVMInt64TypeInContext(context), ptr = LLVMPointerTypeInContext(context, 0)
        var params: [LLVMTypeRef?] = [ptr, i64, i64]
        let entryType = LLVMFunctionType(LLVMVoidTypeInContext(context), &params, 3, 0)
        let entry = LLVMAddFunction(module, k.name, entryType)!
        let start = LLVMAppendBasicBlockInContext(context, entry, "entry")
        let header = LLVMAppendBasicBlockInContext(context, entry, "grid")
        let body = LLVMAppendBasicBlockInContext(context, entry, "program")
        let exit = LLVMAppendBasicBlockInContext(context, entry, "done")
        LLVMPositionBuilderAtEnd(b, start)
        let argv = LLVMGetParam(entry, 0)
        var args: [LLVMValueRef?] = k.parameters.enumerated().map { i, p -> LLVMValueRef? in
            var index: LLVMValueRef? = i32(i)
            let slot = LLVMBuildInBoundsGEP2(b, i64, argv, &index, 1, "")
            if p.type.isPointer { return LLVMBuildLoad2(b, ptr, slot, p.name) }
            if p.type.element.isFloat {
                let d = LLVMBuildLoad2(b, LLVMDoubleTypeInContext(context), slot, "")
                return p.type.element == .f64 ? d : LLVMBuildFPTrunc(b, d, llvmType(p.type), p.name)
            }
            let raw = LLVMBuildLoad2(b, i64, slot, "")
            return p.type.element == .i64 ? raw : LLVMBuildTrunc(b, raw, llvmType(p.type), p.name)
        }
        LLVMBuildBr(b, header)
        LLVMPositionBuilderAtEnd(b, header)
        let pid = LLVMBuildPhi(b, i64, "pid")!
        let more = LLVMBuildICmp(b, LLVMIntSLT, pid, LLVMGetParam(entry, 2), "")
        LLVMBuildCondBr(b, more, body, exit)
        LLVMPositionBuilderAtEnd(b, body)
        args.append(pid)
        LLVMBuildCall2(b, bodyType, function, &args, UInt32(args.count), "")
        let next = LLVMBuildNSWAdd(b, pid, LLVMConstInt(i64, 1, 0), "")
        LLVMBuildBr(b, header)
        var incoming: [LLVMValueRef?] = [LLVMGetParam(entry, 1), next]
        var blocks: [LLVMBasicBlockRef?] = [start, body]
        LLVMAddIncoming(pid, &incoming, &blocks, 2)
        LLVMPositionBuilderAtEnd(b, exit)
        LLVMBuildRetVoid(b)
    }
}
