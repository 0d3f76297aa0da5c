import CLLVM
import KernelIR

/// Shared front half of both targets: KIR passes, lowering, LLVM verification.
enum Compilation {
    /// Runs the KIR pipeline and lowers the result into a fresh module for `target`.
    static func lower(_ kernel: Kernel, target: LoweringTarget, pipeline: PassPipeline) throws -> LLVMModuleHandle {
        let optimized: Kernel
        do {
            optimized = try pipeline.run(kernel)
        } catch let e as VerificationError {
            throw CompilerError.verification(e)
        }
        let m = LLVMModuleHandle(name: kernel.name)
        var lowering = Lowering(kernel: optimized, target: target, module: m)
        try lowering.run()
        if let problem = m.verify() {
            throw CompilerError.llvm(stage: "IR verification", kernel: kernel.name, message: problem)
        }
        return m
    }

    static func text(_ buffer: LLVMMemoryBufferRef) -> String {
        defer { LLVMDisposeMemoryBuffer(buffer) }
        let start = LLVMGetBufferStart(buffer)!
        let size = LLVMGetBufferSize(buffer)
        return start.withMemoryRebound(to: UInt8.self, capacity: size) {
            String(decoding: UnsafeBufferPointer(start: $0, count: size), as: UTF8.self)
        }
    }
}

/// Emits PTX for NVIDIA GPUs.
public struct PTXCompiler: Sendable {
    public var pipeline: PassPipeline
    public var llvmPipeline: String

    public init(pipeline: PassPipeline = .standard, llvmPipeline: String = "default<O3>") {
        self.pipeline = pipeline
        self.llvmPipeline = llvmPipeline
    }

    /// The default PTX ISA for an architecture: its minimum (LLVM's own default).
    public static func defaultPTX(for gpu: GPUArchitecture) -> Int { gpu.minimumPTX }

    /// LLVM IR for the kernel as an NVPTX module (before or after LLVM's optimizer).
    public func llvmIR(_ kernel: Kernel, gpu: GPUArchitecture, ptx: Int? = nil, optimized: Bool = true) throws -> String {
        let tm = try TargetMachine.nvptx(gpu, ptx: ptx ?? Self.defaultPTX(for: gpu))
        let m = try Compilation.lower(kernel, target: .nvptx, pipeline: pipeline)
        tm.adopt(m)
        if optimized { try tm.optimize(m, pipeline: llvmPipeline, kernel: kernel.name) }
        return m.text
    }

    /// PTX text for the kernel.
    public func ptx(_ kernel: Kernel, gpu: GPUArchitecture, ptx: Int? = nil) throws -> String {
        let tm = try TargetMachine.nvptx(gpu, ptx: ptx ?? Self.defaultPTX(for: gpu))
        let m = try Compilation.lower(kernel, target: .nvptx, pipeline: pipeline)
        tm.adopt(m)
        try tm.optimize(m, pipeline: llvmPipeline, kernel: kernel.name)
        return Compilation.text(try tm.emit(m, LLVMAssemblyFile, kernel: kernel.name))
    }
}
