import KernelIR

/// The schedule of ``W8A8WGMMAGEMM``: compile-time constants of one variant.
public struct W8A8WGMMAConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Warpgroups (128 threads) per block; each computes 64 output rows: `blockM = 64·warpgroups`.
    public var warpgroups: Int
    /// Output columns per block: the `N` of `wgmma.m64nNk32` (64, 128, 192 or 256).
    public var blockN: Int
    /// Shared-memory stages of the `cp.async` ring (each `(blockM + blockN)` rows of 128 bytes).
    public var stages: Int
    /// `wgmma.wait_group 1` instead of 0: the tensor cores run a tile's `wgmma`s while the block
    /// waits for the next tile; the ring then runs `stages − 2` tiles ahead instead of `stages − 1`.
    public var overlap: Bool
    /// Block order: runs of `rasterRows` row tiles share a column tile (as ``W8A8GPUConfig/rasterRows``).
    public var rasterRows: Int
    /// FP8: each K tile's four `wgmma`s start from zero (`scale-d = 0`) and their sum is added to
    /// f32 totals in registers: the tensor cores' e4m3 accumulation (not full f32) then spans 128
    /// products only. Twice the accumulator registers; needs `overlap == false`.
    public var promote: Bool

    public init(warpgroups: Int = 2, blockN: Int = 256, stages: Int = 4, overlap: Bool = true, rasterRows: Int = 8, promote: Bool = false) {
        self.promote = promote
        self.warpgroups = warpgroups
        self.blockN = blockN
        self.stages = stages
        self.overlap = overlap
        self.rasterRows = rasterRows
    }

    /// `w2n256s4o`: warpgroups, columns, stages, `o` with overlap, then `r4` for a raster other
    /// than 8, `p` with promotion.
    public var description: String {
        "w\(warpgroups)n\(blockN)s\(stages)\(overlap ? "o" : "")\(rasterRows != 8 ? "r\(rasterRows)" : "")\(promote ? "p" : "")"
    }

    /// Bytes of K per stage: one 128-byte swizzled row per operand row (four `k32` steps).
    public static let blockK = 128
    public var blockM: Int { 64 * warpgroups }
    public var threads: Int { 128 * warpgroups }
    /// Tiles the ring runs ahead of the one being computed.
    public var distance: Int { overlap ? stages - 2 : stages - 1 }
    /// Bytes of one stage.
    public var stageBytes: Int { (blockM + blockN) * Self.blockK }
    /// Dynamic shared memory per block (the stages plus 1024 bytes to align the ring to the
    /// swizzle's period), to pass at launch; above 48 KiB allow it first (`setMaxDynamicSharedMemory`).
    public var sharedBytes: Int { stages * stageBytes + 1024 }
    /// The launch grid for an `m × n` output: every output tile along x, in raster order.
    public func grid(m: Int, n: Int) -> (x: Int, y: Int, z: Int) {
        (((n + blockN - 1) / blockN) * ((m + blockM - 1) / blockM), 1, 1)
    }
}

/// W8A8 GEMM on Hopper (sm_90a) with `wgmma.mma_async`: the same computation, parameters and
/// scalings as ``W8A8GPUGEMM`` (int8 with optional per-token zero points, or FP8 e4m3; per-tensor
/// or channel × token scales; f16 or bf16 outputs), for large M. Block-128 scales and split-K
/// stay with ``W8A8GPUGEMM``.
///
/// Each block computes a `64·warpgroups × blockN` tile. Per K tile of 128 bytes all threads copy
/// the block's activation and weight rows with `cp.async` into a ring of `stages` shared tiles,
/// K-major with `wgmma`'s 128-byte swizzle (16-byte chunk `c` of row `r` at `128r + 16(c ^ r % 8)`;
/// eight lanes read one row's 128 contiguous bytes), then each warpgroup issues four
/// `wgmma.m64nNk32` (`.f32.e4m3.e4m3` or `.s32.s8.s8`) with both operands read by the tensor
/// cores from shared memory through matrix descriptors, its 64 rows against all `blockN` columns.
/// The accumulators (`blockN / 2` per thread) are scaled and stored by the warpgroups themselves.
///
/// Parameters as ``W8A8GPUGEMM`` (`x, w, sx, sw, zx, colsum, y, workspace, counters, m, n, k`;
/// workspace and counters are not read). Launch with `sharedMemoryBytes: config.sharedBytes`.
/// Any M, N ≥ 1 and K ≥ 16 with K % 16 == 0 (``unsupportedShape(m:n:k:config:)``).
public struct W8A8WGMMAGEMM: KernelGenerator {
    public var spec: W8A8GPUSpec
    public init(spec: W8A8GPUSpec) { self.spec = spec }

    public var family: KernelFamily { .gemm }

    public var defaultConfig: W8A8WGMMAConfig { W8A8WGMMAConfig() }

    /// 128 × 256 tiles with four stages (192 KiB, one block per SM), with and without overlap;
    /// three stages; 128 × 128 with six stages, or three (two blocks per SM); 128 × 192.
    public var candidateConfigs: [W8A8WGMMAConfig] {
        [W8A8WGMMAConfig(), W8A8WGMMAConfig(overlap: false), W8A8WGMMAConfig(stages: 3, overlap: false),
         W8A8WGMMAConfig(blockN: 128, stages: 6), W8A8WGMMAConfig(blockN: 128, stages: 3, overlap: false),
         W8A8WGMMAConfig(blockN: 192, stages: 4)]
            + (spec.operand == .fp8e4m3 ? [W8A8WGMMAConfig(blockN: 128, stages: 3, overlap: false, promote: true),
                                           W8A8WGMMAConfig(blockN: 128, stages: 6, overlap: false, promote: true)] : [])
    }

    /// `w8a8_gemm_wgmma_e4m3_tensor_sym_bf16_gpu_w2n256s4o`.
    public func variantName(_ c: W8A8WGMMAConfig) -> String { "w8a8_gemm_wgmma_\(spec)_gpu_\(c)" }

    /// The oldest PTX ISA (×10): 8.0 (`wgmma`, sm_90a).
    public var minimumPTX: Int { 80 }

    public func validate(_ c: W8A8WGMMAConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "w8a8_gemm_wgmma", message: m) }
        if spec.output != .f16 && spec.output != .bf16 { throw fail("output dtype \(spec.output.name) is not one of f16, bf16") }
        if spec.activationZeroPoint && spec.operand != .int8 { throw fail("activation zero points need int8 operands") }
        if spec.scaling == .block128 { throw fail("block-128 scales are not supported (use w8a8_gemm_mma)") }
        if ![1, 2].contains(c.warpgroups) { throw fail("\(c): 1 or 2 warpgroups") }
        if ![64, 128, 192, 256].contains(c.blockN) { throw fail("\(c): blockN must be 64, 128, 192 or 256") }
        if c.stages < (c.overlap ? 3 : 2) || c.stages > 12 { throw fail("\(c): stages must be 2…12 (3… with overlap)") }
        if c.rasterRows < 1 { throw fail("\(c): rasterRows must be positive") }
        if c.promote && (c.overlap || spec.operand != .fp8e4m3 || c.blockN > 128) {
            throw fail("\(c): promotion is for FP8 without overlap, blockN ≤ 128")
        }
        if c.sharedBytes > 227 * 1024 { throw fail("\(c): \(c.sharedBytes) bytes of shared memory exceed 227 KiB") }
    }

    /// Why this variant cannot run an `m × n × k` problem, or nil when it can.
    public func unsupportedShape(m: Int, n: Int, k: Int, config c: W8A8WGMMAConfig) -> String? {
        if m < 1 || n < 1 || k < 1 { return "\(m)×\(n)×\(k): every dimension must be positive" }
        if k % 16 != 0 { return "K = \(k) is not a multiple of 16 (16-byte cp.async rows)" }
        let limit = Int(Int32.max)
        if m * k > limit || n * k > limit || m * n > limit {
            return "\(m)×\(n)×\(k) has a tensor of 2^31 elements or more (the kernel indexes in 32 bits)"
        }
        return nil
    }

    public func emit(_ c: W8A8WGMMAConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .gpu)
        b.launchBounds(maxThreads: c.threads, minBlocks: 1)
        W8A8WGMMAEmitter(spec: spec, c: c, b: b).emit()
        return b.finish()
    }
}
