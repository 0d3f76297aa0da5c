import Compiler
import KernelIR
import Kernels
import Quantization

/// Where a kernel runs.
public enum ExecutionTarget: Hashable, Codable, Sendable, CustomStringConvertible {
    case cpu
    case gpu(GPUArchitecture)

    /// Parses `cpu`, `sm_80`, `sm_89`, `sm_90`, `sm_90a`.
    public static func named(_ name: String) throws -> ExecutionTarget {
        name == "cpu" ? .cpu : .gpu(try GPUArchitecture.named(name))
    }

    public static var allNames: [String] { ["cpu"] + GPUArchitecture.allCases.map(\.rawValue) }

    public var convention: KernelConvention { self == .cpu ? .cpuGrid : .gpu }

    public var description: String {
        switch self {
        case .cpu: "cpu"
        case .gpu(let a): a.rawValue
        }
    }
}

/// The weight format a kernel must read.
public enum WeightFormat: Hashable, Codable, Sendable, CustomStringConvertible {
    case gptq(GPTQLayout)
    /// A GGUF block format (weights stored row-major as `[N][K]` blocks along K).
    case gguf(GGMLType)

    public var description: String {
        switch self {
        case .gptq(let l):
            let g = l.groupSize <= 0 ? "per-channel" : "g\(l.groupSize)"
            let z = l.zeroPoints == .symmetric ? "symmetric" : "asymmetric \(l.zeroPoints.rawValue)"
            return "GPTQ \(l.bits)-bit \(g) \(z)\(l.actOrder ? " act-order" : "")"
        case .gguf(let t): return "GGUF \(t)"
        }
    }
}

/// What the executor asks the registry for.
public struct KernelRequest: Hashable, Codable, Sendable, CustomStringConvertible {
    public var family: KernelFamily
    public var format: WeightFormat
    public var activation: ScalarType
    public var target: ExecutionTarget

    public init(family: KernelFamily, format: WeightFormat, activation: ScalarType = .f32, target: ExecutionTarget = .cpu) {
        self.family = family
        self.format = format
        self.activation = activation
        self.target = target
    }

    public var description: String { "\(family.rawValue) of \(format) with \(activation.name) activations on \(target)" }
}

extension GGMLType: Codable {}
