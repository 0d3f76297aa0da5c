import KernelIR
import Quantization

/// The schedule of ``GPTQGPUGEMV``: compile-time constants of one variant.
public struct GPUGEMVConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The most activation rows the variant computes: 8 (one `mma` column block) or 16 (two).
    public var maxRows: Int
    /// Warps per block: ``columnWarps`` groups of warps side by side along N, each group's
    /// `warps / columnWarps` warps splitting K (the block reduces their partial sums).
    public var warps: Int
    /// Warps side by side along N (1: every warp of the block covers the same columns and the
    /// warps split K). With ``activationStages`` they share one staged copy of the activations.
    public var columnWarps: Int
    /// 128-bit `qweight` words (4 columns each) per lane: a block covers `32·columnWords` columns.
    public var columnWords: Int
    /// K blocks (4 packed rows each) per loop body: the 128-bit loads one lane has in flight
    /// are `unrollK · columnWords`.
    public var unrollK: Int
    /// Software pipelining: load the next body while computing this one (twice the registers
    /// for loads, twice the bytes in flight).
    public var prefetch: Bool
    /// Blocks that split K per column tile (grid y), reduced deterministically through the
    /// `workspace` and `counters` parameters.
    public var splits: Int
    /// Ask the L2 for 256-byte fetches on weight loads (`ld.global.nc.L2::256B` or
    /// `cp.async….L2::256B`, PTX 7.4+).
    public var l2Prefetch: Bool
    /// 0: weights go straight into registers. 2 or more: a ring of `stages` loop bodies per warp
    /// in shared memory, filled with `cp.async` `stages − 1` bodies ahead (each lane copies and
    /// later reads back only its own 16-byte words, so no barrier is needed): bytes in flight
    /// without the registers to hold them.
    public var stages: Int
    /// With ``stages``: stage the activations in the ring too (zero-filled past K and M) rather
    /// than loading them into registers one body ahead.
    public var stagedActivations: Bool
    /// Keep the dequantization's magic number in a register, so that `(w & mask) | magic` is
    /// one `lop3` instead of two (a `lop3` takes one immediate).
    public var registerMagic: Bool
    /// 0: every lane loads its activations from global memory. 2…4: the block stages the
    /// activations of `warps / columnWarps` loop bodies at a time in shared memory with `cp.async`
    /// (`activationStages − 1` chunks ahead, one barrier per chunk), and the column warps read
    /// them from there: the L2 serves each activation once per block instead of once per warp,
    /// and no activation registers are carried across the loop.
    public var activationStages: Int
    /// Blocks per SM the register allocator must allow (`.minnctapersm`, with `.maxntid`); 0 for no bound.
    public var minBlocks: Int
    /// Programmatic dependent launch (sm_90+, PTX 7.8): every block first lets the next kernel in
    /// the stream launch (`griddepcontrol.launch_dependents`), then waits for the previous
    /// kernel (`griddepcontrol.wait`) before it touches the activations, the workspace or the
    /// output; register schedules load their first weights and group parameters (which no
    /// kernel writes) before the wait. Launched with `dependentLaunch: true`, a chain of such
    /// kernels overlaps each kernel's start with its predecessor's tail. Register and
    /// `activationStages` schedules only (no `cp.async` weight ring).
    public var dependentLaunch: Bool
    /// bf16 activations with 8-bit weights or FP8 codes only: dequantize with one `fma.rn.bf16x2`
    /// on bf16 subnormals (``GPUGEMVEmitter/subnormalPair(word:pair:negatedZero:)``, two
    /// instructions per pair as for f16) instead of through f32 (five). Exact where the bf16
    /// `fma` keeps subnormal inputs (PTX has no `.ftz` for bf16); `quantjit-gpu-selftest` checks it.
    public var subnormalBF16: Bool = false
    /// `qweight` comes with the values of every 32-bit word interleaved
    /// (``GPTQGPUGEMV/interleave(_:bits:)``, made once at load): the dequantized pair `i` is then
    /// the K values `2i, 2i + 1`, the order of the activations in memory, so each activation
    /// register feeds the `mma` as loaded instead of through one `prmt` per pair.
    public var interleavedWords: Bool = false
    /// With ``prefetch`` (register and staged-activation schedules): two loop bodies per
    /// iteration, so that the prefetched loads need no register copies at the loop's back edge
    /// (20 `MOV`s per body on the M = 16 staged-activation pick).
    public var pairedBodies: Bool = false
    /// With ``activationStages`` and ``prefetch``, 1 or 2 (0: off): each K chunk issues the weight
    /// and group-parameter loads of the body this many chunks ahead before its barrier, as plain
    /// (coherent) `ld.global`. ptxas may not move those below a `bar.sync`, so they stay a whole
    /// body ahead of their use; the read-only `ld.global.nc` loads it otherwise sinks to the end
    /// of the loop body, next to their use at the back edge, where the warp then waits out the
    /// memory latency
    /// (ptxas 13.0, sm_90: 10 of 20 `LDG`s of `r16w8n4c1u8pmx2i` sit after the last `HMMA`, and
    /// in ncu 32 % of the warps' stall samples at M = 16 on 28672 × 8192 fall on the `MOV`s
    /// that copy them at the back edge). (Register schedules with their loads held above a
    /// `bar.warp.sync` the same way were 10–40 % slower on the H200 at M = 1 and 16:
    /// Tools/gpu/results/2026-11-30-s8/call10.)
    public var earlyBodies: Int = 0
    /// `qweight` comes in 32-column strips (``GPTQGPUGEMV/tile(_:n:)``, made once at load, after
    /// the interleaving of ``interleavedWords`` where that is on): each strip's words row after
    /// row, so that one warp load (4 packed rows × 32 columns) reads 512 contiguous bytes and a
    /// warp's sweep down K walks one contiguous run, where GPTQ's row-major words put the 4 rows
    /// of a load 4·N bytes apart. Not with a `cp.async` ring (``stages``).
    public var tiledWords: Bool = false

    public init(maxRows: Int = 8, warps: Int = 8, columnWords: Int = 1, unrollK: Int = 2, prefetch: Bool = true,
                splits: Int = 1, l2Prefetch: Bool = false, stages: Int = 0, stagedActivations: Bool = true,
                registerMagic: Bool = false, columnWarps: Int = 1, activationStages: Int = 0, minBlocks: Int = 0,
                dependentLaunch: Bool = false) {
        self.dependentLaunch = dependentLaunch
        self.registerMagic = registerMagic
        self.columnWarps = columnWarps
        self.activationStages = activationStages
        self.minBlocks = minBlocks
        self.maxRows = maxRows
        self.warps = warps
        self.columnWords = columnWords
        self.unrollK = unrollK
        self.prefetch = prefetch
        self.splits = splits
        self.l2Prefetch = l2Prefetch
        self.stages = stages
        self.stagedActivations = stages >= 2 && stagedActivations
    }

    private enum CodingKeys: String, CodingKey {
        case maxRows, warps, columnWarps, columnWords, unrollK, prefetch, splits, l2Prefetch, stages, stagedActivations,
             registerMagic, activationStages, minBlocks, dependentLaunch, subnormalBF16, interleavedWords, pairedBodies, earlyBodies, tiledWords
    }

    /// Decodes a config; one stored before ``dependentLaunch``, ``subnormalBF16``,
    /// ``interleavedWords``, ``pairedBodies``, ``earlyBodies`` or ``tiledWords`` existed has them off.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(maxRows: try c.decode(Int.self, forKey: .maxRows), warps: try c.decode(Int.self, forKey: .warps),
                  columnWords: try c.decode(Int.self, forKey: .columnWords), unrollK: try c.decode(Int.self, forKey: .unrollK),
                  prefetch: try c.decode(Bool.self, forKey: .prefetch), splits: try c.decode(Int.self, forKey: .splits),
                  l2Prefetch: try c.decode(Bool.self, forKey: .l2Prefetch), stages: try c.decode(Int.self, forKey: .stages),
                  stagedActivations: try c.decode(Bool.self, forKey: .stagedActivations),
                  registerMagic: try c.decode(Bool.self, forKey: .registerMagic), columnWarps: try c.decode(Int.self, forKey: .columnWarps),
                  activationStages: try c.decode(Int.self, forKey: .activationStages), minBlocks: try c.decode(Int.self, forKey: .minBlocks),
                  dependentLaunch: try c.decodeIfPresent(Bool.self, forKey: .dependentLaunch) ?? false)
        subnormalBF16 = try c.decodeIfPresent(Bool.self, forKey: .subnormalBF16) ?? false
        interleavedWords = try c.decodeIfPresent(Bool.self, forKey: .interleavedWords) ?? false
        pairedBodies = try c.decodeIfPresent(Bool.self, forKey: .pairedBodies) ?? false
        earlyBodies = try c.decodeIfPresent(Int.self, forKey: .earlyBodies) ?? 0
        tiledWords = try c.decodeIfPresent(Bool.self, forKey: .tiledWords) ?? false
    }

    /// `r8w8c1u2p` (`p`: prefetch), with `n4` after the warps for four column warps, then `s4`
    /// for split-K, `l` for the L2 hint, `a4` (`a4x` with staged activations) for a four-stage
    /// `cp.async` ring, `m` for the register magic, `x2` for activations staged per block in two
    /// chunks, `b3` for three blocks per SM, `z` for the bf16 subnormal dequantization, `i` for
    /// interleaved weight words, `y` for words in 32-column strips, `t` for two bodies per loop
    /// iteration, `e` (`e2`) for loads issued one (two) bodies ahead before the chunk's barrier and
    /// `d` for a dependent launch.
    public var description: String {
        let ring = stages >= 2 ? "a\(stages)\(stagedActivations ? "x" : "")" : ""
        return "r\(maxRows)w\(warps)\(columnWarps > 1 ? "n\(columnWarps)" : "")c\(columnWords)u\(unrollK)\(prefetch ? "p" : "")"
            + "\(splits > 1 ? "s\(splits)" : "")\(l2Prefetch ? "l" : "")"
            + ring + (registerMagic ? "m" : "") + (activationStages >= 2 ? "x\(activationStages)" : "")
            + (minBlocks > 0 ? "b\(minBlocks)" : "") + (subnormalBF16 ? "z" : "") + (interleavedWords ? "i" : "") + (tiledWords ? "y" : "") + (pairedBodies ? "t" : "")
            + (earlyBodies > 0 ? "e\(earlyBodies > 1 ? "\(earlyBodies)" : "")" : "") + (dependentLaunch ? "d" : "")
    }

    /// Warps of a column group: they split K.
    public var kWarps: Int { warps / max(1, columnWarps) }
    /// Output columns one warp covers.
    public var warpColumns: Int { 32 * columnWords }
    /// Output columns one block covers.
    public var blockColumns: Int { warpColumns * columnWarps }
    /// Threads per block.
    public var threads: Int { 32 * warps }
    /// How many copies of the weight loop the kernel holds: 2 where the activations travel in
    /// registers (one that zeroes activations past K, run when K is not a whole number of loop
    /// bodies, and one without those selects for every other K), else 1.
    public var bodyLoopCopies: Int { activationStages >= 2 || stagedActivations ? 1 : 2 }
    /// The oldest PTX ISA (×10) the variant's PTX needs: 7.4 for the L2 fetch-size hint, 7.8 for
    /// `griddepcontrol` (which also needs sm_90).
    public var minimumPTX: Int { dependentLaunch ? 78 : l2Prefetch ? 74 : 70 }

    /// The `.maxntid` / `.minnctapersm` a variant declares, nil for none: with `minBlocks` > 0, and
    /// above 256 threads always, since such a block could ask for more than the SM's 64 K registers
    /// (the 14-warp schedule with g32 zero points did on the H200's JIT:
    /// `CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES`); `.maxntid` holds ptxas to one block's share.
    public func launchBound(minBlocks: Int) -> (maxThreads: Int, minBlocks: Int)? {
        minBlocks > 0 || threads > 256 ? (threads, max(1, minBlocks)) : nil
    }

    /// Column tiles for `n` output columns: the grid is `columnTiles(n) × splits`.
    public func columnTiles(n: Int) -> Int { (n + blockColumns - 1) / blockColumns }
    /// f32 elements of the `workspace` parameter for `n` columns (at least 4).
    public func workspaceFloats(n: Int) -> Int { max(4, splits * columnTiles(n: n) * blockColumns * maxRows) }
    /// i32 elements of the `counters` parameter (zeroed once; each launch leaves them zero).
    public func counterCount(n: Int) -> Int { columnTiles(n: n) * columnWarps }
}

/// Weight-only GEMV / skinny GEMM for decode on NVIDIA GPUs (sm_80+): `y[M, N] = x[M, K] ·
/// W[K, N]` over GPTQ-packed 2-, 4- or 8-bit weights, f16 or bf16 activations and outputs, M ≤ 16.
/// bf16: `q − z` in bf16 from the magic `0x4300` for 2- and 4-bit weights (`128 + q` fits bf16's 7
/// mantissa bits); for 8-bit ones either through f32 (`2^23 + q`, then the high halves) or, with
/// ``GPUGEMVConfig/subnormalBF16``, as `(q − z)·2^−8` from one bf16 `fma` on the subnormal bit
/// patterns `0x00qq`; exact every way (the scales multiply in f32 after the `mma`).
///
/// The weight is the `A` operand of `mma.sync.m16n8k16` (16 output columns × 16 K) and the
/// activations the `B` operand (16 K × 8 rows), so one `mma` serves up to 8 rows. Each lane
/// loads one 128-bit word of `qweight` (4 consecutive columns of one packed row — a warp reads
/// 4 whole 128-byte lines), dequantizes it in registers with the magic-number trick
/// (`(w & mask) | 0x6400_6400` is the f16 `1024 + q·2^o`, one `fma.f16x2` gives `q − z`
/// exactly) and feeds two `mma` tiles. The K order inside an `mma` is free as long as the
/// weights and the activations agree, so lane `(g, t)` takes the K values of packed row `t`
/// and pairs value `p` with value `p + V/2` of its word; it loads the matching 16 bytes of
/// activations and pairs them the same way. Scales stay out of the `mma`: each run of K blocks
/// inside one group accumulates `Σ (q − z)·x` in f32, then adds `s · run` per column.
///
/// The warps of a block form ``GPUGEMVConfig/columnWarps`` column groups side by side along N;
/// the warps of a group split K (with ``GPUGEMVConfig/activationStages`` the block stages the
/// activations of each K chunk once in shared memory with `cp.async` and the column groups share
/// them). The block sums the K warps' partials in shared memory in a fixed order; with
/// `splits > 1` blocks split K too and the last block of a column tile adds their partials in
/// split order (an atomic counter picks that block, no float atomics), so results are
/// deterministic. Parameters: the weight-only list (`x, qweight, qzeros, scales, g_idx, y, m,
/// n, k`), then `workspace` (f32, ``GPUGEMVConfig/workspaceFloats(n:)``) and `counters` (i32,
/// ``GPUGEMVConfig/counterCount(n:)``, zero before the first launch). Ragged K: rows past the end read a clamped row and use zero
/// activations; ragged N: loads are clamped and stores guarded (N must be a multiple of 4 for
/// the 128-bit loads); ragged M: rows past M read zeros and are not stored.
public struct GPTQGPUGEMV: KernelGenerator {
    public var spec: WeightOnlySpec
    public init(spec: WeightOnlySpec) { self.spec = spec }

    public var family: KernelFamily { .gemv }

    public static let supportedBits = [2, 4, 8]

    /// The base schedule of the 2- and 8-bit picks (``preferredConfig(m:n:k:)``); for 4-bit weights
    /// the M ≤ 8 pick at 8192 × 8192 before interleaved words and strips.
    public var defaultConfig: GPUGEMVConfig {
        bits == 4 ? GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, l2Prefetch: true, registerMagic: true)
            : GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, prefetch: true)
    }

    public func variantName(_ c: GPUGEMVConfig) -> String { "gptq_gemv_mma_\(spec.layoutName)_gpu_\(c)" }

    var bits: Int { spec.layout.bits }
    /// Values per 32-bit word.
    var valuesPerWord: Int { 32 / bits }
    /// K values of one K block: 4 packed rows, one per lane of a quad.
    var kBlockValues: Int { 4 * valuesPerWord }

    public func validate(_ c: GPUGEMVConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "gptq_gemv_mma", message: m) }
        let layout = spec.layout
        if !Self.supportedBits.contains(layout.bits) {
            throw fail("bit width \(layout.bits) is not one of \(Self.supportedBits.map(String.init).joined(separator: ", "))")
        }
        if layout.actOrder { throw fail("act-order (g_idx) weights are not supported; use gptq_gemv") }
        if spec.activation != .f16 && spec.activation != .bf16 {
            throw fail("activations must be f16 or bf16, got \(spec.activation.name)")
        }
        if spec.convention != .gpu { throw fail("a GPU kernel needs the .gpu convention") }
        if layout.groupSize != -1 && (layout.groupSize <= 0 || layout.groupSize % kBlockValues != 0) {
            throw fail("group size \(layout.groupSize) must be −1 or a multiple of \(kBlockValues) for \(layout.bits)-bit weights")
        }
        if ![8, 16].contains(c.maxRows) { throw fail("maxRows \(c.maxRows) must be 8 or 16") }
        if c.warps < 1 || c.warps > 16 { throw fail("warps \(c.warps) must be in 1...16") }
        if c.splits < 1 || c.splits > 16 { throw fail("splits \(c.splits) must be in 1...16") }
        if ![1, 2].contains(c.columnWords) { throw fail("columnWords \(c.columnWords) must be 1 or 2") }
        if ![1, 2, 4, 8].contains(c.unrollK) { throw fail("unrollK \(c.unrollK) must be 1, 2, 4 or 8") }
        if c.stages != 0 && !(2...8).contains(c.stages) { throw fail("stages \(c.stages) must be 0 (no ring) or 2…8") }
        if c.columnWarps < 1 || c.warps % c.columnWarps != 0 {
            throw fail("columnWarps \(c.columnWarps) must divide warps \(c.warps)")
        }
        if c.activationStages != 0 && !(2...4).contains(c.activationStages) {
            throw fail("activationStages \(c.activationStages) must be 0 (activations from global memory) or 2…4")
        }
        if c.activationStages != 0 && c.stages != 0 { throw fail("activationStages and a cp.async ring (stages) exclude each other") }
        if c.minBlocks < 0 || c.minBlocks > 16 { throw fail("minBlocks \(c.minBlocks) must be in 0...16") }
        if c.dependentLaunch && c.stages != 0 {
            throw fail("a dependent launch needs register or activationStages schedules, not a cp.async weight ring (stages \(c.stages))")
        }
        if c.pairedBodies && !(c.prefetch && c.stages == 0) {
            throw fail("two bodies per iteration (t) pair prefetched loads: it needs prefetch and no cp.async weight ring")
        }
        if c.earlyBodies != 0 && !((1...2).contains(c.earlyBodies) && c.activationStages >= 2 && c.prefetch) {
            throw fail("early loads (e, e2) go 1 or 2 bodies ahead before a staged-activation chunk's barrier: they need activationStages and prefetch")
        }
        if c.earlyBodies == 2 && c.pairedBodies { throw fail("early loads two bodies ahead (e2) take no paired bodies (t)") }
        if c.tiledWords && c.stages != 0 {
            throw fail("words in strips (y) are read straight into registers, not through a cp.async ring (stages)")
        }
        if c.subnormalBF16 && !(spec.activation == .bf16 && layout.bits == 8) {
            throw fail("the subnormal bf16 dequantization (z) is for bf16 activations with 8-bit weights or FP8 codes")
        }
        if sharedBytes(c) > 48 * 1024 {
            throw fail("\(c) needs \(sharedBytes(c)) B of shared memory for its ring and reduction (48 KiB at most)")
        }
    }

    /// Why this variant cannot run an `m × n × k` problem, or nil when it can.
    public func unsupportedShape(m: Int, n: Int, k: Int, config c: GPUGEMVConfig) -> String? {
        if m < 1 || m > c.maxRows { return "M = \(m) is outside 1...\(c.maxRows)" }
        if n < 4 || n % 4 != 0 { return "N = \(n) must be a positive multiple of 4 (128-bit loads of 4 columns)" }
        if let problem = spec.layout.validate(k: k, n: n) { return problem }
        let limit = Int(Int32.max)
        let stored = c.tiledWords ? (n + Self.stripColumns - 1) / Self.stripColumns * Self.stripColumns : n  // strips pad N
        if k / valuesPerWord * stored > limit || m * k > limit || spec.layout.groupCount(k: k) * n > limit {
            return "\(m)×\(n)×\(k) has a tensor of 2^31 elements or more (the kernel indexes in 32 bits)"
        }
        return nil
    }

    /// `qweight` as a variant with ``GPUGEMVConfig/interleavedWords`` reads it: in every 32-bit
    /// word, position `P` holds the stored word's value `2P` for `P < V/2` and `2(P − V/2) + 1`
    /// from there on (`V = 32 / bits` values per word), so the kernel's pair `i` (positions `i`
    /// and `i + V/2`) is the K values `2i, 2i + 1`. A bit permutation inside each word: the size
    /// and the word order stay, and so do `qzeros` and `scales`.
    public static func interleave(_ words: [Int32], bits: Int) -> [Int32] { moveValues(words, bits: bits, inverse: false) }

    /// The inverse of ``interleave(_:bits:)``: GPTQ's words back from interleaved ones.
    public static func deinterleave(_ words: [Int32], bits: Int) -> [Int32] { moveValues(words, bits: bits, inverse: true) }

    /// Moves value `2P` (`P < V/2`) or `2(P − V/2) + 1` of each word to position `P`, or back.
    static func moveValues(_ words: [Int32], bits: Int, inverse: Bool) -> [Int32] {
        let values = 32 / bits, half = values / 2, mask = UInt32((1 << bits) - 1)
        let source = (0..<values).map { $0 < half ? 2 * $0 : 2 * ($0 - half) + 1 }
        return words.map { word in
            let w = UInt32(bitPattern: word)
            var out: UInt32 = 0
            for (position, value) in source.enumerated() {
                let (from, to) = inverse ? (position, value) : (value, position)
                out |= (w >> UInt32(bits * from) & mask) << UInt32(bits * to)
            }
            return Int32(bitPattern: out)
        }
    }

    /// The `qweight` words (`[K / V][n]`, row-major) variant `c` reads: as packed, interleaved
    /// (``interleave(_:bits:)``) for ``GPUGEMVConfig/interleavedWords``, then in strips
    /// (``tile(_:n:)``) for ``GPUGEMVConfig/tiledWords``.
    public func weightWords(_ qweight: [Int32], n: Int, config c: GPUGEMVConfig) -> [Int32] {
        let words = c.interleavedWords ? Self.interleave(qweight, bits: bits) : qweight
        return c.tiledWords ? Self.tile(words, n: n) : words
    }

    /// Columns per strip of ``tile(_:n:)``: one warp's 32 columns.
    public static let stripColumns = 32

    /// Row-major words `[rows][n]` rearranged into strips of 32 columns, strip after strip, each
    /// strip's rows in order (`[n / 32][rows][32]`); a last strip narrower than 32 columns is
    /// padded with zero words to 32. Word `(r, c)` lands at `(c / 32)·rows·32 + r·32 + c % 32`.
    public static func tile(_ words: [Int32], n: Int) -> [Int32] {
        precondition(n > 0 && words.count % n == 0, "tile: \(words.count) words are not rows of \(n)")
        let rows = words.count / n
        var out = [Int32](repeating: 0, count: (n + stripColumns - 1) / stripColumns * stripColumns * rows)
        for r in 0..<rows {
            for c in 0..<n { out[stripIndex(row: r, column: c, rows: rows)] = words[r * n + c] }
        }
        return out
    }

    /// Where word `(row, column)` of a `rows`-row matrix sits in strips (``tile(_:n:)``).
    static func stripIndex(row: Int, column: Int, rows: Int) -> Int {
        (column / stripColumns) * rows * stripColumns + row * stripColumns + column % stripColumns
    }

    /// The inverse of ``tile(_:n:)``: row-major `[rows][n]` words back from strips.
    public static func untile(_ words: [Int32], n: Int) -> [Int32] {
        let strips = (n + stripColumns - 1) / stripColumns
        precondition(n > 0 && words.count % (strips * stripColumns) == 0, "untile: \(words.count) words are not strips of \(n) columns")
        let rows = words.count / (strips * stripColumns)
        var out = [Int32](repeating: 0, count: rows * n)
        for r in 0..<rows {
            for c in 0..<n { out[r * n + c] = words[stripIndex(row: r, column: c, rows: rows)] }
        }
        return out
    }

    /// Quads (4 columns of one row) each lane holds: columnWords × row halves × 2 rows.
    func quads(_ c: GPUGEMVConfig) -> Int { c.columnWords * (c.maxRows / 8) * 2 }
    func sharedFloats(_ c: GPUGEMVConfig) -> Int { max(1, (c.warps - c.columnWarps) * quads(c) * 32 * 4) }
    /// Static shared memory of a variant: the warps' reduction plus the `cp.async` ring or the
    /// staged activations.
    public func sharedBytes(_ c: GPUGEMVConfig) -> Int {
        4 * sharedFloats(c) + 4 * GPUGEMVRing.wordCount(c) + 2 * GPUGEMVRing.activationCount(c, valuesPerWord: valuesPerWord)
            + 2 * GPUGEMVActivationTile.count(c, valuesPerWord: valuesPerWord)
    }

    public func emit(_ c: GPUGEMVConfig) throws -> Kernel {
        try emitBound(c, cutting: [])
    }

    /// A timing bound: variant `c` with the parts `cuts` of its loop left out, under its own
    /// name (``variantName(_:)`` + `_cut_…`). With any cut the kernel computes wrong (finite)
    /// results; `cuts` empty is ``emit(_:)``. The dequantization cut takes f16 activations.
    public func emitBound(_ c: GPUGEMVConfig, cutting cuts: GPUGEMVCuts) throws -> Kernel {
        try validate(c)
        if cuts.contains(.dequantization) && spec.activation != .f16 {
            throw KernelConfigError(generator: "gptq_gemv_mma", message: "the dequantization cut takes f16 activations")
        }
        let b = KernelBuilder(name: variantName(c) + cuts.nameSuffix, convention: .gpu)
        if let bound = c.launchBound(minBlocks: c.minBlocks) { b.launchBounds(maxThreads: bound.maxThreads, minBlocks: bound.minBlocks) }
        GPUGEMVEmitter(generator: self, config: c, builder: b, cuts: cuts).emit()
        return b.finish()
    }
}
