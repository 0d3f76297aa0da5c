import KernelIR

/// The kernel families QuantJIT generates.
public enum KernelFamily: String, Hashable, Codable, Sendable, CaseIterable {
    case dequantize
    case gemv
    case gemm
}

/// A kernel generator: Swift that emits one tile-specialized KIR kernel per config.
public protocol KernelGenerator<Config>: Sendable {
    /// The schedule: tile sizes, vector width, unroll. Read as compile-time constants.
    associatedtype Config: Hashable, Codable, Sendable

    var family: KernelFamily { get }
    /// The config used when nothing is tuned.
    var defaultConfig: Config { get }
    /// The configs an autotuner should try (the default among them).
    var candidateConfigs: [Config] { get }
    /// The canonical variant name: at once the symbol, the cache key's readable part and the
    /// dump file's name.
    func variantName(_ config: Config) -> String
    /// Throws ``KernelConfigError`` when the config cannot be emitted.
    func validate(_ config: Config) throws
    /// Emits the kernel for a (validated) config.
    func emit(_ config: Config) throws -> Kernel
}

/// A config a generator cannot emit.
public struct KernelConfigError: Error, Hashable, CustomStringConvertible {
    public var generator: String
    public var message: String
    public init(generator: String, message: String) {
        self.generator = generator
        self.message = message
    }
    public var description: String { "invalid config for \(generator): \(message)" }
}

/// The schedule of weight-only matmul and dequantize kernels.
public struct TileConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Activation rows per program (GEMM); 1 for GEMV and dequantize.
    public var tileM: Int
    /// Vectors of `vectorWidth` output columns per program.
    public var tileN: Int
    /// SIMD lanes per vector (1 on the GPU, where a thread owns one column).
    public var vectorWidth: Int
    /// Unroll hint for the loop over packed K chunks.
    public var unrollK: Int
    /// Threads per block on the GPU (ignored on the CPU).
    public var threadsPerBlock: Int

    public init(tileM: Int = 1, tileN: Int = 2, vectorWidth: Int = 16, unrollK: Int = 2, threadsPerBlock: Int = 128) {
        self.tileM = tileM
        self.tileN = tileN
        self.vectorWidth = vectorWidth
        self.unrollK = unrollK
        self.threadsPerBlock = threadsPerBlock
    }

    /// `m4n2v16u2` (CPU) or `m1n1t128u2` (GPU).
    public func name(gpu: Bool) -> String {
        gpu ? "m\(tileM)n\(tileN)t\(threadsPerBlock)u\(unrollK)" : "m\(tileM)n\(tileN)v\(vectorWidth)u\(unrollK)"
    }

    public var description: String { name(gpu: false) }

    /// The CPU grid size (programs) for an `m × n` output.
    public func programs(m: Int, n: Int) -> Int {
        ((m + tileM - 1) / tileM) * ((n + columnsPerProgram - 1) / columnsPerProgram)
    }

    /// GPU blocks of ``threadsPerBlock`` threads for an `m × n` output.
    public func blocks(m: Int, n: Int) -> Int { (programs(m: m, n: n) + threadsPerBlock - 1) / threadsPerBlock }

    /// Output columns one program covers.
    public var columnsPerProgram: Int { tileN * vectorWidth }
}
