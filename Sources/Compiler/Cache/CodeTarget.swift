import CLLVM

/// What machine code is generated for, spelled out as the strings LLVM is given. Every field
/// enters the compile-cache key.
public enum CodeTarget: Hashable, Codable, Sendable, CustomStringConvertible {
    /// A CPU: target triple, CPU name and feature string (`+avx2,-avx512f,…`).
    case cpu(triple: String, cpu: String, features: String)
    /// An NVIDIA GPU architecture and PTX ISA version (×10).
    case nvptx(gpu: GPUArchitecture, ptx: Int)

    /// The host CPU as LLVM detects it (the target ``CPUCompiler`` compiles for).
    public static var host: CodeTarget {
        LLVMTargets.ensureInitialized()
        return .cpu(triple: takeMessage(LLVMGetDefaultTargetTriple()), cpu: takeMessage(LLVMGetHostCPUName()),
                    features: takeMessage(LLVMGetHostCPUFeatures()))
    }

    /// An NVPTX target with the PTX version ``PTXCompiler`` uses when none is given.
    public static func gpu(_ gpu: GPUArchitecture, ptx: Int? = nil) -> CodeTarget {
        .nvptx(gpu: gpu, ptx: ptx ?? PTXCompiler.defaultPTX(for: gpu))
    }

    /// The full spelling hashed into cache keys.
    public var canonical: String {
        switch self {
        case .cpu(let triple, let cpu, let features): "cpu|\(triple)|\(cpu)|\(features)"
        case .nvptx(let gpu, let ptx): "nvptx|nvptx64-nvidia-cuda|\(gpu.rawValue)|+ptx\(ptx)"
        }
    }

    /// A short, readable device identity: the CPU name and a hash of its features
    /// (`cpu-znver4-3fa9c1d2`), or the GPU architecture. Keys the tuning database.
    public var deviceID: String {
        switch self {
        case .cpu(_, let cpu, let features): "cpu-\(cpu)-\(String(SHA256.hex(features).prefix(8)))"
        case .nvptx(let gpu, _): gpu.rawValue
        }
    }

    public var description: String {
        switch self {
        case .cpu(let triple, let cpu, _): "\(triple) \(cpu)"
        case .nvptx(let gpu, let ptx): "nvptx64-nvidia-cuda \(gpu.rawValue) PTX \(ptx / 10).\(ptx % 10)"
        }
    }
}
