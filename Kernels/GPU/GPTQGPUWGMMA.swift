import KernelIR
import Quantization

/// The schedule of ``GPTQGPUWGMMA``: compile-time constants of one variant.
public struct GPUWGMMAConfig: Hashable, Codable, Sendable, CustomStringConvertible {
    /// Warpgroups (128 threads) per block; each computes 64 weight columns.
    public var warpgroups: Int
    /// Activation rows (tokens) per block: the `N` of `wgmma.m64nNk16` (64 or 128).
    public var tokens: Int
    /// Shared-memory stages of the `cp.async` activation ring (each `tokens × 64` 16-bit values).
    public var stages: Int
    /// K blocks (64 values) of weights loaded into registers ahead of their use (1 or 2).
    public var prefetch: Int
    /// 64-value K blocks per pipeline step (1 or 2): one barrier and one `wgmma` wait per
    /// `64·panels` values of K.
    public var panels: Int
    /// The output tile goes through shared memory and out in 16-byte row chunks (instead of
    /// 4-byte stores of column pairs straight from the accumulators).
    public var stagedStores: Bool

    public init(warpgroups: Int = 4, tokens: Int = 128, stages: Int = 4, prefetch: Int = 1, panels: Int = 1,
                stagedStores: Bool = false) {
        self.warpgroups = warpgroups
        self.tokens = tokens
        self.stages = stages
        self.prefetch = prefetch
        self.panels = panels
        self.stagedStores = stagedStores
    }

    /// `w4n128s4p1`, then `k128` for two panels and `e` for staged stores.
    public var description: String {
        "w\(warpgroups)n\(tokens)s\(stages)p\(prefetch)\(panels == 2 ? "k128" : "")\(stagedStores ? "e" : "")"
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
}

/// Weight-only GEMM for large M (prefill) on Hopper (sm_90a) with `wgmma.mma_async`:
/// `y[M, N] = x[M, K] · W[K, N]` over 4-bit GPTQ weights repacked into ``GPTQWGMMALayout``
/// (group −1/16/32/64/128…, symmetric, v1 or v2 zeros, no act-order), f16 or bf16 activations
/// and outputs (the spec's `activation`; `wgmma…f32.bf16.bf16` with the weights dequantized to
/// bf16, ``GPUHalfDequant``), f32 accumulation, f16 scales.
///
/// The kernel computes `yᵀ = Wᵀ · xᵀ`: per warpgroup 64 weight columns are the `wgmma` A operand,
/// dequantized in registers (one 128-bit load per lane per 64 K values, the magic-number
/// conversion, one `fma.f16x2` for `q − z`, one `mul.f16x2` for the scale; the bf16 forms for bf16), and `tokens`
/// activation rows are the B operand, staged by `cp.async` in a ring of `stages` shared tiles
/// (K-major, 128-byte rows with `wgmma`'s 128-byte swizzle, so that the copies read whole lines
/// and neither they nor `wgmma` meet bank conflicts). Per 64 K values each
/// warpgroup issues four `wgmma.m64nNk16` and waits for them; the block's warpgroups share the activation tiles, which live in dynamic shared
/// memory: launch with `sharedMemoryBytes: config.sharedBytes`.
///
/// Parameters: the weight-only list (`x, qweight, qzeros, scales, g_idx, y, m, n, k`) with
/// `qweight` repacked (``GPTQWGMMALayout/repack(_:)``). Shapes: any M, N a multiple of 8, K a
/// multiple of 8 (and of the group size); tails are predicated (rows clamped, activations past K
/// zero-filled, columns past N not stored).
public struct GPTQGPUWGMMA: KernelGenerator {
    public var spec: WeightOnlySpec
    public init(spec: WeightOnlySpec) { self.spec = spec }

    public var family: KernelFamily { .gemm }

    /// The fastest config over the three Llama-70B-like shapes at M = 4096 on the H200 (4-bit g128
    /// v1; Tools/gpu/results/2026-11-30-gemm2/run4: 538 / 525 / 547 TFLOP/s). Measured on one chip:
    /// move it into the tuning database when there is one.
    public var defaultConfig: GPUWGMMAConfig { GPUWGMMAConfig(stages: 3, stagedStores: true) }

    public var candidateConfigs: [GPUWGMMAConfig] {
        [GPUWGMMAConfig(), GPUWGMMAConfig(stages: 3), GPUWGMMAConfig(stages: 5), GPUWGMMAConfig(prefetch: 2),
         GPUWGMMAConfig(warpgroups: 2), GPUWGMMAConfig(warpgroups: 2, stages: 6), GPUWGMMAConfig(tokens: 64, stages: 6),
         GPUWGMMAConfig(warpgroups: 1, stages: 4), GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2),
         GPUWGMMAConfig(stagedStores: true), GPUWGMMAConfig(stages: 3, stagedStores: true), GPUWGMMAConfig(stages: 5, stagedStores: true),
         GPUWGMMAConfig(warpgroups: 2, stagedStores: true), GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2, stagedStores: true),
         // Small M (bf16 layouts the decode GEMV does not serve): 64 columns × 64 tokens per block, 4× the blocks of the default.
         GPUWGMMAConfig(warpgroups: 1, tokens: 64, stages: 4)]
    }

    public func variantName(_ c: GPUWGMMAConfig) -> String { "gptq_gemm_wgmma_\(spec.layoutName)_gpu_\(c)" }

    public func validate(_ c: GPUWGMMAConfig) throws {
        func fail(_ m: String) -> KernelConfigError { KernelConfigError(generator: "gptq_gemm_wgmma", message: m) }
        let layout = spec.layout
        if layout.bits != 4 { throw fail("bit width \(layout.bits) is not supported (4-bit only)") }
        if layout.actOrder { throw fail("act-order (g_idx) weights are not supported") }
        if ![.f16, .bf16].contains(spec.activation) { throw fail("activations must be f16 or bf16, got \(spec.activation.name)") }
        if spec.convention != .gpu { throw fail("a GPU kernel needs the .gpu convention") }
        let g = layout.groupSize
        if g != -1 && !(g > 0 && (g % 64 == 0 || (g % 16 == 0 && 64 % g == 0))) {
            throw fail("group size \(g) must be −1, 16, 32 or a multiple of 64")
        }
        if ![1, 2, 4].contains(c.warpgroups) { throw fail("\(c): 1, 2 or 4 warpgroups") }
        if ![64, 128].contains(c.tokens) { throw fail("\(c): tokens must be 64 or 128") }
        if c.stages < 2 || c.prefetch < 1 || c.prefetch > 2 || ![1, 2].contains(c.panels) {
            throw fail("\(c): stages ≥ 2, prefetch 1 or 2, panels 1 or 2")
        }
        if (c.tokens * 8) % c.threads != 0 { throw fail("\(c): the 16-byte activation chunks must divide among the threads") }
        if c.sharedBytes > 227 * 1024 { throw fail("\(c): the activation stages exceed 227 KiB of shared memory") }
    }

    /// Why this variant cannot run an `m × n × k` problem, or nil when it can.
    public func unsupportedShape(m: Int, n: Int, k: Int, config c: GPUWGMMAConfig) -> String? {
        if m < 1 { return "M = \(m) must be positive" }
        if n < 8 || n % 8 != 0 { return "N = \(n) must be a positive multiple of 8" }
        if k < 8 || k % 8 != 0 { return "K = \(k) must be a positive multiple of 8" }
        if let problem = spec.layout.validate(k: k, n: n) { return problem }
        let limit = Int(Int32.max)
        if m * k > limit || m * n > limit || GPTQWGMMALayout.words(k: k, n: n) > limit {
            return "\(m)×\(n)×\(k) has a tensor of 2^31 elements or more (the kernel indexes in 32 bits)"
        }
        return nil
    }

    public func emit(_ c: GPUWGMMAConfig) throws -> Kernel {
        try validate(c)
        let b = KernelBuilder(name: variantName(c), convention: .gpu)
        // Four warpgroups per multiprocessor: ptxas keeps to 128 registers per thread.
        b.launchBounds(maxThreads: c.threads, minBlocks: max(1, 4 / c.warpgroups))
        GPUWGMMAEmitter(layout: spec.layout, c: c, b: b, p: WeightOnlyParameters(b, spec: spec, output: spec.activation),
                        activation: spec.activation).emit()
        return b.finish()
    }
}
