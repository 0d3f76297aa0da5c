import KernelIR
import Quantization

/// The 2- and 8-bit schedules of ``GPTQGPUGEMV/preferredConfig(m:n:k:)``, and those of before
/// that 8-bit weights with bf16 activations keep below N and K = 16384.
extension GPTQGPUGEMV {
    /// The schedules measured for 8-bit weights before they had their own picks
    /// (Tools/gpu/results/2026-11-30-gemv), which 8-bit weights with bf16 keep where N and K are
    /// below 16384 (the twelfth session's sweep found nothing over 4 % faster there, call 1).
    public func packedWordSchedule(m: Int, n: Int, k: Int) -> GPUGEMVConfig {
        let wide = n >= 16384, deep = k >= 16384
        var c = defaultConfig
        if m > 8 {
            c = GPUGEMVConfig(maxRows: 16, warps: wide ? 4 : 8, unrollK: 4, prefetch: true)
        } else if wide {
            c = GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 8, prefetch: true)
        } else if deep {
            c = GPUGEMVConfig(maxRows: 8, warps: 8, unrollK: 8, prefetch: true)
        }
        // bf16 with 8-bit weights: the subnormal fma (`d`) where it beat the f32 path, N < 16384
        // (3–10 % faster there, within 3 % of f16); at N ≥ 16384 the f32 path (98–100 registers,
        // one block fewer per SM) was the faster one, in both runs of
        // Tools/gpu/results/2026-11-30-bf16-8bit.
        c.subnormalBF16 = spec.activation == .bf16 && bits == 8 && !wide
        // 8-bit words in 32-column strips: faster than row-major words on 10 of 12 bf16 rows and,
        // with f16, on every benchmarked shape but M = 16 on 28672 × 8192
        // (Tools/gpu/results/2026-12-01-s10 calls 9 and 11). One arrangement serves every M ≤ 16.
        c.tiledWords = bits == 8
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
    /// (`iy`) for K ≥ 16384. The schedules of before (``packedWordSchedule(m:n:k:)``) took
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
