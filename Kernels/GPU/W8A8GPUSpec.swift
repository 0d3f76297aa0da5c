import KernelIR

/// What a GPU W8A8 GEMM computes: `y[M, N] = dequant(xq)[M, K] · dequant(w)[N, K]ᵀ` with 8-bit
/// activations and weights (both K-contiguous), on tensor cores (`mma.sync` m16n8k32).
public struct W8A8GPUSpec: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The 8-bit operand type of both activations and weights.
    public enum Operand: String, Hashable, Codable, Sendable { case int8, fp8e4m3 }

    /// What the scales cover.
    public enum Scaling: String, Hashable, Codable, Sendable {
        /// `sx[0] · sw[0]`.
        case perTensor
        /// `sx[m] · sw[n]`: per-token activations × per-output-channel weights.
        case channelToken
        /// `sx[0] · sw[n]`: per-tensor activations (one scale, and one zero point for int8) ×
        /// per-output-channel weights, read in the epilogue (no per-token broadcast of the scale).
        case tensorChannel
        /// DeepSeek-style blocks: `sx[m, ⌈K/128⌉]` per token group of 128 values and
        /// `sw[⌈N/128⌉, ⌈K/128⌉]` per 128 × 128 weight block (`weight_scale_inv`), applied to the
        /// f32 partial sum of each 128-value K block.
        case block128
    }

    public var operand: Operand
    public var scaling: Scaling
    /// Int8 only: activations carry a per-token zero point `zx[m]` (`x ≈ (xq − zx)·sx`); the
    /// kernel subtracts `zx[m] · colsum[n]` (``W8A8GPUWeights/columnSums(_:n:k:)``) in int32.
    public var activationZeroPoint: Bool
    /// `f16` or `bf16`.
    public var output: ScalarType

    public init(operand: Operand, scaling: Scaling, activationZeroPoint: Bool = false, output: ScalarType = .f16) {
        self.operand = operand
        self.scaling = scaling
        self.activationZeroPoint = activationZeroPoint
        self.output = output
    }

    /// `i8_channel_asym_f16`, `e4m3_block128_sym_bf16`.
    public var description: String {
        "\(operand == .int8 ? "i8" : "e4m3")_\(scalingName)_"
            + "\(activationZeroPoint ? "asym" : "sym")_\(output.name)"
    }

    /// `tensor`, `channel`, `tchannel` (per-tensor activations × per-channel weights), `block128`.
    var scalingName: String {
        switch scaling {
        case .perTensor: "tensor"
        case .channelToken: "channel"
        case .tensorChannel: "tchannel"
        case .block128: "block128"
        }
    }

    /// One activation scale (and zero point) for the whole tensor: `sx[0]`, `zx[0]`.
    public var activationPerTensor: Bool { scaling == .perTensor || scaling == .tensorChannel }

    var element: ScalarType { operand == .int8 ? .i8 : .fp8e4m3 }
    /// The oldest PTX ISA (×10) for this spec: 8.4 for the e4m3 m16n8k32 `mma` (sm_89+), 7.4 for
    /// int8 (the `.L2::256B` hint of `cp.async`).
    public var minimumPTX: Int { operand == .fp8e4m3 ? 84 : 74 }
}

/// The schedule of ``W8A8GPUGEMM``. K tiles are 64 bytes (two `mma` k-steps).
public struct W8A8GPUConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Output rows and columns per block.
    public var blockM: Int
    public var blockN: Int
    /// Warps along M and N: warp `(wm, wn)` owns a `blockM/warpsM × blockN/warpsN` tile.
    public var warpsM: Int
    public var warpsN: Int
    /// `cp.async` pipeline depth: K tiles in flight in (dynamic) shared memory (2…8).
    public var stages: Int
    /// Split-K across blocks (grid z); the last block of a tile adds the partials in split order.
    public var splits: Int
    /// K rows are 16-byte aligned (K % 16 == 0): 16-byte `cp.async`; otherwise bytes are loaded
    /// one by one with predication (correct for any K, slow).
    public var alignedK: Bool

    /// Block order: runs of `rasterRows` row tiles share a column tile before the next column
    /// tile starts, so the blocks resident at once read a few row tiles' activations and a
    /// `1/rasterRows` share of the weights (which do not fit in L2 at the benchmark shapes).
    public var rasterRows: Int
    /// `cp.async … .L2::256B`: each 16-byte copy asks L2 to fetch the surrounding 256 bytes, so
    /// a row's next three K tiles are in L2 when their copies come (PTX 7.4, sm_80+).
    public var l2Prefetch: Bool

    public init(blockM: Int = 128, blockN: Int = 128, warpsM: Int = 2, warpsN: Int = 2, stages: Int = 3, splits: Int = 1,
                alignedK: Bool = true, rasterRows: Int = 8, l2Prefetch: Bool = true) {
        self.rasterRows = rasterRows
        self.l2Prefetch = l2Prefetch
        self.blockM = blockM
        self.blockN = blockN
        self.warpsM = warpsM
        self.warpsN = warpsN
        self.stages = stages
        self.splits = splits
        self.alignedK = alignedK
    }

    /// `m128n128w2x2s3`, then `k4` with split-K, `u` for unaligned K, `r4` for a raster other
    /// than 8, `n` without the L2 prefetch hint.
    public var description: String {
        "m\(blockM)n\(blockN)w\(warpsM)x\(warpsN)s\(stages)\(splits > 1 ? "k\(splits)" : "")\(alignedK ? "" : "u")\(rasterRows != 8 ? "r\(rasterRows)" : "")\(l2Prefetch ? "" : "n")"
    }

    /// Bytes of K per shared-memory tile: two `mma` k-steps of 32.
    public static let blockK = 64
    /// Threads per block (the launch's block size).
    public var threads: Int { 32 * warpsM * warpsN }
    /// Output rows and columns of one warp's tile.
    public var warpRows: Int { blockM / warpsM }
    public var warpColumns: Int { blockN / warpsN }
    /// 32-bit words of shared memory: `stages` tiles of `blockM + blockN` rows of 64 bytes.
    public var sharedWords: Int { stages * (blockM + blockN) * 16 }
    /// Dynamic shared memory per block, to pass at launch (`sharedMemoryBytes:`); above 48 KiB
    /// the function must first allow it (`setMaxDynamicSharedMemory`).
    public var sharedBytes: Int { sharedWords * 4 }
    /// The launch grid for an `m × n` output: every output tile along x (in raster order), the
    /// K splits along z.
    public func grid(m: Int, n: Int) -> (x: Int, y: Int, z: Int) {
        (((n + blockN - 1) / blockN) * ((m + blockM - 1) / blockM), 1, splits)
    }
    /// f32 scratch for split-K (at least one float).
    public func workspaceFloats(m: Int, n: Int) -> Int {
        splits > 1 ? splits * grid(m: m, n: n).x * blockM * blockN : 1
    }
    /// Arrival counters for split-K, zeroed once before the first launch (each launch leaves
    /// them zero).
    public func counterCount(m: Int, n: Int) -> Int { grid(m: m, n: n).x }
}

/// Host-side preparation of int8 weights for the asymmetric-activation correction, done once
/// per weight at load time.
public enum W8A8GPUWeights {
    /// `Σ_k w[n, k]` per output channel of `w[N, K]`.
    public static func columnSums(_ w: [Int8], n: Int, k: Int) -> [Int32] {
        (0..<n).map { r in w[(r * k)..<((r + 1) * k)].reduce(Int32(0)) { $0 + Int32($1) } }
    }
}

/// The parameters every W8A8 GPU GEMM takes, in this order (one list for the `mma.sync` and the
/// `wgmma` kernels, so they launch the same way): `x`, `w` (i8 or f8e4m3), `sx`, `sw` (f32),
/// `zx`, `colsum` (i32), `y` (f16 or bf16), `workspace` (f32), `counters` (i32), then `m`, `n`,
/// `k` as i64.
struct W8A8GPUParameters {
    let x, w, sx, sw, zx, colsum, y, workspace, counters, m, n, k: Value

    init(_ b: KernelBuilder, spec: W8A8GPUSpec) {
        x = b.parameter("x", .pointer(spec.element, .global))
        w = b.parameter("w", .pointer(spec.element, .global))
        sx = b.parameter("sx", .pointer(.f32, .global))
        sw = b.parameter("sw", .pointer(.f32, .global))
        zx = b.parameter("zx", .pointer(.i32, .global))
        colsum = b.parameter("colsum", .pointer(.i32, .global))
        y = b.parameter("y", .pointer(spec.output, .global))
        workspace = b.parameter("workspace", .pointer(.f32, .global))
        counters = b.parameter("counters", .pointer(.i32, .global))
        m = b.parameter("m", .i64)
        n = b.parameter("n", .i64)
        k = b.parameter("k", .i64)
    }
}

/// The output tile of this block in raster order: block `L` covers row tile `first + L % rows`,
/// column tile `L / rows` within its group of `rasterRows` row tiles (`rows` is smaller in the
/// last group), so a group's blocks sweep the column tiles together and share weight tiles in L2.
/// Returns the first output row and column of the tile.
func rasterTile(_ b: KernelBuilder, m32: Value, n32: Value, blockM: Int, blockN: Int, rasterRows: Int) -> (rowBase: Value, colBase: Value) {
    let rowTiles = (m32 + (blockM - 1)) / blockM, columnTiles = (n32 + (blockN - 1)) / blockN
    let linear = b.blockIndex(.x)
    let group = linear / (columnTiles * rasterRows)
    let firstRow = group * rasterRows
    let rows = (rowTiles - firstRow).min(b.constant(rasterRows, .i32))
    let inGroup = linear - group * (columnTiles * rasterRows)
    return ((firstRow + inGroup % rows) * blockM, (inGroup / rows) * blockN)
}

/// `d = a·b + c` on one `mma.sync` m16n8k32 tile of 8-bit operands: int8 into s32, or e4m3
/// into f32 (`a`: four words of the A fragment, `b`: two of the B fragment, `c`: the four
/// accumulators of the lane, i32 or f32).
func w8a8MMA(_ b: KernelBuilder, integer: Bool, a: [Value], b fragment: [Value], c accumulator: Value) -> Value {
    let cs = (0..<4).map { accumulator.extract($0) }
    let shape = integer ? "s32.s8.s8.s32" : "f32.e4m3.e4m3.f32"
    let out = integer ? "r" : "f"
    return b.inlineAsm(
        "mma.sync.aligned.m16n8k32.row.col.\(shape) {$0, $1, $2, $3}, {$4, $5, $6, $7}, {$8, $9}, {$10, $11, $12, $13};",
        constraints: "=\(out),=\(out),=\(out),=\(out),r,r,r,r,r,r,\(out),\(out),\(out),\(out)", result: .vector(integer ? .i32 : .f32, 4),
        a + fragment + cs)
}
