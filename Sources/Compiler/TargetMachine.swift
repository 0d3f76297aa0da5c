import CLLVM

/// The GPU architectures QuantJIT emits PTX for, with the oldest PTX ISA each needs.
public enum GPUArchitecture: String, CaseIterable, Sendable, Codable {
    case sm_80, sm_89, sm_90, sm_90a

    /// The oldest PTX ISA (×10) that can target this architecture.
    public var minimumPTX: Int {
        switch self {
        case .sm_80: 70
        case .sm_89: 78
        case .sm_90: 78
        case .sm_90a: 80
        }
    }

    /// The PTX ISA versions (×10) LLVM knows, up to this LLVM's newest.
    public static var knownPTXVersions: [Int] {
        [60, 61, 62, 63, 64, 65, 70, 71, 72, 73, 74, 75, 76, 77, 78, 80, 81, 82, 83, 84, 85, 86, 87, 88]
            .filter { $0 <= newestPTX }
    }

    /// The newest PTX ISA (×10) the linked LLVM emits: 8.5 for LLVM 19.
    public static var newestPTX: Int {
        switch LLVMTargets.major {
        case ...19: 85
        case 20: 86
        case 21: 87
        default: 88
        }
    }

    /// Checks the (architecture, PTX) pair before LLVM sees it: LLVM aborts the process on
    /// some invalid pairs instead of reporting an error.
    public func checkPTX(_ ptx: Int) throws {
        if ptx < minimumPTX || !Self.knownPTXVersions.contains(ptx) {
            throw CompilerError.unsupportedPTX(gpu: rawValue, ptx: ptx, minimum: minimumPTX, maximum: Self.newestPTX)
        }
    }

    /// Parses `sm_90`-style names, with an error listing the known ones.
    public static func named(_ name: String) throws -> GPUArchitecture {
        guard let a = GPUArchitecture(rawValue: name) else {
            throw CompilerError.unknownGPU(name, known: allCases.map(\.rawValue))
        }
        return a
    }
}

/// Owns an LLVM target machine.
final class TargetMachine {
    let ref: LLVMTargetMachineRef
    let triple: String

    private init(triple: String, cpu: String, features: String, codeModel: LLVMCodeModel, reloc: LLVMRelocMode) throws {
        LLVMTargets.ensureInitialized()
        var target: LLVMTargetRef?
        var message: UnsafeMutablePointer<CChar>?
        if LLVMGetTargetFromTriple(triple, &target, &message) != 0 {
            throw CompilerError.llvm(stage: "target lookup", kernel: "-", message: takeMessage(message))
        }
        guard let tm = LLVMCreateTargetMachine(target, triple, cpu, features, LLVMCodeGenLevelAggressive, reloc, codeModel) else {
            throw CompilerError.llvm(stage: "target machine", kernel: "-", message: "cannot create a target machine for \(triple) \(cpu)")
        }
        ref = tm
        self.triple = triple
    }

    deinit { LLVMDisposeTargetMachine(ref) }

    /// The host CPU, with the CPU name and features LLVM detects.
    static func host() throws -> TargetMachine {
        let triple = takeMessage(LLVMGetDefaultTargetTriple())
        let cpu = takeMessage(LLVMGetHostCPUName())
        let features = takeMessage(LLVMGetHostCPUFeatures())
        return try TargetMachine(triple: triple, cpu: cpu, features: features, codeModel: LLVMCodeModelSmall, reloc: LLVMRelocPIC)
    }

    /// NVPTX for one architecture and PTX ISA version (checked first).
    static func nvptx(_ gpu: GPUArchitecture, ptx: Int) throws -> TargetMachine {
        try gpu.checkPTX(ptx)
        return try TargetMachine(triple: "nvptx64-nvidia-cuda", cpu: gpu.rawValue, features: "+ptx\(ptx)",
                                 codeModel: LLVMCodeModelDefault, reloc: LLVMRelocDefault)
    }

    /// Sets the module's triple and data layout to this machine's.
    func adopt(_ m: LLVMModuleHandle) {
        LLVMSetTarget(m.module, triple)
        let layout = LLVMCreateTargetDataLayout(ref)
        LLVMSetModuleDataLayout(m.module, layout)
        LLVMDisposeTargetData(layout)
    }

    /// Runs an LLVM pass pipeline (`default<O3>`) over the module.
    func optimize(_ m: LLVMModuleHandle, pipeline: String, kernel: String) throws {
        let options = LLVMCreatePassBuilderOptions()
        defer { LLVMDisposePassBuilderOptions(options) }
        if let error = LLVMRunPasses(m.module, pipeline, ref, options) {
            throw CompilerError.llvm(stage: "optimization", kernel: kernel, message: consume(error))
        }
    }

    /// Emits an object file or assembly (PTX) into memory.
    func emit(_ m: LLVMModuleHandle, _ type: LLVMCodeGenFileType, kernel: String) throws -> LLVMMemoryBufferRef {
        var message: UnsafeMutablePointer<CChar>?
        var buffer: LLVMMemoryBufferRef?
        if LLVMTargetMachineEmitToMemoryBuffer(ref, m.module, type, &message, &buffer) != 0 || buffer == nil {
            throw CompilerError.llvm(stage: "code generation", kernel: kernel, message: takeMessage(message))
        }
        return buffer!
    }
}
