import CLLVM
import CUDA
import Compiler

/// The whole GPU path of a static binary, end to end: LLVM IR → the statically linked NVPTX
/// back end → PTX → the driver's JIT → a launch, checked against the CPU. It proves that the
/// LLVM archives linked into the binary work on the GPU machine and that LLVM 19's PTX loads
/// in its driver. (Uses the LLVM C API directly, so it does not depend on the KIR pipeline.)
enum LLVMPTXCheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private static func take(_ message: UnsafeMutablePointer<CChar>?) -> String {
        guard let message else { return "(no message)" }
        defer { LLVMDisposeMessage(message) }
        return String(cString: message)
    }

    /// Builds `llvm_saxpy(alpha, x, y, n)`: `y[i] = fma(alpha, x[i], y[i])` for `i < n`, a
    /// PTX kernel by calling convention, with the LLVM C API's IR builder.
    static func buildModule(in context: LLVMContextRef) throws -> LLVMModuleRef {
        let module = LLVMModuleCreateWithNameInContext("selftest", context)!
        LLVMSetTarget(module, "nvptx64-nvidia-cuda")
        LLVMSetDataLayout(module, "e-i64:64-i128:128-v16:16-v32:32-n16:32:64")
        let f32 = LLVMFloatTypeInContext(context)!
        let i32 = LLVMInt32TypeInContext(context)!
        let i64 = LLVMInt64TypeInContext(context)!
        let global = LLVMPointerTypeInContext(context, 1)!
        let sregType = LLVMFunctionType(i32, nil, 0, 0)!
        var fmaParameters: [LLVMTypeRef?] = [f32, f32, f32]
        let fmaType = LLVMFunctionType(f32, &fmaParameters, 3, 0)!
        let fma = LLVMAddFunction(module, "llvm.fma.f32", fmaType)!
        var kernelParameters: [LLVMTypeRef?] = [f32, global, global, i32]
        let kernelType = LLVMFunctionType(LLVMVoidTypeInContext(context), &kernelParameters, 4, 0)!
        let kernel = LLVMAddFunction(module, "llvm_saxpy", kernelType)!
        LLVMSetFunctionCallConv(kernel, 71)  // PTX_Kernel

        let builder = LLVMCreateBuilderInContext(context)!
        defer { LLVMDisposeBuilder(builder) }
        let entry = LLVMAppendBasicBlockInContext(context, kernel, "entry")
        let body = LLVMAppendBasicBlockInContext(context, kernel, "body")
        let exit = LLVMAppendBasicBlockInContext(context, kernel, "exit")
        func special(_ name: String) -> LLVMValueRef {
            let function = LLVMAddFunction(module, "llvm.nvvm.read.ptx.sreg.\(name)", sregType)
            return LLVMBuildCall2(builder, sregType, function, nil, 0, name)!
        }
        LLVMPositionBuilderAtEnd(builder, entry)
        let thread = special("tid.x"), block = special("ctaid.x"), width = special("ntid.x")
        let index = LLVMBuildAdd(builder, LLVMBuildMul(builder, block, width, "base"), thread, "i")
        let inside = LLVMBuildICmp(builder, LLVMIntULT, index, LLVMGetParam(kernel, 3), "inside")
        LLVMBuildCondBr(builder, inside, body, exit)

        LLVMPositionBuilderAtEnd(builder, body)
        var offset: [LLVMValueRef?] = [LLVMBuildZExt(builder, index, i64, "index")]
        let xAddress = LLVMBuildInBoundsGEP2(builder, f32, LLVMGetParam(kernel, 1), &offset, 1, "xp")
        let yAddress = LLVMBuildInBoundsGEP2(builder, f32, LLVMGetParam(kernel, 2), &offset, 1, "yp")
        let xValue = LLVMBuildLoad2(builder, f32, xAddress, "xv")
        let yValue = LLVMBuildLoad2(builder, f32, yAddress, "yv")
        LLVMSetAlignment(xValue, 4)
        LLVMSetAlignment(yValue, 4)
        var fmaArguments: [LLVMValueRef?] = [LLVMGetParam(kernel, 0), xValue, yValue]
        let result = LLVMBuildCall2(builder, fmaType, fma, &fmaArguments, 3, "r")
        LLVMSetAlignment(LLVMBuildStore(builder, result, yAddress), 4)
        LLVMBuildBr(builder, exit)

        LLVMPositionBuilderAtEnd(builder, exit)
        LLVMBuildRetVoid(builder)

        var message: UnsafeMutablePointer<CChar>? = nil
        if LLVMVerifyModule(module, LLVMReturnStatusAction, &message) != 0 {
            let text = take(message)
            LLVMDisposeModule(module)
            throw Failure(description: "the self-test's LLVM module does not verify: \(text)")
        }
        LLVMDisposeMessage(message)
        return module
    }

    /// PTX for `cpu` (e.g. `sm_90`) of ``buildModule(in:)``, through LLVM's NVPTX back end at -O3.
    static func emitPTX(cpu: String) throws -> String {
        LLVMTargets.ensureInitialized()
        let context = LLVMContextCreate()!
        defer { LLVMContextDispose(context) }
        let module = try buildModule(in: context)
        defer { LLVMDisposeModule(module) }
        let triple = "nvptx64-nvidia-cuda"
        var message: UnsafeMutablePointer<CChar>? = nil
        var target: LLVMTargetRef? = nil
        guard LLVMGetTargetFromTriple(triple, &target, &message) == 0, let target else {
            throw Failure(description: "no NVPTX target in this binary: \(take(message))")
        }
        guard let machine = LLVMCreateTargetMachine(
            target, triple, cpu, "", LLVMCodeGenLevelAggressive, LLVMRelocDefault, LLVMCodeModelDefault)
        else { throw Failure(description: "LLVMCreateTargetMachine(\(cpu)) failed") }
        defer { LLVMDisposeTargetMachine(machine) }
        var output: LLVMMemoryBufferRef? = nil
        guard LLVMTargetMachineEmitToMemoryBuffer(machine, module, LLVMAssemblyFile, &message, &output) == 0,
              let output
        else { throw Failure(description: "PTX emission failed: \(take(message))") }
        defer { LLVMDisposeMemoryBuffer(output) }
        let bytes = UnsafeRawBufferPointer(start: LLVMGetBufferStart(output), count: LLVMGetBufferSize(output))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The newest target LLVM 19's NVPTX back end knows that the device can run: its own
    /// `sm_XY` up to sm_90 (later GPUs run sm_90 PTX through the driver's JIT).
    static func cpu(for capability: CUDADevice.ComputeCapability) -> String {
        capability > .init(major: 9, minor: 0) ? "sm_90" : capability.smName
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    static let check = CUDASelfTest.Check("llvm-nvptx-saxpy") { context in
        let cpu = cpu(for: context.device.computeCapability)
        let clock = ContinuousClock()
        let start = clock.now
        let ptx = try emitPTX(cpu: cpu)
        let emitTime = clock.now - start
        let module = try CUDAModule(context: context, ptx: ptx)
        let kernel = try module.function(named: "llvm_saxpy")
        let n = 300_007
        let alpha = Float.random(in: -3...3)
        let x = (0..<n).map { _ in Float.random(in: -1...1) }
        let y = (0..<n).map { _ in Float.random(in: -1...1) }
        let deviceX = try DeviceBuffer(context: context, copying: x)
        let deviceY = try DeviceBuffer(context: context, copying: y)
        try kernel.launch(grid: .covering(n, by: 256), block: Dim3(256), arguments: alpha, deviceX, deviceY, UInt32(n))
        let result = try deviceY.toArray()
        let wrong = (0..<n).filter { result[$0].bitPattern != y[$0].addingProduct(alpha, x[$0]).bitPattern }
        guard wrong.isEmpty else {
            throw Failure(description: "\(wrong.count) of \(n) results differ from the CPU's fma")
        }
        let version = ptx.split(separator: "\n").first { $0.hasPrefix(".version") } ?? "?"
        return "LLVM \(LLVMTargets.version) emitted \(ptx.utf8.count) B of PTX for \(cpu) (\(version)) in "
            + "\(milliseconds(emitTime)) ms; JIT \(Int(module.jitMilliseconds)) ms; "
            + "n = \(n): every fma bit-exact"
    }
}
