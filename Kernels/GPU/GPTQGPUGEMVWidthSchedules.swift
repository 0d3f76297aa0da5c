import KernelIR
import Quantization

/// The 2- and 8-bit schedules of ``GPTQGPUGEMV/preferredConfig(m:n:k:)``.
extension GPTQGPUGEMV {
    /// The 8-bit schedules with bf16 activations below N = 16384, all through the subnormal
    /// dequantization (`z`, 3–10 % faster than the f32 path there: Tools/gpu/results/2026-11-30-bf16-8bit):
    /// at K ≥ 16384 the f16 picks' symmetric schedules with interleaved words (the eleventh
    /// session's call 13: M = 16 11–12 % faster than the schedules of before, M = 1 under 1 %
    /// slower); below, `r8w12c1u4pmb2ziy` and `r16w8n4c1u8ps4mx2ziy` with interleaved words in strips
    /// (the twelfth session's calls 1, 10 and 15, five rounds: 1–3 % faster than the schedules of
    /// before at M = 1 and 16 on 8192 × 8192). One arrangement per shape class serves every M ≤ 16.
    func eightBitBFloatSchedule(m: Int, deep: Bool) -> GPUGEMVConfig {
        var c: GPUGEMVConfig
        if deep {
            c = eightBitSchedule(m: m, wide: false, deep: true, symmetric: true)
        } else if m > 8 {  // r16w8n4c1u8ps4mx2ziy
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 8, splits: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
            c.interleavedWords = true
            c.tiledWords = true
        } else {  // r8w12c1u4pmb2ziy
            c = GPUGEMVConfig(maxRows: 8, warps: 12, unrollK: 4, registerMagic: true, minBlocks: 2)
            c.interleavedWords = true
            c.tiledWords = true
        }
        c.subnormalBF16 = true
        return c
    }

    /// The 8-bit schedules of ``preferredConfig(m:n:k:)`` with f16 activations, from the eleventh
    /// session's sweep of every candidate (Tools/gpu/results/2026-12-01-s11 call 9, checked against
    /// their runners-up in call 10). One arrangement per shape class serves every M ≤ 16: strips
    /// (`y`) for N and K < 16384, GPTQ's words as packed for N ≥ 16384, interleaved words (`i`)
    /// for K ≥ 16384; at M = 16 the staged-activation schedules took 10–33 % off the register ones.
    func eightBitSchedule(m: Int, wide: Bool, deep: Bool, symmetric: Bool) -> GPUGEMVConfig {
        var c: GPUGEMVConfig
        switch (m > 8, wide, deep) {
        case (false, false, false):  // r8w8c1u8pmy
            c = GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 8, registerMagic: true)
        case (true, false, false):  // r16w8c1u4py (symmetric), r16w8c1u4pmy (v1)
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: !symmetric)
        case (false, true, _):  // r8w4c1u4plm
            c = GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 4, l2Prefetch: true, registerMagic: true)
        case (true, true, _):  // r16w8n4c1u8pmx2
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 8, registerMagic: true, columnWarps: 4, activationStages: 2)
        case (false, false, true):  // r8w8c1u8pb2it
            c = GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 8, minBlocks: 2)
            c.pairedBodies = true
        case (true, false, true):  // r16w8n4c1u8ps4mx2i (symmetric), r16w8n4c1u4ps4mx2ie (v1)
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: symmetric ? 8 : 4, splits: 4, registerMagic: true, columnWarps: 4,
                              activationStages: 2)
            c.earlyBodies = symmetric ? 0 : 1
        }
        c.interleavedWords = deep && !wide
        c.tiledWords = !wide && !deep
        return c
    }

    /// The 2-bit schedules of ``preferredConfig(m:n:k:)`` with f16 activations, from the
    /// eleventh session's sweep of every candidate (Tools/gpu/results/2026-12-01-s11 call 6, then
    /// checked against their runners-up in call 7). One arrangement per shape class serves every
    /// M ≤ 16: words as packed in strips (`y`), but interleaved row-major words (`i`) for symmetric
    /// N ≥ 16384 or K ≥ 16384, where the staged-activation M = 16 schedules won by 8–10 %.
    func twoBitSchedule(m: Int, wide: Bool, deep: Bool, symmetric: Bool) -> GPUGEMVConfig {
        var c: GPUGEMVConfig
        switch (m > 8, symmetric, wide, deep) {
        case (false, true, true, _):  // r8w8n4c1u4pmx2b2it
            c = GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2, minBlocks: 2)
            c.pairedBodies = true
        case (false, true, false, true):  // r8w8n2c1u4pmx2ie2
            c = GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 2, activationStages: 2)
            c.earlyBodies = 2
        case (true, true, true, _):  // r16w8n4c1u4pmx2i
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
        case (true, true, false, true):  // r16w8n4c1u4ps4mx2b2ie
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, splits: 4, registerMagic: true, columnWarps: 4, activationStages: 2,
                              minBlocks: 2)
            c.earlyBodies = 1
        case (false, true, false, false):  // r8w12c1u2plmy
            c = GPUGEMVConfig(maxRows: 8, warps: 12, unrollK: 2, l2Prefetch: true, registerMagic: true)
        case (true, true, false, false):  // r16w8c1u2plmy
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, l2Prefetch: true, registerMagic: true)
        case (false, false, true, _):  // r8w4c2u4plmy
            c = GPUGEMVConfig(maxRows: 8, warps: 4, columnWords: 2, unrollK: 4, l2Prefetch: true, registerMagic: true)
        case (false, false, false, true):  // r8w4c2u4ps2lmy
            c = GPUGEMVConfig(maxRows: 8, warps: 4, columnWords: 2, unrollK: 4, splits: 2, l2Prefetch: true, registerMagic: true)
        case (false, false, false, false):  // r8w8c2u2plmy
            c = GPUGEMVConfig(maxRows: 8, warps: 8, columnWords: 2, unrollK: 2, l2Prefetch: true, registerMagic: true)
        case (true, false, true, _):  // r16w4c2u2plmy
            c = GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 2, l2Prefetch: true, registerMagic: true)
        case (true, false, false, _):  // r16w8c2u2plmy
            c = GPUGEMVConfig(maxRows: 16, warps: 8, columnWords: 2, unrollK: 2, l2Prefetch: true, registerMagic: true)
        }
        let interleaved = symmetric && (wide || deep)
        c.interleavedWords = interleaved
        c.tiledWords = !interleaved
        return c
    }

    /// The 2-bit schedules of ``preferredConfig(m:n:k:)`` with bf16 activations, from the twelfth
    /// session's sweep of every candidate (Tools/gpu/results/2026-12-01-s12 call 1): the best
    /// arrangement per shape class over M = 1 and 16 together, the same for both zero-point kinds:
    /// strips (`y`) below 16384, interleaved words (`i`) for N ≥ 16384, interleaved words in strips
    /// (`iy`) for K ≥ 16384. The schedules of before (the 8-bit ones of the tenth session) took
    /// 1.1–1.5× their time at M = 16 and up to 1.5× at M = 1.
    func twoBitBFloatSchedule(m: Int, wide: Bool, deep: Bool, symmetric: Bool) -> GPUGEMVConfig {
        var c: GPUGEMVConfig
        switch (m > 8, wide, deep) {
        case (false, false, false):  // r8w12c1u2plmy (symmetric), r8w8c1u4plmy (v1)
            c = GPUGEMVConfig(maxRows: 8, warps: symmetric ? 12 : 8, unrollK: symmetric ? 2 : 4, l2Prefetch: true, registerMagic: true)
        case (true, false, false):  // r16w8c1u2plmy
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, l2Prefetch: true, registerMagic: true)
        case (false, true, _):  // r8w8n4c1u4pmx2b2it
            c = GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2, minBlocks: 2)
            c.pairedBodies = true
        case (true, true, _):  // r16w8n4c1u4pmx2b2ie
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2, minBlocks: 2)
            c.earlyBodies = 1
        case (false, false, true):  // r8w10c1u4plmiy (symmetric), r8w12c1u2plmiy (v1)
            c = GPUGEMVConfig(maxRows: 8, warps: symmetric ? 10 : 12, unrollK: symmetric ? 4 : 2, l2Prefetch: true, registerMagic: true)
        case (true, false, true):  // r16w8n4c1u4ps4mx2iy
            c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, splits: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
        }
        c.interleavedWords = wide || deep
        c.tiledWords = !wide
        return c
    }
}
