import KernelIR

/// Everything that can go wrong between a kernel and runnable code.
public enum CompilerError: Error, CustomStringConvertible, Equatable {
    /// The kernel failed KIR verification.
    case verification(VerificationError)
    /// LLVM reported an error in a stage (verification of its IR, code generation, JIT linking).
    case llvm(stage: String, kernel: String, message: String)
    /// A GPU architecture QuantJIT does not emit for.
    case unknownGPU(String, known: [String])
    /// A (GPU, PTX version) pair that LLVM cannot emit.
    case unsupportedPTX(gpu: String, ptx: Int, minimum: Int, maximum: Int)
    /// The JIT-compiled module has no symbol of that name.
    case missingSymbol(String)
    /// A kernel was called with arguments that do not match its parameters.
    case argumentMismatch(kernel: String, message: String)
    /// A CPU kernel calls an x86 intrinsic whose instruction-set feature the host CPU lacks.
    case unsupportedByHost(kernel: String, intrinsic: String, feature: String, cpu: String)

    public var description: String {
        switch self {
        case .verification(let e): return e.description
        case .llvm(let stage, let kernel, let message): return "LLVM \(stage) failed for kernel '\(kernel)': \(message)"
        case .unknownGPU(let gpu, let known): return "unknown GPU target '\(gpu)'; known targets: \(known.joined(separator: ", "))"
        case .unsupportedPTX(let gpu, let ptx, let minimum, let maximum):
            return "PTX ISA \(ptx / 10).\(ptx % 10) cannot target \(gpu): it needs PTX \(minimum / 10).\(minimum % 10) or later, and LLVM here emits at most \(maximum / 10).\(maximum % 10)"
        case .missingSymbol(let name): return "the JIT has no symbol '\(name)'"
        case .argumentMismatch(let kernel, let message): return "kernel '\(kernel)' called with bad arguments: \(message)"
        case .unsupportedByHost(let kernel, let intrinsic, let feature, let cpu):
            return "kernel '\(kernel)' needs the CPU feature \(feature) (for \(intrinsic)), which this host (\(cpu)) lacks; choose a variant without it"
        }
    }
}
