import Compiler
import Kernels
import Quantization

/// What a tuning record applies to: one device, one LLVM, one kernel variant without its
/// config, one bucket of activation rows.
public struct TuningKey: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// ``CodeTarget/deviceID``: the CPU name and a hash of its features, or the GPU architecture.
    public var device: String
    /// The LLVM version that generated the measured code.
    public var llvm: String
    /// The generator and problem format without the config: `gptq_gemv|gptq_b4_g128_sym|f32|cpu`.
    public var variant: String
    /// ``bucket(m:)`` of the activation rows.
    public var mBucket: Int

    public init(device: String, llvm: String, variant: String, mBucket: Int) {
        self.device = device
        self.llvm = llvm
        self.variant = variant
        self.mBucket = mBucket
    }

    /// The key for a request served by registry entry `entry`, with `m` activation rows.
    public init(request: KernelRequest, entry: String, m: Int, device: String, llvm: String = LLVMTargets.version) {
        self.init(device: device, llvm: llvm, variant: Self.variant(request: request, entry: entry), mBucket: Self.bucket(m: m))
    }

    /// The M buckets a tuned config covers: 1, 16, 64, 256 and 1024 (for 1024 rows and more).
    public static let buckets = [1, 16, 64, 256, 1024]

    /// The smallest bucket holding `m` rows; 1024 for anything larger.
    public static func bucket(m: Int) -> Int { buckets.first { m <= $0 } ?? 1024 }

    /// `gptq_gemv|gptq_b4_g128_sym|f32|cpu`: the entry, the weight format, the activation
    /// dtype and the target — everything that names a variant except its tile config.
    public static func variant(request: KernelRequest, entry: String) -> String {
        "\(entry)|\(formatKey(request.format))|\(request.activation.name)|\(request.target)"
    }

    static func formatKey(_ format: WeightFormat) -> String {
        switch format {
        case .gptq(let l):
            let g = l.groupSize <= 0 ? "gall" : "g\(l.groupSize)"
            let z = l.zeroPoints == .symmetric ? "sym" : l.zeroPoints.rawValue
            return "gptq_b\(l.bits)_\(g)_\(z)\(l.actOrder ? "_act" : "")"
        case .gguf(let t): return "gguf_\(t)"
        }
    }

    /// Whether the key's variant runs on a GPU (its configs are named `m1n1t128u2`).
    public var isGPU: Bool { !variant.hasSuffix("|cpu") }

    public static func < (a: TuningKey, b: TuningKey) -> Bool {
        (a.device, a.llvm, a.variant, a.mBucket) < (b.device, b.llvm, b.variant, b.mBucket)
    }

    public var description: String { "\(variant) M≤\(mBucket == 1024 ? "∞" : String(mBucket)) on \(device), LLVM \(llvm)" }
}
