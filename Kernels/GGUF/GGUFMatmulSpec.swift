import KernelIR
import Quantization

/// How a GGUF matmul kernel multiplies: the inner product it is built around.
public enum GGUFStrategy: String, Hashable, Codable, Sendable, CaseIterable {
    /// Dequantize each weight block to f32 in registers and accumulate with f32 FMAs against
    /// f32 activations.
    case fma
    /// Quantize activations to int8 per 32-value block (``GGUFActivationQuantizer``) and
    /// accumulate integer dot products with AVX-512 VNNI `vpdpbusd`; block scales are applied
    /// once per block in f32.
    case int8

    /// The short name used in variant names.
    public var tag: String { self == .fma ? "f32" : "i8dot" }
}

/// The schedule of a GGUF GEMV/GEMM: a program owns `tileM` activation rows × `tileN` weight
/// rows (output columns) and walks the whole K dimension.
public struct GGUFTileConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Activation rows per program (1 for GEMV).
    public var tileM: Int
    /// Weight rows (outputs) per program.
    public var tileN: Int
    /// Unroll hint for the loop over K groups.
    public var unrollK: Int
    /// Row tiles per sweep (0: all rows). Programs walk `sweepTiles` row tiles for each weight
    /// tile, then the next weight tile, and only then the next band of rows, so a band of
    /// activations stays in cache while the weights stream past it.
    public var sweepTiles: Int
    /// Decode each weight super-block once per program (int8 K-quant GEMM only): a program
    /// owns `tileN` weight rows and a band of `tileM × sweepTiles` activation rows (all rows
    /// when `sweepTiles` is 0); for every super-block it decodes the `tileN` weight rows and
    /// then walks the band's rows with them, adding each super-block's share into `y`.
    public var reuseWeights: Bool

    public init(tileM: Int = 1, tileN: Int = 4, unrollK: Int = 1, sweepTiles: Int = 0, reuseWeights: Bool = false) {
        self.tileM = tileM
        self.tileN = tileN
        self.unrollK = unrollK
        self.sweepTiles = sweepTiles
        self.reuseWeights = reuseWeights
    }

    enum CodingKeys: String, CodingKey { case tileM, tileN, unrollK, sweepTiles, reuseWeights }

    /// Decodes configs stored before ``reuseWeights`` existed as `reuseWeights = false`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        tileM = try c.decode(Int.self, forKey: .tileM)
        tileN = try c.decode(Int.self, forKey: .tileN)
        unrollK = try c.decode(Int.self, forKey: .unrollK)
        sweepTiles = try c.decode(Int.self, forKey: .sweepTiles)
        reuseWeights = try c.decodeIfPresent(Bool.self, forKey: .reuseWeights) ?? false
    }

    /// `m4n4u1` (`m4n4u1s16` with sweeps, `m4n4u1s16r` reusing decoded weights).
    public var description: String {
        "m\(tileM)n\(tileN)u\(unrollK)" + (sweepTiles > 0 ? "s\(sweepTiles)" : "") + (reuseWeights ? "r" : "")
    }

    /// Activation rows per program with ``reuseWeights`` (0: all rows).
    var bandRows: Int { tileM * sweepTiles }

    /// Programs for an `m × n` output. Without sweeps program `p` covers row tile
    /// `p % rowTiles` and column tile `p / rowTiles`, so neighbouring programs share one
    /// weight tile. With ``reuseWeights`` program `p` covers band `p / columnTiles` and
    /// column tile `p % columnTiles`.
    public func programs(m: Int, n: Int) -> Int {
        let columnTiles = (n + tileN - 1) / tileN
        if reuseWeights { return (bandRows > 0 ? (m + bandRows - 1) / bandRows : 1) * columnTiles }
        return ((m + tileM - 1) / tileM) * columnTiles
    }
}

/// What a GGUF matmul kernel computes on: the weight block type and the strategy.
public struct GGUFMatmulSpec: Hashable, Codable, Sendable {
    /// The GGML type, by raw id (``GGMLType`` is not `Codable`).
    public var typeID: UInt32
    /// How the kernel multiplies.
    public var strategy: GGUFStrategy
    /// Whether the int8 kernels of Q4_1 and Q8_0 sum in ggml's order (``followsGGMLOrder``):
    /// bit-identical to llama.cpp, but slower than the default order, which groups four blocks
    /// per integer dot product (measured on Zen 5, 2 threads, 1536 × 576 Q4_1 in cache: about
    /// 14% for one row, 23% for 64 rows; for the model's GEMVs, which stream weights from
    /// memory, within the noise).
    public var ggmlOrder: Bool

    /// A spec for weights of `type`; ``validate(_:generator:)`` rejects unsupported pairs.
    public init(type: GGMLType, strategy: GGUFStrategy, ggmlOrder: Bool = false) {
        typeID = type.rawValue
        self.strategy = strategy
        self.ggmlOrder = ggmlOrder
    }

    enum CodingKeys: String, CodingKey { case typeID, strategy, ggmlOrder }

    /// Decodes specs stored before ``ggmlOrder`` existed as `ggmlOrder = false`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        typeID = try c.decode(UInt32.self, forKey: .typeID)
        strategy = try c.decode(GGUFStrategy.self, forKey: .strategy)
        ggmlOrder = try c.decodeIfPresent(Bool.self, forKey: .ggmlOrder) ?? false
    }

    /// The weight type.
    public var type: GGMLType { GGMLType(rawValue: typeID)! }

    /// The types with JIT matmul kernels, for both strategies.
    public static let supportedTypes: [GGMLType] = [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .iq4_NL, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .iq4_XS]

    /// Unquantized weight types, read by the f32 FMA strategy in chunks of 32 values (so `K`
    /// must be a multiple of 32).
    public static let floatTypes: [GGMLType] = [.f32, .f16, .bf16]

    /// Whether a kernel exists for `type` with `strategy`.
    public static func supports(_ type: GGMLType, strategy: GGUFStrategy) -> Bool {
        supportedTypes.contains(type) || (strategy == .fma && floatTypes.contains(type))
    }

    /// `K` must be a multiple of this: the block size, or 32 for the float types.
    public var kMultiple: Int { valuesPerBlock }

    /// Bytes and values per weight block (float types: 32-value chunks).
    var bytesPerBlock: Int { Self.floatTypes.contains(type) ? 32 * type.layout.bytesPerBlock : type.layout.bytesPerBlock }
    var valuesPerBlock: Int { Self.floatTypes.contains(type) ? 32 : type.layout.valuesPerBlock }
    /// Values one step of the main K loop covers (4 blocks of 32, or one 256-value super-block).
    var groupValues: Int { valuesPerBlock == 256 ? 256 : 128 }

    /// Whether the int8 kernel sums in the order of ggml's AVX2 dot product for this type, so
    /// that its results are bit-identical to llama.cpp's CPU results (Q4_1 and Q8_0, the types
    /// of the model checked against llama.cpp).
    public var followsGGMLOrder: Bool {
        ggmlOrder && strategy == .int8 && Self.ggmlOrderTypes.contains(type)
    }

    /// The types whose int8 kernels can follow ggml's order.
    public static let ggmlOrderTypes: [GGMLType] = [.q4_1, .q8_0]

    /// The activation layout the int8 strategy expects for this weight type.
    public var activationLayout: GGUFActivationLayout {
        if followsGGMLOrder { return .natural }
        switch type {
        case .q4_0, .q4_1, .q5_0, .q5_1, .iq4_NL, .iq4_XS: return .nibbleHalves
        case .q4_K, .q5_K: return .pairedBlocks
        default: return .natural
        }
    }

    /// `q4_1_i8dot`.
    var name: String {
        "\(type.name.lowercased())_\(strategy.tag)" + (followsGGMLOrder ? "_ggml" : "")
    }

    func validate(_ c: GGUFTileConfig, generator: String) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: generator, message: m) }
        if !Self.supports(type, strategy: strategy) {
            let floats = Self.floatTypes.contains(type) ? " (\(type.name) takes the fma strategy)" : ""
            throw fail("GGML type \(type.name) has no \(strategy.rawValue) kernel\(floats); supported: \(Self.supportedTypes.map(\.name).joined(separator: ", ")), and \(Self.floatTypes.map(\.name).joined(separator: ", ")) with fma")
        }
        if c.tileM < 1 || c.tileM > 8 { throw fail("tileM \(c.tileM) must be in 1...8") }
        if c.tileN < 1 || c.tileN > 8 { throw fail("tileN \(c.tileN) must be in 1...8") }
        if c.unrollK < 1 || c.unrollK > 8 { throw fail("unrollK \(c.unrollK) must be in 1...8") }
        if c.sweepTiles < 0 { throw fail("sweepTiles \(c.sweepTiles) must be ≥ 0") }
        if c.reuseWeights && !(strategy == .int8 && valuesPerBlock == 256) {
            throw fail("reuseWeights needs the int8 strategy and a 256-value K-quant type, got \(type.name) \(strategy.rawValue)")
        }
        if c.tileM * c.tileN > 24 { throw fail("tileM × tileN = \(c.tileM * c.tileN) accumulators exceed the 32 vector registers") }
    }
}

/// The order in which ``GGUFActivationQuantizer`` stores the int8 values of each group of four
/// 32-value blocks (128 values), chosen so that one 64-byte load lines up with the weights'
/// packing. Blocks past the last whole group are always stored in natural order.
public enum GGUFActivationLayout: String, Hashable, Codable, Sendable, CaseIterable {
    /// Values in order.
    case natural
    /// The first halves (values 0..<16) of the four blocks, then their second halves: the
    /// order of the low and then high nibbles of four Q4_0/Q4_1 blocks.
    case nibbleHalves
    /// Blocks in the order 0, 2, 1, 3: the low nibbles of 64 Q4_K bytes are sub-blocks 0 and
    /// 2 of a pair of pairs, the high nibbles sub-blocks 1 and 3.
    case pairedBlocks

    /// The byte offset, within its group, of half `h` (16 values) of block `i` (0..<4).
    public func offset(block i: Int, half h: Int) -> Int {
        switch self {
        case .natural: 32 * i + 16 * h
        case .nibbleHalves: 64 * h + 16 * i
        case .pairedBlocks: 32 * [0, 2, 1, 3][i] + 16 * h
        }
    }
}
