import CLLVM
import Foundation
import KernelIR

/// An argument of a CPU kernel call, passed in an 8-byte slot.
public enum KernelArgument: @unchecked Sendable {
    case address(UnsafeRawPointer?)
    case int(Int)
    case float(Double)

    public static func pointer(_ p: UnsafeRawPointer?) -> KernelArgument { .address(p) }
    public static func pointer(_ p: UnsafeMutableRawPointer?) -> KernelArgument { .address(UnsafeRawPointer(p)) }
    public static func pointer<T>(_ p: UnsafePointer<T>?) -> KernelArgument { .address(UnsafeRawPointer(p)) }
    public static func pointer<T>(_ p: UnsafeMutablePointer<T>?) -> KernelArgument { .address(UnsafeRawPointer(p)) }
    public static func pointer<T>(_ p: UnsafeMutableBufferPointer<T>) -> KernelArgument { .address(UnsafeRawPointer(p.baseAddress)) }
    public static func pointer<T>(_ p: UnsafeBufferPointer<T>) -> KernelArgument { .address(UnsafeRawPointer(p.baseAddress)) }

    var slot: UInt64 {
        switch self {
        case .address(let p): UInt64(UInt(bitPattern: p))
        case .int(let v): UInt64(bitPattern: Int64(v))
        case .float(let v): v.bitPattern
        }
    }

    func matches(_ t: KType) -> Bool {
        switch self {
        case .address: t.isPointer
        case .int: t.kind == .scalar && t.element.isInteger
        case .float: t.kind == .scalar && t.element.isFloat
        }
    }
}

/// JIT-compiles kernels for the host CPU: KIR passes, lowering, `default<O3>`, object code
/// from the host target machine, linked by an ORC LLJIT instance owned by the result.
public struct CPUCompiler: Sendable {
    public var pipeline: PassPipeline
    public var llvmPipeline: String

    public init(pipeline: PassPipeline = .standard, llvmPipeline: String = "default<O3>") {
        self.pipeline = pipeline
        self.llvmPipeline = llvmPipeline
    }

    /// The host's CPU name and features, as LLVM detects them.
    public static var hostDescription: String {
        LLVMTargets.ensureInitialized()
        return "\(takeMessage(LLVMGetDefaultTargetTriple())) \(takeMessage(LLVMGetHostCPUName()))"
    }

    /// LLVM IR for the kernel (before or after LLVM's optimizer).
    public func llvmIR(_ kernel: Kernel, optimized: Bool = true) throws -> String {
        let tm = try TargetMachine.host()
        let m = try Compilation.lower(kernel, target: .cpu, pipeline: pipeline)
        tm.adopt(m)
        if optimized { try tm.optimize(m, pipeline: llvmPipeline, kernel: kernel.name) }
        return m.text
    }

    /// Native assembly for the host.
    public func assembly(_ kernel: Kernel) throws -> String {
        let (tm, m) = try optimizedModule(kernel)
        return Compilation.text(try tm.emit(m, LLVMAssemblyFile, kernel: kernel.name))
    }

    /// Compiles the kernel into callable code.
    public func compile(_ kernel: Kernel) throws -> CPUKernel {
        let (tm, m) = try optimizedModule(kernel)
        let object = try tm.emit(m, LLVMObjectFile, kernel: kernel.name)
        return try CPUKernel(name: kernel.name, parameters: kernel.parameters, object: object)
    }

    func optimizedModule(_ kernel: Kernel) throws -> (TargetMachine, LLVMModuleHandle) {
        let tm = try TargetMachine.host()
        let m = try Compilation.lower(kernel, target: .cpu, pipeline: pipeline)
        // LLVM aborts the process when it cannot select an intrinsic the host lacks.
        if let (intrinsic, feature) = HostFeatures.firstUnsupported(in: m.module) {
            throw CompilerError.unsupportedByHost(kernel: kernel.name, intrinsic: intrinsic, feature: feature, cpu: HostFeatures.cpu)
        }
        tm.adopt(m)
        try tm.optimize(m, pipeline: llvmPipeline, kernel: kernel.name)
        return (tm, m)
    }
}

/// A JIT-compiled CPU kernel. Owns its LLJIT instance; the code lives as long as this object.
public final class CPUKernel: @unchecked Sendable {
    public typealias Entry = @convention(c) (UnsafeMutableRawPointer?, Int64, Int64) -> Void

    public let name: String
    public let parameters: [Parameter]
    private let jit: LLVMOrcLLJITRef
    private let entry: Entry

    init(name: String, parameters: [Parameter], object: LLVMMemoryBufferRef) throws {
        var jit: LLVMOrcLLJITRef?
        if let error = LLVMOrcCreateLLJIT(&jit, nil) {
            LLVMDisposeMemoryBuffer(object)
            throw CompilerError.llvm(stage: "JIT creation", kernel: name, message: consume(error))
        }
        self.jit = jit!
        if let error = LLVMOrcLLJITAddObjectFile(jit, LLVMOrcLLJITGetMainJITDylib(jit), object) {
            LLVMOrcDisposeLLJIT(jit)
            throw CompilerError.llvm(stage: "JIT linking", kernel: name, message: consume(error))
        }
        var address: LLVMOrcExecutorAddress = 0
        if let error = LLVMOrcLLJITLookup(jit, &address, name) {
            LLVMOrcDisposeLLJIT(jit)
            throw CompilerError.llvm(stage: "JIT lookup", kernel: name, message: consume(error))
        }
        self.name = name
        self.parameters = parameters
        entry = unsafeBitCast(UInt(address), to: Entry.self)
    }

    deinit { LLVMOrcDisposeLLJIT(jit) }

    /// Checks arguments against the kernel's parameters and packs them into slots.
    public func pack(_ arguments: [KernelArgument]) throws -> [UInt64] {
        guard arguments.count == parameters.count else {
            throw CompilerError.argumentMismatch(kernel: name, message: "expected \(parameters.count) arguments, got \(arguments.count)")
        }
        for (a, p) in zip(arguments, parameters) where !a.matches(p.type) {
            throw CompilerError.argumentMismatch(kernel: name, message: "argument '\(p.name)' of type \(p.type) given \(a)")
        }
        return arguments.map(\.slot)
    }

    /// Runs programs `range` on the calling thread.
    public func run(_ arguments: [KernelArgument], programs range: Range<Int>) throws {
        var slots = try pack(arguments)
        slots.withUnsafeMutableBytes { call($0.baseAddress, range) }
    }

    /// Runs programs `range` with already packed slots.
    public func call(_ slots: UnsafeMutableRawPointer?, _ range: Range<Int>) {
        entry(slots, Int64(range.lowerBound), Int64(range.upperBound))
    }
}

/// Runs a CPU kernel's grid of programs split into contiguous ranges over threads.
public struct GridRunner: Sendable {
    public var threads: Int

    /// A runner with one thread per core (or `QUANTJIT_THREADS`).
    public init(threads: Int? = nil) {
        let env = ProcessInfo.processInfo.environment["QUANTJIT_THREADS"].flatMap(Int.init)
        self.threads = max(1, threads ?? env ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    public func run(_ kernel: CPUKernel, _ arguments: [KernelArgument], programs: Int) throws {
        var slots = try kernel.pack(arguments)
        let n = Swift.min(threads, Swift.max(programs, 1))
        slots.withUnsafeMutableBytes { raw in
            if n == 1 { kernel.call(raw.baseAddress, 0..<programs); return }
            let base = raw.baseAddress
            ThreadTeam.shared(size: threads).run { t in
                guard t < n else { return }
                kernel.call(base, (t * programs / n)..<((t + 1) * programs / n))
            }
        }
    }
}
