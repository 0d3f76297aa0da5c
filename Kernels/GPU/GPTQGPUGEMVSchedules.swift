import KernelIR
import Quantization

/// The schedules of ``GPTQGPUGEMV``: the measured picks per shape and the candidate lists the
/// benches and the tuner sweep.
extension GPTQGPUGEMV {
    /// The schedule for an `m × n × k` problem, from the per-launch winners of
    /// `quantjit-gpu-selftest --bench-gemv` on the H200 (4-bit g128 v1 and symmetric; runs 1 and 2
    /// of Tools/gpu/results/2026-11-30-gemv3; a new pick replaced the second round's only where
    /// it won in both runs), per zero-point kind:
    ///
    /// | | M ≤ 8 | M ≤ 8, N ≥ 16384 | M > 8 | M > 8, N ≥ 16384 |
    /// |---|---|---|---|---|
    /// | asymmetric | `r8w12c1u4pmb2iy` | `r8w12c1u4pmb2iy` | `r16w8c1u4plmiy` (K ≥ 16384: `r16w8n4c1u4ps4mx2b2iye`) | `r16w8n4c1u4pmx2iy` |
    /// | symmetric | `r8w12c1u4pmb2iy` | `r8w4c1u4plmb7i` | `r16w8c1u4pmiy` (K ≥ 16384: `r16w8n4c1u4ps4mx2iye`) | `r16w8n4c1u8pmx2i` |
    ///
    /// At M > 8 with f16 where 224-column blocks fill the H200 in one wave (N = 28672), the
    /// 7-column-warp schedules take over (``sevenColumnPick(m:n:k:symmetric:)``): v1
    /// `r16w14n7c1u4pmx2iy`, symmetric `r16w14n7c1u4pmx2ie`.
    ///
    /// The ninth session's sweep of every M ≤ 8 register schedule with strips (call 7, two rounds)
    /// moved M ≤ 8 to `r8w12c1u4pmb2iy` but for symmetric N ≥ 16384, 0.3–0.5 µs under the picks
    /// before it: symmetric 8192 × 8192 14.5–14.7 µs, 8192 × 28672 34.8–35.1; v1 8192 × 8192
    /// 14.9–15.1, 28672 × 8192 40.0.
    ///
    /// The ninth session put the words in 32-column strips (``GPUGEMVConfig/tiledWords``, `y`) for
    /// every shape class but symmetric N ≥ 16384 (Tools/gpu/results/2026-11-30-s9 call 5, two
    /// rounds, µs per launch): at M = 1 symmetric 8192 × 8192 14.6–14.8 against 15.2–15.6,
    /// symmetric 8192 × 28672 35.3–35.4 against 36.3–36.5, v1 28672 × 8192 39.6–40.0 against
    /// 40.6–40.8; at M = 16 ±1 µs, except the symmetric 28672 × 8192 `u8` pick (47.4–47.8 against
    /// 44.3–44.9), which keeps row-major words.
    ///
    /// The eighth session moved M = 16, K ≥ 16384 to early loads (``GPUGEMVConfig/earlyBodies``,
    /// Tools/gpu/results/2026-11-30-s8, three rounds on 8192 × 28672): v1 45.0–45.3 µs against
    /// 46.8–46.9 for `r16w8n4c1u4ps4mx2i`, symmetric 43.2–43.4 against 45.9–46.6 for
    /// `r16w8n4c1u8ps4mx2i`. On 28672 × 8192 and at M = 1 they did not win.
    ///
    /// The 12- and 16-warp M ≤ 8 picks (``wideBlockSchedules``) won in both of the fourth
    /// session's sweeps (Tools/gpu/results/2026-11-30-s4/wide and final: 0.4–1.3 µs under the third
    /// round's picks; on v1 8192 × 8192 they tied once and lost once, so that pick stayed until
    /// the ninth session).
    /// Every 4-bit pick reads interleaved words (`i`, ``GPUGEMVConfig/interleavedWords``), in strips
    /// (`y`) but for symmetric N ≥ 16384, so one rewritten `qweight` serves every M ≤ 16 of a shape
    /// class. In the fifth session's two sweeps at M = 16
    /// (Tools/gpu/results/2026-11-30-s5/interleave2) the interleaved schedules won by 3.1–4.1 µs on
    /// 28672 × 8192 (v1 and symmetric) and v1 8192 × 28672 (now the split-K staged schedule) and by
    /// 1.1–1.5 µs on symmetric 8192 × 28672 (two bodies per iteration, `b2it`); 8192 × 8192 tied.
    /// The last sweep (Tools/gpu/results/2026-11-30-s5/deep) moved symmetric 8192 × 28672 on to the
    /// staged `u8` split-K schedule (``deepTiledSchedules``): 45.9 and 45.5 µs against 46.7 and 46.2
    /// (since replaced by the early-load pick, below).
    /// At M = 1 the interleaved twins were within ±0.5 µs of the plain picks in both sweeps except
    /// v1 8192 × 28672 (1.3–1.5 µs faster); they are taken for the single arrangement. v1 at M = 1,
    /// N ≥ 16384 took the staged-activation `r8w8n2c1u8pmx2i` from the fifth session (40.9, 41.2 and
    /// 40.7 µs on 28672 × 8192 against 42.4–42.8 for `r8w12c1u4pmb2(i)`) until strips turned that
    /// around (40.0 against 40.5 µs, ninth session).
    /// 2- and 8-bit weights with f16 activations take their own picks (``twoBitSchedule(m:wide:deep:symmetric:)``,
    /// ``eightBitSchedule(m:wide:deep:symmetric:)``, eleventh session), and so do 8-bit weights with
    /// bf16 at N ≥ 16384, 2-bit ones with bf16 (``twoBitBFloatSchedule(m:wide:deep:symmetric:)``,
    /// twelfth session) and 8-bit weights with bf16 below N = 16384 (``eightBitBFloatSchedule(m:deep:)``).
    /// FP8 codes have their own (``FP8GPUGEMV/preferredConfig(m:n:k:)``).
    /// Measured on one chip: move it into the tuning database when there is one.
    public func preferredConfig(m: Int, n: Int, k: Int) -> GPUGEMVConfig {
        let wide = n >= 16384, deep = k >= 16384
        if bits == 2 {
            let symmetric = spec.layout.zeroPoints == .symmetric
            return spec.activation == .f16 ? twoBitSchedule(m: m, wide: wide, deep: deep, symmetric: symmetric)
                : twoBitBFloatSchedule(m: m, wide: wide, deep: deep, symmetric: symmetric)
        }
        // 8-bit with bf16 takes them at N ≥ 16384 (call 11: 3–5 % faster at M = 1, 13–20 % at M = 16);
        // below, ``eightBitBFloatSchedule(m:deep:)``.
        if bits == 8 {
            guard spec.activation == .bf16 && !wide else {
                return eightBitSchedule(m: m, wide: wide, deep: deep, symmetric: spec.layout.zeroPoints == .symmetric)
            }
            return eightBitBFloatSchedule(m: m, deep: deep)
        }
        guard bits == 4 else { return defaultConfig }
        let symmetric = spec.layout.zeroPoints == .symmetric
        var c = sevenColumnPick(m: m, n: n, k: k, symmetric: symmetric) ?? fourBitSchedule(m: m, wide: wide, deep: deep, symmetric: symmetric)
        c.interleavedWords = true
        // One arrangement per shape class serves every M ≤ 16: strips except symmetric N ≥ 16384,
        // where the `u8` M = 16 pick lost 7 % with them.
        c.tiledWords = !(wide && symmetric)
        return c
    }

    /// The 7-column-warp schedule (``sevenColumnSchedules``) for f16 at M > 8 and K < 16384 where
    /// its 224-column blocks number 120–132, one wave on the H200's 132 SMs (N in 26657…29568, e.g.
    /// 28672), else nil. Sixteenth session (Tools/gpu/results/2026-12-02-s16, call 5 and three
    /// rounds of call 6, µs per launch on 28672 × 8192): symmetric `r16w14n7c1u4pmx2ie` 43.5–43.9
    /// against 44.4–44.6 for `r16w8n4c1u8pmx2i`, v1 `r16w14n7c1u4pmx2iy` 45.8–46.2 against 47.0–47.4
    /// for `r16w8n4c1u4pmx2iy`; with the `.maxntid` bound every 14-warp block now carries (call 8, two
    /// rounds) symmetric 44.0–44.4 against 44.2–44.5 (a tie), v1 46.7–46.8 against 47.0–47.2. A small
    /// gain, not the lever.
    func sevenColumnPick(m: Int, n: Int, k: Int, symmetric: Bool) -> GPUGEMVConfig? {
        var c = GPUGEMVConfig(maxRows: 16, warps: 14, unrollK: 4, registerMagic: true, columnWarps: 7, activationStages: 2)
        c.earlyBodies = symmetric ? 1 : 0
        return m > 8 && k < 16384 && spec.activation == .f16 && (120...132).contains(c.columnTiles(n: n)) ? c : nil
    }

    /// The 4-bit schedules of ``preferredConfig(m:n:k:)`` before interleaving.
    func fourBitSchedule(m: Int, wide: Bool, deep: Bool, symmetric: Bool) -> GPUGEMVConfig {
        switch (m > 8, wide, symmetric) {
        case (false, true, false) where spec.activation == .bf16:
            // bf16 with zero points at M ≤ 8, N ≥ 16384 (Tools/gpu/results/2026-12-01-s12 calls 6 and
            // 10, three rounds): `r8w4c1u8pmiy` (38.9–39.7 µs against 41.5–41.8 on 28672 × 8192; still
            // ahead of the f16 pick after the seventeenth session's loop change, 38.8 against 39.4–39.7).
            // Below 16384 bf16 takes the f16 pick since then: `r8w12c1u4pmb2iy` against the twelfth
            // session's `r8w12c1u4plmiy`, 15.1 against 17.1 µs on 8192 × 8192 and 36.0–36.3 against
            // 40.2 on 8192 × 28672 (Tools/gpu/results/2026-12-02-s17 call 10, three rounds). Symmetric
            // bf16 and every M = 16 pick were within 1 % of the best.
            return GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 8, registerMagic: true)
        case (false, _, false), (false, false, true): return GPUGEMVConfig(maxRows: 8, warps: 12, unrollK: 4, registerMagic: true, minBlocks: 2)
        case (false, true, true):
            // Seven 4-warp blocks per SM (72 registers): 28672 × 8192's 896 blocks then fill 924 slots,
            // one wave. Without the bound, the twice-emitted weight loop took 76 registers, 6 blocks
            // per SM, and 35.5 → 43.9 µs (Tools/gpu/results/2026-12-02-s17, calls 1–2).
            return GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 4, l2Prefetch: true, registerMagic: true, minBlocks: 7)
        case (true, false, false):
            guard deep else { return GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, l2Prefetch: true, registerMagic: true) }
            var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, splits: 4, registerMagic: true, columnWarps: 4, activationStages: 2,
                                  minBlocks: 2)
            c.earlyBodies = 1
            return c
        case (true, false, true):
            guard deep else { return GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true) }
            var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, splits: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
            c.earlyBodies = 1
            return c
        case (true, true, false):
            return GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
        case (true, true, true):
            return GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 8, registerMagic: true, columnWarps: 4, activationStages: 2)
        }
    }

    /// The register-staged schedules that won on the H200 before the `cp.async` ring
    /// (`Tools/gpu/results/2026-11-30-gemv`), kept as the baseline.
    static let registerSchedules = [
        GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4), GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 8),
        GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 8), GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 4, prefetch: false),
        GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4), GPUGEMVConfig(maxRows: 16, warps: 4, unrollK: 4),
        GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, l2Prefetch: true),
    ]

    /// Register-staged schedules with the magic number in a register (one `lop3` per value
    /// pair), 256-byte rows per warp (two column words with the L2 hint) and split-K for the
    /// shapes with few column tiles: (rows, warps, column words, unrollK, prefetch, splits, L2 hint).
    static let tunedSchedules = [
        (8, 10, 1, 4, true, 1, false), (8, 4, 1, 8, true, 1, false), (8, 8, 1, 8, true, 1, false), (8, 8, 1, 4, false, 1, false),
        (8, 4, 1, 8, true, 1, true), (8, 10, 1, 4, true, 1, true), (8, 4, 2, 4, true, 1, true), (8, 8, 2, 2, true, 1, true),
        (8, 4, 2, 2, true, 1, true), (8, 8, 1, 4, true, 2, false), (8, 4, 1, 8, true, 2, false), (8, 4, 2, 4, true, 2, true),
        (16, 8, 1, 4, true, 1, false), (16, 4, 1, 4, true, 1, false), (16, 8, 1, 2, true, 1, true), (16, 4, 2, 2, true, 1, true),
        (16, 8, 2, 2, true, 1, true), (16, 8, 1, 4, true, 2, false), (16, 4, 2, 2, true, 2, true),
        // Third sweep: more warps per SM for the 256-column-tile shapes, the hint everywhere.
        // (Registers are allocated per warp in units of 256: 84 registers × 12 warps no longer fit twice.)
        (8, 12, 1, 2, true, 1, true), (8, 8, 1, 4, true, 1, true), (8, 4, 1, 4, true, 1, true), (8, 6, 1, 4, true, 1, true),
        (16, 8, 1, 4, true, 1, true), (16, 4, 1, 4, true, 1, true),
    ].map {
        GPUGEMVConfig(maxRows: $0.0, warps: $0.1, columnWords: $0.2, unrollK: $0.3, prefetch: $0.4, splits: $0.5, l2Prefetch: $0.6,
                      registerMagic: true)
    }

    /// `cp.async` ring schedules (the three fastest of the first H200 sweep, all slower than the
    /// register schedules there; see `Tools/gpu/results/2026-11-30-gemv2`).
    static let ringSchedules = [
        GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 2, stages: 4, stagedActivations: false),
        GPUGEMVConfig(maxRows: 8, warps: 4, columnWords: 2, unrollK: 2, l2Prefetch: true, stages: 4, stagedActivations: false),
        GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, stages: 3, stagedActivations: false, registerMagic: true),
    ]

    /// Activations staged once per block in shared memory (``GPUGEMVConfig/activationStages``),
    /// with column warps sharing them: (rows, warps, column warps, unrollK, splits, L2 hint,
    /// activation stages). The ones within reach of the winners in the third round's first run.
    static let tiledSchedules = [
        (16, 8, 4, 4, 1, false, 2), (16, 8, 4, 4, 1, false, 3), (16, 8, 4, 8, 1, false, 2), (16, 8, 4, 4, 1, true, 2),
        (16, 8, 4, 4, 4, false, 2), (16, 8, 2, 4, 2, false, 2), (16, 4, 4, 4, 2, false, 2), (8, 8, 2, 8, 1, false, 2),
        (8, 8, 4, 4, 1, false, 2),
    ].map {
        GPUGEMVConfig(maxRows: $0.0, warps: $0.1, unrollK: $0.3, prefetch: true, splits: $0.4, l2Prefetch: $0.5, registerMagic: true,
                      columnWarps: $0.2, activationStages: $0.6)
    }

    /// ``preferredConfig(m:n:k:)`` at M = 1 and 16 on the three benchmarked shapes, each once:
    /// every M and shape class.
    public var benchmarkedPicks: [GPUGEMVConfig] { Self.benchmarkedPicks(of: preferredConfig) }

    /// `pick(m, n, k)` at M = 1 and 16 on 8192 × 8192, 28672 × 8192 and 8192 × 28672, each once
    /// (``benchmarkedPicks``, ``FP8GPUGEMV/benchmarkedPicks``).
    public static func benchmarkedPicks(of pick: (_ m: Int, _ n: Int, _ k: Int) -> GPUGEMVConfig) -> [GPUGEMVConfig] {
        variants(of: [1, 16].flatMap { m in [(8192, 8192), (28672, 8192), (8192, 28672)].map { pick(m, $0.0, $0.1) } }) { _ in true }
    }

    /// `configs`, each changed by `change` (which returns false to leave one out), without repeats,
    /// in first-seen order.
    static func variants(of configs: [GPUGEMVConfig], _ change: (inout GPUGEMVConfig) -> Bool) -> [GPUGEMVConfig] {
        var seen: [GPUGEMVConfig] = []
        for var c in configs where change(&c) && !seen.contains(c) { seen.append(c) }
        return seen
    }

    /// The preferred schedules for every M and shape class (``preferredConfig(m:n:k:)``) as
    /// dependent launches (sm_90+; not in ``candidateConfigs``, which also serve sm_80).
    public var dependentConfigs: [GPUGEMVConfig] {
        Self.variants(of: benchmarkedPicks) { c in
            c.dependentLaunch = true
            return true
        }
    }

    /// 12 and 16 warps a block for M ≤ 8 (at N = 8192 the grid has only 256 blocks, so more warps
    /// per SM means more warps per block), held to two blocks per SM where needed (`b2`; ptxas
    /// sm_90: 64–84 registers, no spills — `r8w16c1u4pmb2` spilled and is left out): (warps,
    /// unrollK, L2 hint, minBlocks).
    static let wideBlockSchedules = [(12, 4, true, 0), (12, 4, false, 2), (16, 2, true, 2), (16, 2, false, 2)].map {
        GPUGEMVConfig(maxRows: 8, warps: $0.0, unrollK: $0.1, prefetch: true, l2Prefetch: $0.2, registerMagic: true, minBlocks: $0.3)
    }

    /// M = 16 staged-activation schedules with `u8` bodies (the symmetric 28672 × 8192 pick's
    /// depth) and interleaved words, for the fifth session's last sweep: the L2 hint, four warps
    /// that each cover their own columns over all of K (no in-block reduction), and split-K by
    /// two and four: (warps, column warps, splits, L2 hint). With zero points they take 164–168
    /// registers (one block per SM) and lose; held to two blocks per SM (`b2`, 128 registers, no
    /// spills) the split-K ones still lost to the v1 picks by 1.7–8.6 µs in two sweeps
    /// (Tools/gpu/results/2026-11-30-s5/bounded), so that variant is not a candidate.
    static let deepTiledSchedules = [(8, 4, 1, true), (4, 4, 1, false), (8, 4, 2, false), (8, 4, 4, false), (4, 4, 2, false)].map {
        var c = GPUGEMVConfig(maxRows: 16, warps: $0.0, unrollK: 8, prefetch: true, splits: $0.2, l2Prefetch: $0.3, registerMagic: true,
                              columnWarps: $0.1, activationStages: 2)
        c.interleavedWords = true
        return c
    }

    /// The staged-activation picks of the fifth to seventh sessions (4-bit, interleaved words):
    /// `r16w8n4c1u8pmx2i` and `r16w8n4c1u4pmx2i` (M = 16, N ≥ 16384, symmetric and v1),
    /// `r16w8n4c1u8ps4mx2i` and `r16w8n4c1u4ps4mx2i` (M = 16, K ≥ 16384, before early loads) and
    /// `r8w8n2c1u8pmx2i` (M = 1, v1, N ≥ 16384): what ``earlyLoadConfigs`` derives from, fixed so
    /// that the candidates do not move with the picks.
    static let earlyLoadBases: [GPUGEMVConfig] = [(16, 4, 8, 1), (16, 4, 4, 1), (16, 4, 8, 4), (16, 4, 4, 4), (8, 2, 8, 1)].map {
        var c = GPUGEMVConfig(maxRows: $0.0, warps: 8, unrollK: $0.2, prefetch: true, splits: $0.3, registerMagic: true, columnWarps: $0.1,
                              activationStages: 2)
        c.interleavedWords = true
        return c
    }

    /// ``earlyLoadBases`` with ``GPUGEMVConfig/earlyBodies`` (`e`): as they are, the `u8` ones with
    /// `u4` bodies, the `u4` ones two bodies ahead (`e2`) and held to two blocks per SM (`b2`).
    /// ptxas 13.0, sm_90: `r16w8n4c1u8pmx2ie` takes 172 registers (126 without `e`: one block per
    /// SM instead of two), `r16w8n4c1u4pmx2ie` 114 (v1: 138, and 120 as `b2ie`); held to 128
    /// registers, the `u8` and the `e2` ones spill. The 4-bit M = 16, K ≥ 16384 picks are among them.
    public var earlyLoadConfigs: [GPUGEMVConfig] {
        let bases = Self.earlyLoadBases
        func early(_ configs: [GPUGEMVConfig], unrollK: Int? = nil, bodies: Int = 1) -> [GPUGEMVConfig] {
            Self.variants(of: configs) { c in
                if let unrollK {
                    guard c.unrollK != unrollK else { return false }
                    c.unrollK = unrollK
                }
                c.earlyBodies = bodies
                if bodies == 2 { c.minBlocks = 0 }
                return true
            }
        }
        let stagedEarly = Self.variants(of: early(bases) + early(bases.filter { $0.unrollK == 8 }, unrollK: 4)) { _ in true }
        let fourBodies = stagedEarly.filter { $0.unrollK == 4 }
        return stagedEarly + early(fourBodies, bodies: 2) + Self.variants(of: fourBodies) { c in
            guard c.warps <= 8 && c.minBlocks == 0 else { return false }
            c.minBlocks = 2
            return true
        }
    }

    /// The picks of ``preferredConfig(m:n:k:)`` for every M and shape class and the staged-activation
    /// schedules, with ``GPUGEMVConfig/interleavedWords`` (the executor interleaves `qweight` once
    /// at load for them): the `prmt` that pairs each activation register goes, 64 of the 618 SASS
    /// instructions of the M = 16 loop body on 28672 × 8192 (ptxas 13.0, sm_90).
    public var interleavedConfigs: [GPUGEMVConfig] {
        Self.variants(of: benchmarkedPicks + Self.tiledSchedules) { c in
            c.interleavedWords = true
            c.tiledWords = false  // the picks' row-major twins; ``stripConfigs`` has the strips
            return true
        }
    }

    /// ``interleavedConfigs`` of at most 8 warps with ``GPUGEMVConfig/pairedBodies``, held to two
    /// blocks per SM (`b2`: 128 registers; unpaired, the M = 16 picks hold 124–126, paired
    /// 129–138 without the bound). ptxas 13.0 sm_90 on the symmetric M = 16 picks: 341 → 585 SASS
    /// instructions per two bodies for `r16w8c1u4pmi` (`b2it`: 621, no spills), and 532 → 511 per
    /// 64 `mma` for the staged `u8` pick as `r16w8n4c1u4pmx2b2it`; `r16w8n4c1u8pmx2b2it` spills.
    public var pairedConfigs: [GPUGEMVConfig] {
        Self.variants(of: interleavedConfigs) { c in
            guard c.warps <= 8 && c.prefetch && c.stages == 0 && [0, 2].contains(c.minBlocks) && c.earlyBodies == 0 else { return false }
            c.pairedBodies = true
            c.minBlocks = 2
            if c.activationStages >= 2 && c.unrollK == 8 { c.unrollK = 4 }
            return true
        }
    }

    /// The strip twins (``GPUGEMVConfig/tiledWords``: each warp load one contiguous 512 bytes) of
    /// ``benchmarkedPicks`` (most of which read strips already), of the 8-row register schedules
    /// and of the staged-activation schedules, all with interleaved words (for 2- and 8-bit
    /// weights, whose M ≤ 8 sweeps were won by interleaved strips where no M = 16 schedule with
    /// them was a candidate: Tools/gpu/results/2026-12-01-s11 NEXT.md).
    public var stripConfigs: [GPUGEMVConfig] {
        let eightRows = Self.variants(of: Self.registerSchedules + Self.tunedSchedules + Self.wideBlockSchedules) { c in
            guard c.maxRows == 8 else { return false }
            c.interleavedWords = true
            return true
        }
        let staged = Self.variants(of: Self.tiledSchedules) { c in
            c.interleavedWords = true
            return true
        }
        return Self.variants(of: benchmarkedPicks + eightRows + staged) { c in
            guard c.interleavedWords && c.stages == 0 else { return false }
            c.tiledWords = true
            return true
        }
    }

    /// 2- and 8-bit weights (and FP8 codes, ``FP8GPUGEMV``): the strip twins
    /// (``GPUGEMVConfig/tiledWords``, words as packed) of the picks and of the register schedules.
    public var packedStripConfigs: [GPUGEMVConfig] {
        guard bits != 4 else { return [] }
        return Self.variants(of: benchmarkedPicks + Self.registerSchedules + Self.tunedSchedules) { c in
            guard !c.interleavedWords && c.stages == 0 else { return false }
            c.tiledWords = true
            return true
        }
    }

    public var candidateConfigs: [GPUGEMVConfig] {
        let schedules = Self.registerSchedules + Self.tunedSchedules + Self.ringSchedules + Self.tiledSchedules + Self.wideBlockSchedules
            + interleavedConfigs + pairedConfigs + Self.deepTiledSchedules + earlyLoadConfigs + stripConfigs + packedStripConfigs
            + (bits == 4 ? Self.sevenColumnSchedules : [])
        // Only what this spec can build: a schedule sized for 4-bit words may need more shared
        // memory with 2-bit ones (16 values a word stage 4 times the activations).
        let valid: (inout GPUGEMVConfig) -> Bool = { c in (try? self.validate(c)) != nil }
        guard spec.activation == .bf16 && bits == 8 else { return Self.variants(of: schedules, valid) }
        // bf16 with 8-bit weights: every schedule also with the subnormal dequantization.
        return Self.variants(of: schedules + schedules.map { c in
            var d = c
            d.subnormalBF16 = true
            return d
        }, valid)
    }
    /// M = 16 staged-activation schedules of 7 column warps × 2 K warps (224-column blocks, one per
    /// SM at 94–124 registers): 28672 × 8192 then takes 128 blocks on 128 of the H200's 132 SMs,
    /// where the 128-column picks' 224 blocks fill 264 two-per-SM slots unevenly
    /// (``sevenColumnPick(m:n:k:symmetric:)``): (warps, unrollK, activation stages, early, strips).
    /// Also tried in the sixteenth session (call 5) and left out: `u2` bodies (1.6–1.8× slower) and
    /// 7 warps without a K split (1.4×).
    static let sevenColumnSchedules = [(14, 4, 2, false, false), (14, 4, 3, false, false), (14, 4, 2, true, false),
                                       (14, 4, 2, false, true)].map {
        var c = GPUGEMVConfig(maxRows: 16, warps: $0.0, unrollK: $0.1, prefetch: true, registerMagic: true, columnWarps: 7,
                              activationStages: $0.2)
        c.interleavedWords = true
        c.earlyBodies = $0.3 ? 1 : 0
        c.tiledWords = $0.4
        return c
    }

    /// The 4-bit schedules the second round picked (Tools/gpu/results/2026-11-30-gemv2): the
    /// "before" of `quantjit-gpu-selftest --bench-gemv`.
    public var baselineConfigs: [GPUGEMVConfig] {
        [(8, 10, 1, 4, true), (8, 10, 1, 4, false), (8, 8, 1, 8, false), (8, 4, 1, 4, true),
         (16, 8, 1, 4, true), (16, 8, 1, 4, false), (16, 4, 1, 4, false), (16, 4, 2, 2, true)].map {
            GPUGEMVConfig(maxRows: $0.0, warps: $0.1, columnWords: $0.2, unrollK: $0.3, l2Prefetch: $0.4, registerMagic: true)
        }
    }
}
