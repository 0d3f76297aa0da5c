import KernelIR

/// The schedule of ``W8A8GPUDecode``: `r8t1w4u4` (rows, tiles, then `g4` for four row groups
/// before `w`), then `k2` with split-K, `b4` with a blocks-per-SM launch bound, `p` pipelined,
/// `h` FP8 through f16 `mma`s, `s` staggered, `e` epilogue operands loaded early, `l` tiled weights.
public struct W8A8DecodeConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Tokens served: 8 (one `n8` tile of the `mma`) or 16 (two).
    public var rowBound: Int
    /// 16-row weight tiles per block (`mma` A tiles per warp).
    public var rowTiles: Int
    /// Warps per row group; they take the group's K steps in turn and are added in shared memory.
    public var warps: Int
    /// Row groups per block, one set of `warps` each on its own `16 · rowTiles` rows: bigger
    /// blocks without more registers (fewer blocks, so that they all fit in one wave).
    public var rowWarps: Int
    /// Blocks start their K sweep at different steps (block `x` at `5x mod steps`, wrapping
    /// around), so that concurrent blocks do not all read the same K bytes of their rows.
    public var staggered: Bool
    /// 64-byte K chunks per lane and step (one 16-byte load per weight row and chunk).
    public var unroll: Int
    /// Split-K across blocks (grid z); the last block of a tile adds the partials in split order.
    public var splits: Int
    /// `.minnctapersm`: blocks per SM that ptxas must leave registers for (0: no bound).
    public var minBlocks: Int
    /// Software pipeline: the next step's loads are issued before this step's `mma`s (twice
    /// the fragment registers).
    public var pipelined: Bool
    /// FP8 only: e4m3 converted to f16 once per fragment (`cvt.rn.f16x2.e4m3x2`), then f16
    /// m16n8k16 `mma`s, instead of the e4m3 `mma` that ptxas emulates on sm_90 by converting
    /// both operands for every `mma` (twice the weight conversions at 16 tokens).
    public var halfMMA: Bool
    /// The epilogue's global operands (scales, zero points, column sums of the lane's outputs)
    /// are loaded before the main loop instead of after the warp reduction, so that a block's
    /// tail is barrier, shared-memory sums and stores — no global-memory round trip — at the
    /// cost of 1 (per-tensor FP8) to 8 (int8 channel × token with zero points) live registers.
    /// Same arithmetic in the same order: bitwise the same outputs as without it.
    public var earlyEpilogue: Bool
    /// The weights come in ``W8A8DecodeTiledLayout`` (packed once at load) instead of row-major
    /// `[N, K]`: each warp load reads 512 contiguous bytes and a warp's K sweep walks its tile's
    /// bytes in order. The same bytes reach the same `mma` operands: bitwise the same outputs.
    public var tiled: Bool

    public init(rowBound: Int = 8, rowTiles: Int = 1, warps: Int = 4, unroll: Int = 4, splits: Int = 1, minBlocks: Int = 0,
                pipelined: Bool = false, halfMMA: Bool = false, rowWarps: Int = 1, staggered: Bool = false, earlyEpilogue: Bool = false,
                tiled: Bool = false) {
        self.tiled = tiled
        self.earlyEpilogue = earlyEpilogue
        self.rowWarps = rowWarps
        self.staggered = staggered
        self.pipelined = pipelined
        self.halfMMA = halfMMA
        self.rowBound = rowBound
        self.rowTiles = rowTiles
        self.warps = warps
        self.unroll = unroll
        self.splits = splits
        self.minBlocks = minBlocks
    }

    private enum CodingKeys: String, CodingKey {
        case rowBound, rowTiles, warps, rowWarps, staggered, unroll, splits, minBlocks, pipelined, halfMMA, earlyEpilogue, tiled
    }

    /// Decodes a config; one stored before ``tiled`` existed has row-major weights.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(rowBound: try c.decode(Int.self, forKey: .rowBound), rowTiles: try c.decode(Int.self, forKey: .rowTiles),
                  warps: try c.decode(Int.self, forKey: .warps), unroll: try c.decode(Int.self, forKey: .unroll),
                  splits: try c.decode(Int.self, forKey: .splits), minBlocks: try c.decode(Int.self, forKey: .minBlocks),
                  pipelined: try c.decode(Bool.self, forKey: .pipelined), halfMMA: try c.decode(Bool.self, forKey: .halfMMA),
                  rowWarps: try c.decode(Int.self, forKey: .rowWarps), staggered: try c.decode(Bool.self, forKey: .staggered),
                  earlyEpilogue: try c.decodeIfPresent(Bool.self, forKey: .earlyEpilogue) ?? false,
                  tiled: try c.decodeIfPresent(Bool.self, forKey: .tiled) ?? false)
    }

    public var description: String {
        "r\(rowBound)t\(rowTiles)\(rowWarps > 1 ? "g\(rowWarps)" : "")w\(warps)u\(unroll)\(splits > 1 ? "k\(splits)" : "")\(minBlocks > 0 ? "b\(minBlocks)" : "")"
            + "\(pipelined ? "p" : "")\(halfMMA ? "h" : "")\(staggered ? "s" : "")\(earlyEpilogue ? "e" : "")\(tiled ? "l" : "")"
    }

    /// Threads per block.
    public var threads: Int { 32 * warps * rowWarps }
    /// Weight rows (outputs) per block.
    public var blockRows: Int { 16 * rowTiles * rowWarps }
    /// K bytes one warp streams per step.
    public var stepBytes: Int { 64 * unroll }
    /// Accumulator vectors per lane: row tiles × token tiles.
    var vectors: Int { rowTiles * (rowBound / 8) }
    /// Static shared memory of the warp reduction: one 32-lane × 4-float slot per warp and
    /// accumulator tile (plus a 4-byte split-K flag).
    var reductionBytes: Int { rowWarps * warps * vectors * 32 * 4 * 4 }
    /// The launch grid: one block per `blockRows` weight rows along x, the K splits along z.
    public func grid(n: Int) -> (x: Int, y: Int, z: Int) { ((n + blockRows - 1) / blockRows, 1, splits) }
    /// f32 scratch for split-K (at least one float).
    public func workspaceFloats(n: Int) -> Int { splits > 1 ? splits * grid(n: n).x * rowWarps * vectors * 32 * 4 : 1 }
    /// Arrival counters for split-K, zeroed once (each launch leaves them zero).
    public func counterCount(n: Int) -> Int { grid(n: n).x }
}

/// W8A8 decode GEMV/GEMM for M ≤ 16 on tensor cores: `y[M, N] = Σ_k xq[m, k] · w[n, k]`, scaled,
/// int8 or FP8 e4m3 (``W8A8GPUSpec``, per-tensor or channel × token scales, int8 zero points),
/// f16 or bf16 outputs — a weight-streaming kernel: no shared-memory staging, every weight byte
/// is loaded once straight into the `mma` A fragment.
///
/// Weights are the A operand of `mma.sync.m16n8k32` (16 rows of N), tokens the B operand (8 or
/// 16 columns). Lane `(g, t)` loads 16 bytes at K byte `16t` of each 64-byte chunk of weight rows
/// `g` and `g + 8` (`ld.global.nc.L1::no_allocate.L2::256B`) and the same 16 bytes of token `g`
/// (L1-cached); words `2s, 2s + 1` feed k-step `s` of A and B alike (the K order inside an
/// `mma` is free when both operands agree). A warp streams `unroll` chunks per step — every load
/// of a step issued before its `mma`s — and the warps of a row group take steps in turn; their
/// sums are added in shared memory in warp order, then (split-K) across blocks in split order:
/// bitwise deterministic. On the H200 it streams the large decode shapes at 87–91 % of the copy
/// bandwidth (Tools/gpu/results/2026-11-30-w8a8-decode).
///
/// Parameters: those of ``W8A8GPUGEMM`` (``W8A8GPUParameters``); `workspace` and `counters`
/// sized by ``W8A8DecodeConfig/workspaceFloats(n:)`` and ``W8A8DecodeConfig/counterCount(n:)``;
/// `w` in ``W8A8DecodeTiledLayout`` for ``W8A8DecodeConfig/tiled`` configs. Needs M ≤ `rowBound`
/// and K % 16 == 0 (``unsupportedShape(m:n:k:config:)``).
public struct W8A8GPUDecode: KernelGenerator {
    public var spec: W8A8GPUSpec
    public init(spec: W8A8GPUSpec) { self.spec = spec }

    public var family: KernelFamily { .gemv }

    public var defaultConfig: W8A8DecodeConfig { W8A8DecodeConfig() }

    /// The schedules the bench sweeps, for each row bound: 2/4/8 warps per row group with 2 or
    /// 4 chunks per step, 2 or 4 row groups per block (blocks that all fit in one wave),
    /// 64-register bounds (8 tokens: 16 tokens spill there), one pipelined schedule, split-K,
    /// and for FP8 the f16-`mma` path, with two 16-row tiles per warp at 16 tokens (`t2`: each
    /// converted token fragment feeds 32 rows; in run 6 each of the two tied the `t1` pick on
    /// one large shape and lost on the other, the other six `t2` schedules lost 2.6–15 µs).
    public var candidateConfigs: [W8A8DecodeConfig] {
        let fp8 = spec.operand == .fp8e4m3
        return [8, 16].flatMap { r -> [W8A8DecodeConfig] in
            func c(_ g: Int, _ w: Int, _ u: Int, t: Int = 1, k: Int = 1, b: Int = 0, p: Bool = false, h: Bool = false, s: Bool = false) -> W8A8DecodeConfig {
                W8A8DecodeConfig(rowBound: r, rowTiles: t, warps: w, unroll: u, splits: k, minBlocks: b, pipelined: p, halfMMA: h && fp8, rowWarps: g, staggered: s)
            }
            var configs: [W8A8DecodeConfig]
            if r == 8 {
                configs = [c(1, 4, 4), c(1, 8, 4), c(1, 8, 2), c(1, 8, 4, b: 4), c(1, 4, 4, b: 8), c(1, 2, 4, b: 16), c(2, 4, 4, b: 4),
                           c(4, 2, 4, b: 4), c(2, 2, 4, b: 8), c(4, 2, 2), c(2, 4, 2), c(1, 4, 2, p: true), c(1, 8, 4, k: 2),
                           c(1, 8, 4, b: 4, s: true), c(4, 2, 4, b: 4, s: true), c(2, 2, 4, b: 8, s: true)]
                if fp8 { configs += [c(1, 8, 4, h: true), c(4, 2, 4, h: true), c(2, 2, 4, h: true), c(4, 2, 2, h: true)] }
            } else {
                configs = [c(1, 4, 4), c(1, 4, 2), c(1, 2, 4), c(2, 2, 2), c(4, 2, 2), c(2, 4, 2), c(2, 2, 4), c(1, 8, 4, k: 2),
                           c(1, 4, 4, b: 6), c(1, 4, 2, b: 8), c(1, 8, 4, b: 3)]
                if fp8 {
                    configs += [c(1, 4, 4, h: true), c(1, 4, 2, h: true), c(2, 2, 2, h: true), c(4, 2, 2, h: true), c(2, 2, 4, h: true),
                                c(2, 4, 2, h: true), c(1, 4, 2, p: true, h: true), c(1, 4, 4, b: 6, h: true), c(1, 8, 4, b: 3, h: true),
                                c(1, 4, 2, b: 7, h: true), c(2, 4, 2, b: 3, h: true),
                                c(1, 4, 1, t: 2, b: 7, h: true), c(1, 8, 2, t: 2, b: 2, h: true)]
                }
                configs += wave16Candidates
            }
            return configs + tiledCandidates(rowBound: r)
        }
    }

    /// ``W8A8DecodeConfig/tiled`` twins of the row-major picks of ``config(m:n:k:multiprocessors:tiled:)``
    /// for `rowBound` tokens (and of the large-N pick without its stagger), part of
    /// ``candidateConfigs``; the tiled picks are among them. An L2 prefetch of the step one or
    /// two turns ahead (`prefetch.global.L2`, one line per lane) made every one 12–23 % slower
    /// (Tools/gpu/results/2026-11-30-s7, call 3) and was removed.
    public func tiledCandidates(rowBound r: Int) -> [W8A8DecodeConfig] {
        func c(_ g: Int, _ w: Int, _ u: Int, b: Int = 0, s: Bool = false) -> W8A8DecodeConfig {
            W8A8DecodeConfig(rowBound: r, warps: w, unroll: u, minBlocks: b, halfMMA: r == 16 && spec.operand == .fp8e4m3, rowWarps: g,
                             staggered: s, tiled: true)
        }
        return r == 8 ? [c(1, 8, 4, b: 4), c(2, 2, 4, b: 8, s: true), c(2, 2, 4, b: 8), c(1, 4, 4, b: 8)]
            : [c(1, 4, 4), c(1, 4, 2), c(2, 2, 2, b: 8), c(1, 8, 2, b: 4)]
    }

    /// The 16-token candidates aimed at the M = 16 gap on the large shapes (one wave of blocks at
    /// ≤ 64 registers, and ``W8A8DecodeConfig/earlyEpilogue``), part of ``candidateConfigs`` —
    /// not run on a GPU yet (Tools/gpu/results/2026-11-30-w8a8-decode/NEXT.md has their registers
    /// and waves). FP8 through f16 `mma`s, int8 native.
    public var wave16Candidates: [W8A8DecodeConfig] {
        func c(_ g: Int, _ w: Int, _ u: Int, b: Int = 0, e: Bool = false) -> W8A8DecodeConfig {
            W8A8DecodeConfig(rowBound: 16, warps: w, unroll: u, minBlocks: b, halfMMA: spec.operand == .fp8e4m3, rowWarps: g, earlyEpilogue: e)
        }
        // 8 warps on 16 rows for N = 8192 (512 blocks, 4 per SM); 2-warp row groups, 2 or 4 per
        // block, for N = 28672 (896 or 448 blocks, 8 or 4 per SM); 1 or 2 chunks per step.
        var configs = [c(1, 8, 2, b: 4), c(1, 8, 1, b: 4), c(2, 2, 2, b: 8), c(2, 2, 1, b: 8), c(4, 2, 2, b: 4), c(4, 2, 1, b: 4)]
        // The two picks and two of the above with the epilogue's operands loaded before the main
        // loop (no global-memory round trip in a block's tail).
        configs += [c(1, 4, 2, e: true), c(1, 4, 4, e: true), c(1, 8, 2, b: 4, e: true)]
        // int8 channel × token with zero points holds 8 early operands: spills at 64 registers there.
        if !(spec.activationZeroPoint && !spec.activationPerTensor) { configs.append(c(2, 2, 2, b: 8, e: true)) }
        return configs
    }

    /// Whether the kernel serves `spec` at all (block-128 scales take ``W8A8GPUGEMM``).
    public static func supports(_ spec: W8A8GPUSpec) -> Bool {
        spec.scaling != .block128 && (spec.output == .f16 || spec.output == .bf16) && (!spec.activationZeroPoint || spec.operand == .int8)
    }

    /// A schedule for `m × n × k` on `multiprocessors` SMs, from the H200 sweeps
    /// (Tools/gpu/results/2026-11-30-w8a8-decode, runs 1–3): all blocks resident in one wave.
    /// Up to 8 tokens, 64-register schedules (32 warps per SM): 8-warp blocks on 16 rows (4 per
    /// SM) while the row tiles fit, else blocks of two 2-warp row groups (8 per SM) with
    /// staggered K sweeps. 16 tokens: 4-warp blocks, 2 chunks per step when the row tiles exceed
    /// one wave, FP8 through f16 `mma`s. Split-K only when the rows alone leave SMs idle.
    /// (Run 6: `t2` schedules with 25 % fewer conversions and loads per weight byte were
    /// within 0.3 µs of these at 16 tokens, so the 16-token schedule stays `t1`.)
    ///
    /// `tiled`: for weights in ``W8A8DecodeTiledLayout``, the best tiled schedules of two calls
    /// (Tools/gpu/results/2026-11-30-s7, calls 2–3, FP8 per-tensor): up to 8 tokens 8-warp blocks
    /// on 16 rows (4 per SM) while the row tiles fit, else 4-warp blocks (8 per SM, no stagger);
    /// 16 tokens 8-warp blocks with 2 chunks per step (4 per SM) while the row tiles fit, else
    /// 4-warp blocks with 2 chunks. Against the row-major picks (calls 2–4): 8192 × 8192 −6 % at
    /// M = 1 and 16, M = 16 on 8192 × 28672 −5 %, 28672 × 8192 −1…2 %, but M = 1 on 8192 × 28672
    /// +1 %. The int8 16-token tiled schedules were not timed. The executor holds row-major
    /// weights (a tiled copy slowed its `wgmma` prefill by 12–25 %, calls 4–5), so nothing routes
    /// here yet.
    public func config(m: Int, n: Int, k: Int, multiprocessors: Int = 132, tiled: Bool = false) -> W8A8DecodeConfig {
        let rowTiles = (n + 15) / 16
        var c: W8A8DecodeConfig
        var slotsPerSM: Int
        let fits = rowTiles <= 4 * multiprocessors
        if tiled {
            c = m <= 8 ? W8A8DecodeConfig(rowBound: 8, warps: fits ? 8 : 4, unroll: 4, minBlocks: fits ? 4 : 8, tiled: true)
                : W8A8DecodeConfig(rowBound: 16, warps: fits ? 8 : 4, unroll: 2, minBlocks: fits ? 4 : 0, halfMMA: spec.operand == .fp8e4m3, tiled: true)
            slotsPerSM = m <= 8 && !fits ? 8 : 4
        } else if m <= 8 {
            if rowTiles <= 4 * multiprocessors {
                c = W8A8DecodeConfig(rowBound: 8, warps: 8, unroll: 4, minBlocks: 4)
                slotsPerSM = 4
            } else {
                c = W8A8DecodeConfig(rowBound: 8, warps: 2, unroll: 4, minBlocks: 8, rowWarps: 2, staggered: true)
                slotsPerSM = 8
            }
        } else {
            c = W8A8DecodeConfig(rowBound: 16, warps: 4, unroll: rowTiles > 4 * multiprocessors ? 2 : 4, halfMMA: spec.operand == .fp8e4m3)
            slotsPerSM = 4
        }
        let blocks = c.grid(n: n).x
        let steps = (k + c.stepBytes - 1) / c.stepBytes
        c.splits = max(1, min(8, (slotsPerSM * multiprocessors) / blocks, steps / c.warps))
        return c
    }

    /// `w8a8_decode_mma_e4m3_tensor_sym_bf16_gpu_r8t1w4u4`.
    public func variantName(_ c: W8A8DecodeConfig) -> String { "w8a8_decode_mma_\(spec)_gpu_\(c)" }

    public func validate(_ c: W8A8DecodeConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "w8a8_decode_mma", message: m) }
        if !Self.supports(spec) { throw fail("\(spec): the decode kernel serves per-tensor and channel × token scales, f16/bf16 outputs, zero points for int8") }
        if c.rowBound != 8 && c.rowBound != 16 { throw fail("\(c): rowBound must be 8 or 16") }
        // 4 tiles per warp would be valid code but no device check has run it.
        if ![1, 2].contains(c.rowTiles) { throw fail("\(c): rowTiles must be 1 or 2") }
        if ![1, 2, 4, 8, 16].contains(c.warps) { throw fail("\(c): warps must be 1, 2, 4, 8 or 16") }
        if ![1, 2, 4, 8].contains(c.rowWarps) || c.warps * c.rowWarps > 32 { throw fail("\(c): rowWarps must be 1, 2, 4 or 8, at most 32 warps in all") }
        if c.vectors > c.warps { throw fail("\(c): rowTiles × rowBound / 8 must not exceed warps (one warp finishes each accumulator tile)") }
        if ![1, 2, 4, 8].contains(c.unroll) { throw fail("\(c): unroll must be 1, 2, 4 or 8") }
        if c.splits < 1 || c.splits > 32 { throw fail("\(c): splits must be 1…32") }
        if c.halfMMA && spec.operand != .fp8e4m3 { throw fail("\(c): halfMMA converts e4m3 operands only") }
        if c.minBlocks < 0 || c.minBlocks * c.threads > 2048 { throw fail("\(c): minBlocks × threads must fit 2048 threads per SM") }
        if c.reductionBytes + 4 > 48 * 1024 {
            throw fail("\(c): the warp reduction needs \(c.reductionBytes) bytes of static shared memory (48 KiB at most): fewer warps, row groups or tiles")
        }
    }

    /// Why this variant cannot run an `m × n × k` problem, or nil when it can.
    public func unsupportedShape(m: Int, n: Int, k: Int, config c: W8A8DecodeConfig) -> String? {
        if m < 1 || n < 1 || k < 1 { return "\(m)×\(n)×\(k): every dimension must be positive" }
        if m > c.rowBound { return "M = \(m) exceeds the row bound \(c.rowBound)" }
        if k % 16 != 0 { return "K = \(k) is not a multiple of 16 (16-byte loads)" }
        let limit = Int(Int32.max)
        if n * k > limit || m * k > limit || c.workspaceFloats(n: n) > limit || (c.tiled && W8A8DecodeTiledLayout.bytes(n: n, k: k) > limit) {
            return "\(m)×\(n)×\(k) has a tensor of 2^31 elements or more (the kernel indexes in 32 bits)"
        }
        return nil
    }

    public func emit(_ c: W8A8DecodeConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .gpu)
        b.launchBounds(maxThreads: c.threads, minBlocks: max(1, c.minBlocks))
        W8A8DecodeEmitter(spec: spec, c: c, b: b).emit()
        return b.finish()
    }
}
