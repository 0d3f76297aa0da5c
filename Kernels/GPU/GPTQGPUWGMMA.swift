import KernelIR
import Quantization

/// The schedule of ``GPTQGPUWGMMA``: compile-time constants of one variant.
public struct GPUWGMMAConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Warpgroups (128 threads) per block; each computes 64 weight columns.
    public var warpgroups: Int
    /// Activation rows (tokens) per block: the `N` of `wgmma.m64nNk16` (16, 64 or 128).
    public var tokens: Int
    /// Shared-memory stages of the `cp.async` activation ring (each `tokens × 64` 16-bit values).
    public var stages: Int
    /// Pipeline steps of weights loaded into registers ahead of their use (1…4; with ``overlap``
    /// the raw words run one step further ahead, since each step dequantizes the next one's).
    public var prefetch: Int
    /// 64-value K blocks per pipeline step (1 or 2): one barrier and one `wgmma` wait per
    /// `64·panels` values of K.
    public var panels: Int
    /// The output tile goes through shared memory and out in 16-byte row chunks (instead of
    /// 4-byte stores of column pairs straight from the accumulators).
    public var stagedStores: Bool
    /// Split-K across blocks (grid z): each of `splits` blocks per output tile takes a contiguous
    /// run of pipeline steps; partial tiles meet in a workspace and the tile's last block adds them
    /// in split order (deterministic). Above 1 the kernel takes two more parameters, `workspace`
    /// (f32, ``workspaceFloats(m:n:)``) and `counters` (i32, ``counterCount(m:n:)``, zero before the
    /// first launch; the kernel leaves them zero).
    public var splits: Int
    /// Dequantize the next pipeline step's weights while this step's `wgmma`s run (issued right
    /// after the barrier, waited for after the dequantization) instead of before the barrier, so
    /// that the tensor cores and the dequantizing ALUs work at once; the next step's A fragments
    /// are carried in registers.
    public var overlap: Bool
    /// Dequantize each K step's A fragment just before its `wgmma` (after the previous steps'
    /// are issued, with a `wgmma.fence` each) instead of all four before the first, so that the
    /// tensor cores start on step 0 while steps 1–3 are dequantized, with no extra registers. In
    /// the SASS of `w4n128s3p1ex` (ptxas 13.0) the `HGMMA`s and the dequantization interleave;
    /// in that of `w4n128s3p1eo` ptxas places the next step's dequantization after the
    /// `WARPGROUP.DEPBAR`, so ``overlap`` gains less than it could. Not with ``overlap``. Prepared
    /// in the sixth session, not yet run on the device.
    public var perStep: Bool

    public init(warpgroups: Int = 4, tokens: Int = 128, stages: Int = 4, prefetch: Int = 1, panels: Int = 1,
                stagedStores: Bool = false, splits: Int = 1, overlap: Bool = false, perStep: Bool = false) {
        self.overlap = overlap
        self.perStep = perStep
        self.warpgroups = warpgroups
        self.tokens = tokens
        self.stages = stages
        self.prefetch = prefetch
        self.panels = panels
        self.stagedStores = stagedStores
        self.splits = splits
    }

    private enum CodingKeys: String, CodingKey {
        case warpgroups, tokens, stages, prefetch, panels, stagedStores, splits, overlap, perStep
    }

    /// Decodes a config; one stored before ``splits``, ``overlap`` or ``perStep`` existed has none of them.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(warpgroups: try c.decode(Int.self, forKey: .warpgroups), tokens: try c.decode(Int.self, forKey: .tokens),
                  stages: try c.decode(Int.self, forKey: .stages), prefetch: try c.decode(Int.self, forKey: .prefetch),
                  panels: try c.decode(Int.self, forKey: .panels), stagedStores: try c.decode(Bool.self, forKey: .stagedStores),
                  splits: try c.decodeIfPresent(Int.self, forKey: .splits) ?? 1,
                  overlap: try c.decodeIfPresent(Bool.self, forKey: .overlap) ?? false,
                  perStep: try c.decodeIfPresent(Bool.self, forKey: .perStep) ?? false)
    }

    /// `w4n128s4p1`, then `k128` for two panels, `e` for staged stores, `sk4` for four splits,
    /// `o` for the overlapped dequantization and `x` for the per-step one.
    public var description: String {
        "w\(warpgroups)n\(tokens)s\(stages)p\(prefetch)\(panels == 2 ? "k128" : "")\(stagedStores ? "e" : "")"
            + (splits > 1 ? "sk\(splits)" : "") + (overlap ? "o" : "") + (perStep ? "x" : "")
    }
    /// Tiles the activation ring runs ahead of the one being computed.
    public var distance: Int { stages - 1 }
    /// Dynamic shared memory per block, to pass at launch (and above 48 KiB to allow first with
    /// `setMaxDynamicSharedMemory`).
    public var sharedBytes: Int { max(stages * stageHalves * 2, stagedStores ? tokens * (columns + 8) * 2 : 0) + 1024 }
    public var threads: Int { 128 * warpgroups }
    /// Weight columns per block.
    public var columns: Int { 64 * warpgroups }
    /// f16 elements of one shared stage (`tokens × 64 × panels`).
    public var stageHalves: Int { tokens * 64 * panels }
    /// The launch grid for an `m × n` output: `(⌈n / columns⌉, ⌈m / tokens⌉)`.
    public func grid(m: Int, n: Int) -> (x: Int, y: Int) { ((n + columns - 1) / columns, (m + tokens - 1) / tokens) }
    /// The launch grid with the splits: `(⌈n / columns⌉, ⌈m / tokens⌉, splits)`.
    public func launchGrid(m: Int, n: Int) -> (x: Int, y: Int, z: Int) {
        let g = grid(m: m, n: n)
        return (g.x, g.y, splits)
    }
    /// f32 elements of the split-K workspace for an `m × n` output (0 without splits).
    public func workspaceFloats(m: Int, n: Int) -> Int {
        guard splits > 1 else { return 0 }
        let g = grid(m: m, n: n)
        return splits * g.x * g.y * columns * tokens
    }
    /// Split-K arrival counters (one per output tile; 0 without splits).
    public func counterCount(m: Int, n: Int) -> Int {
        guard splits > 1 else { return 0 }
        let g = grid(m: m, n: n)
        return g.x * g.y
    }
}

/// Weight-only GEMM for large M (prefill) on Hopper (sm_90a) with `wgmma.mma_async`:
/// `y[M, N] = x[M, K] · W[K, N]` over 2-, 4- or 8-bit GPTQ weights repacked into ``GPTQWGMMALayout``
/// (group −1/16/32/64/128…, symmetric, v1 or v2 zeros, no act-order), f16 or bf16 activations
/// and outputs (the spec's `activation`; `wgmma…f32.bf16.bf16` with the weights dequantized to
/// bf16, ``GPUHalfDequant``), f32 accumulation, f16 scales.
///
/// The kernel computes `yᵀ = Wᵀ · xᵀ`: per warpgroup 64 weight columns are the `wgmma` A operand,
/// dequantized in registers (one 128-bit load per lane per 64 K values, the magic-number
/// conversion, one `fma.f16x2` for `q − z`, one `mul.f16x2` for the scale; the bf16 forms for bf16;
/// 8-bit: two 128-bit loads, a `prmt` per pair — per value for bf16, which converts through f32;
/// 2-bit: one 128-bit load per 128 K with two panels, one 64-bit load per 64 K with one, the
/// magic number on crumbs — see ``GPUHalfDequant``), and `tokens`
/// activation rows are the B operand, staged by `cp.async` in a ring of `stages` shared tiles
/// (K-major, 128-byte rows with `wgmma`'s 128-byte swizzle, so that the copies read whole lines
/// and neither they nor `wgmma` meet bank conflicts). Per 64 K values each
/// warpgroup issues four `wgmma.m64nNk16` and waits for them (with ``GPUWGMMAConfig/overlap``,
/// the 4-bit default, it dequantizes the next 64 K values while they run); the block's warpgroups
/// share the activation tiles, which live in dynamic shared
/// memory: launch with `sharedMemoryBytes: config.sharedBytes`.
///
/// Parameters: the weight-only list (`x, qweight, qzeros, scales, g_idx, y, m, n, k`) with
/// `qweight` repacked (``GPTQWGMMALayout/repack(_:)``); with ``GPUWGMMAConfig/splits`` above 1
/// also `workspace` and `counters`, and the grid ``GPUWGMMAConfig/launchGrid(m:n:)``. Shapes: any M, N a multiple of 8, K a
/// multiple of 8 (and of the group size); tails are predicated (rows clamped, activations past K
/// zero-filled, columns past N not stored).
///
/// **2-bit weights** passed their device check on the H200 (Tools/gpu/results/2026-11-30-s5,
/// self-test `gptq-gemm-wgmma`): 67 cases against float64 — every layout g128/g64/g32/per-channel
/// × symmetric/v1/v2 with f16 and bf16, every 2-bit candidate config, odd and partial K-block
/// counts — worst ‖y − ref‖/‖ref‖ 2.74e-4 (f16) and 2.94e-3 (bf16); five ragged cases under
/// compute-sanitizer memcheck, 0 errors; the 4- and 8-bit cases unchanged (122 and 47 PASS in the
/// same binary). The executor takes them as it takes 4- and 8-bit weights (``verifiedBits``).
public struct GPTQGPUWGMMA: KernelGenerator {
    public var spec: WeightOnlySpec
    public init(spec: WeightOnlySpec) { self.spec = spec }

    /// The widths checked on the H200 (the self-test's float64 comparison; 2-bit in
    /// Tools/gpu/results/2026-11-30-s5): what ``validate(_:)`` accepts.
    public static let verifiedBits = [2, 4, 8]

    public var family: KernelFamily { .gemm }

    /// The fastest config over the three Llama-70B-like shapes at M = 4096 on the H200 (4-bit g128
    /// v1; Tools/gpu/results/2026-11-30-gemm2/run4: 538 / 525 / 547 TFLOP/s). 8-bit weights take
    /// it too: against the runner-up `w4n128s4p1` it was faster on 8-bit g128 v1 (f16 and bf16)
    /// and slower on symmetric, tied over both summed (within 0.2 % over four rounds,
    /// Tools/gpu/results/2026-11-30-gemm8). 2-bit weights take it too: in the call that timed every
    /// 2-bit candidate on the three shapes (Tools/gpu/results/2026-11-30-s5, call 1: the per-config
    /// figures were in that call's output, not in the tree — its configs log came back empty) no
    /// candidate was faster on both symmetric and v1 g128 over the three shapes. The default there, 2-bit v1:
    /// 1.002 / 3.589 / 3.427 ms on 8192², 28672 × 8192 and 8192 × 28672 at M = 4096 (symmetric
    /// 0.949 / 3.435 / 3.294; 4-bit v1 1.023 / 3.829 / 3.490), against cuBLAS fp16 0.690 / 2.887 /
    /// 2.771 in the same call. 4-bit weights take it with ``GPUWGMMAConfig/overlap`` (`w4n128s3p1eo`):
    /// in two calls of the sixth session (Tools/gpu/results/2026-11-30-s6, `wgmma/`) it was faster than
    /// `w4n128s3p1e` on every 4-bit row, f16 v1 0.986–0.991 / 3.638–3.784 / 3.508–3.536 ms against
    /// 1.017–1.022 / 3.825–3.957 / 3.606–3.705, f16 symmetric 8192² 0.929–0.932 against 0.958–0.959,
    /// bf16 v1 1.023 / 3.652 / 3.507 against 1.064 / 3.779 / 3.640; on 8-bit v1 it lost by 5–19 %
    /// and on 2-bit it was mixed, so those keep the plain schedule. Groups of 16 take it too: the
    /// schedule does not depend on the group size, and their overlapped case passed
    /// `gptq-gemm-wgmma` in Tools/gpu/results/2026-11-30-s7 (g16 was not timed apart). The per-step
    /// twins (``GPUWGMMAConfig/perStep``) were not faster in the seventh session's call (4-bit v1
    /// 28672 × 8192: 3.945–3.957 ms against 3.702) and stay candidates. Measured on one chip: move
    /// it into the tuning database when there is one.
    public var defaultConfig: GPUWGMMAConfig {
        GPUWGMMAConfig(stages: 3, stagedStores: true, overlap: spec.layout.bits == 4)
    }

    /// The schedules tried by the tuner, every width with the ``overlapped`` twins. 8-bit weights drop the two-panel ones (`k128`: 16
    /// weight words in flight per lane spill under the 128-register bound, ptxas sm_90a). 2-bit
    /// weights add four-warpgroup two-panel twins of the default (one 128-bit load per lane and
    /// 128 K, the 2-bit layout's unit; not faster than the default on both symmetric and v1 in
    /// Tools/gpu/results/2026-11-30-s5, see ``defaultConfig``), except with zero points and groups of 16 or
    /// 32, where the group parameters of two panels spill (ptxas 13.0 sm_90a: 32 bytes at g16,
    /// 40–48 bytes for the two-warpgroup ones at g32 f16; 4-bit's two-panel configs spill at g16
    /// too).
    public var candidateConfigs: [GPUWGMMAConfig] {
        let layout = spec.layout
        switch layout.bits {
        case 8: return (Self.candidates4 + Self.overlapped).filter { $0.panels == 1 }
        case 2:
            let all = Self.candidates4 + [GPUWGMMAConfig(stages: 3, panels: 2, stagedStores: true),
                                          GPUWGMMAConfig(stages: 4, panels: 2, stagedStores: true), GPUWGMMAConfig(stages: 3, panels: 2)]
                + Self.overlapped
            return layout.groupSize > 0 && layout.groupSize < 64 && layout.zeroPoints != .symmetric ? all.filter { $0.panels == 1 } : all
        default: return Self.candidates4 + Self.overlapped
        }
    }

    /// Twins of the default and of the two- and four-warpgroup schedules with
    /// ``GPUWGMMAConfig/overlap`` (the dequantization of the next step during this step's `wgmma`s;
    /// `w2n128s6p1o` spilled with 8-bit bf16 weights, ptxas 13.0 sm_90a, and is left out) and
    /// with ``GPUWGMMAConfig/perStep``.
    static var overlapped: [GPUWGMMAConfig] {
        [GPUWGMMAConfig(stages: 3, stagedStores: true, overlap: true), GPUWGMMAConfig(overlap: true),
         GPUWGMMAConfig(stagedStores: true, overlap: true), GPUWGMMAConfig(warpgroups: 2, overlap: true),
         GPUWGMMAConfig(warpgroups: 2, stagedStores: true, overlap: true),
         // Per-step dequantization (not faster than the defaults in the seventh session's call).
         GPUWGMMAConfig(stages: 3, stagedStores: true, perStep: true), GPUWGMMAConfig(perStep: true),
         GPUWGMMAConfig(warpgroups: 2, perStep: true)]
    }

    static var candidates4: [GPUWGMMAConfig] {
        [GPUWGMMAConfig(), GPUWGMMAConfig(stages: 3), GPUWGMMAConfig(stages: 5), GPUWGMMAConfig(prefetch: 2),
         GPUWGMMAConfig(warpgroups: 2), GPUWGMMAConfig(warpgroups: 2, stages: 6), GPUWGMMAConfig(tokens: 64, stages: 6),
         GPUWGMMAConfig(warpgroups: 1, stages: 4), GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2),
         GPUWGMMAConfig(stagedStores: true), GPUWGMMAConfig(stages: 3, stagedStores: true), GPUWGMMAConfig(stages: 5, stagedStores: true),
         GPUWGMMAConfig(warpgroups: 2, stagedStores: true), GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2, stagedStores: true),
         // Small M (bf16 layouts the decode GEMV does not serve): 64 columns × 64 tokens per block, 4× the blocks of the default.
         GPUWGMMAConfig(warpgroups: 1, tokens: 64, stages: 4)]
    }

    /// Decode candidates (M = 9…16): 16-token tiles (`wgmma.m64n16k16`) and split-K, so that N =
    /// 8192 (128 warpgroup tiles) puts two or more blocks on each of 132 multiprocessors. Kept out
    /// of ``candidateConfigs`` because the executor's launch (`GPUWeightOnlyKernel`) passes neither
    /// the split grid nor `workspace` and `counters`, and the executor routes M ≤ 16 to the decode
    /// GEMV.
    ///
    /// With overlapped (`o`) twins of three of the plain ones and per-step (`x`) twins of two (the
    /// fourth session's timing predates both). On the H200 at M = 16 (Tools/gpu/results/2026-11-30-s8, call 15) the
    /// best of them are 1.3–1.6× slower than the GEMV picks: `w1n16s4p2sk2o` 66.8 µs against
    /// 44.3 on symmetric 28672 × 8192, `w1n16s4p2sk4o` 64.1 against 42.9 on 8192 × 28672.
    public var decodeCandidateConfigs: [GPUWGMMAConfig] {
        let plain = [GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 4),
                     GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 4, splits: 4),
                     GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, panels: 2, splits: 4),
                     GPUWGMMAConfig(warpgroups: 2, tokens: 16, stages: 4, prefetch: 2, splits: 8),
                     GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 2)]
        let overlapped = [GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 4, overlap: true),
                          GPUWGMMAConfig(warpgroups: 2, tokens: 16, stages: 4, prefetch: 2, splits: 8, overlap: true),
                          GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 2, overlap: true)]
        let perStep = [GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 4, perStep: true),
                       GPUWGMMAConfig(warpgroups: 2, tokens: 16, stages: 4, prefetch: 2, splits: 8, perStep: true)]
        return plain + overlapped + perStep
    }

    public func variantName(_ c: GPUWGMMAConfig) -> String { "gptq_gemm_wgmma_\(spec.layoutName)_gpu_\(c)" }

    public func validate(_ c: GPUWGMMAConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "gptq_gemm_wgmma", message: m) }
        let layout = spec.layout
        if !Self.verifiedBits.contains(layout.bits) {
            throw fail("bit width \(layout.bits) is not supported (2-, 4- and 8-bit only)")
        }
        if layout.actOrder { throw fail("act-order (g_idx) weights are not supported") }
        if ![.f16, .bf16].contains(spec.activation) { throw fail("activations must be f16 or bf16, got \(spec.activation.name)") }
        if spec.convention != .gpu { throw fail("a GPU kernel needs the .gpu convention") }
        let g = layout.groupSize
        if g != -1 && !(g > 0 && (g % 64 == 0 || (g % 16 == 0 && 64 % g == 0))) {
            throw fail("group size \(g) must be −1, 16, 32 or a multiple of 64")
        }
        if ![1, 2, 4].contains(c.warpgroups) { throw fail("\(c): 1, 2 or 4 warpgroups") }
        if ![16, 64, 128].contains(c.tokens) { throw fail("\(c): tokens must be 16, 64 or 128") }
        if c.stages < 2 || c.prefetch < 1 || c.prefetch > 4 || ![1, 2].contains(c.panels) {
            throw fail("\(c): stages ≥ 2, prefetch 1…4, panels 1 or 2")
        }
        if c.perStep && c.overlap { throw fail("\(c): the per-step dequantization (x) and the overlapped one (o) exclude each other") }

        if (c.tokens * 8) % c.threads != 0 && c.threads % (c.tokens * 8) != 0 {
            throw fail("\(c): the 16-byte activation chunks must divide among the threads (or the threads among them)")
        }
        if c.splits < 1 || c.splits > 16 { throw fail("\(c): 1…16 splits") }
        if c.splits > 1 && c.stagedStores { throw fail("\(c): split-K stores from the accumulators (no staged stores)") }
        if c.sharedBytes > 227 * 1024 { throw fail("\(c): the activation stages exceed 227 KiB of shared memory") }
    }

    /// Why this variant cannot run an `m × n × k` problem, or nil when it can.
    public func unsupportedShape(m: Int, n: Int, k: Int, config c: GPUWGMMAConfig) -> String? {
        if m < 1 { return "M = \(m) must be positive" }
        if n < 8 || n % 8 != 0 { return "N = \(n) must be a positive multiple of 8" }
        if k < 8 || k % 8 != 0 { return "K = \(k) must be a positive multiple of 8" }
        if let problem = spec.layout.validate(k: k, n: n) { return problem }
        let limit = Int(Int32.max)
        if m * k > limit || m * n > limit || GPTQWGMMALayout.words(k: k, n: n, bits: spec.layout.bits) > limit {
            return "\(m)×\(n)×\(k) has a tensor of 2^31 elements or more (the kernel indexes in 32 bits)"
        }
        if c.workspaceFloats(m: m, n: n) > limit { return "\(m)×\(n) with \(c.splits) splits: the workspace has 2^31 elements or more" }
        return nil
    }

    public func emit(_ c: GPUWGMMAConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .gpu)
        // Four warpgroups per multiprocessor: ptxas keeps to 128 registers per thread.
        b.launchBounds(maxThreads: c.threads, minBlocks: max(1, 4 / c.warpgroups))
        let p = WeightOnlyParameters(b, spec: spec, output: spec.activation)
        let scratch = c.splits > 1
            ? (workspace: b.parameter("workspace", .pointer(.f32, .global)), counters: b.parameter("counters", .pointer(.i32, .global)))
            : nil
        GPUWGMMAEmitter(layout: spec.layout, c: c, b: b, p: p, activation: spec.activation, scratch: scratch).emit()
        return b.finish()
    }
}
