import KernelIR
import Kernels
import Quantization

/// The 2-bit cases of `gptq-gemm-wgmma`: `GPTQWGMMALayout`'s crumb order (one 128-bit load per
/// lane and 128 K for two-panel steps, a 64-bit half for one-panel ones) and `GPUHalfDequant`'s
/// crumb conversions (f16: `1024 + q·4^r`, fma by `4^−r`; bf16: `128 + q`) against the float64
/// reference, f16 and bf16. They first passed on the H200 in Tools/gpu/results/2026-11-30-s5
/// (67 cases; memcheck 0 errors on ``twoBitSmallCases``), which is why the executor routes 2-bit
/// prefill to the wgmma GEMM; they run with every `gptq-gemm-wgmma` run, alone with
/// `QUANTJIT_WGMMA_CHECK=2bit` (`2bit-small` for compute-sanitizer).
extension GEMMMMAWGMMACheck {
    /// Group 128, 64, 32 and per-channel × symmetric, v1, v2 × f16, bf16 with the default config
    /// at ragged M, N (a multiple of 8, not of 16) and K (an odd count of 64-value blocks where
    /// the group allows: the two-panel step's second half is the layout's padding); every 2-bit
    /// candidate config on g128 v1 (f16; five of them in bf16); two-panel configs at odd and
    /// partial K-block counts; the odd shapes of the 4- and 8-bit lists (M = 1, 37, 65, 77, 129,
    /// 130; N = 8, 72, 136, 520; K = 96 … 1088; g16); two split-K decode configs at M = 16.
    static var twoBitCases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] {
        var cases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] = []
        // K: g128 6 blocks; g64 5 (odd); g32 2.5 → 3 (odd, partial); per-channel 3.25 → 4 (partial).
        let depth = [128: 384, 64: 320, 32: 160, -1: 208]
        for activation in [ScalarType.f16, .bf16] {
            for g in [128, 64, 32, -1] {
                for z in GPTQZeroPoints.allCases {
                    let layout = GPTQLayout(bits: 2, groupSize: g, zeroPoints: z)
                    cases.append((layout, generator(layout, activation: activation).defaultConfig, 200, 264, depth[g]!, activation))
                }
            }
        }
        let v1 = GPTQLayout(bits: 2, groupSize: 128, zeroPoints: .v1)
        for c in generator(v1).candidateConfigs { cases.append((v1, c, 300, 264, 640, .f16)) }
        for c in [GPUWGMMAConfig(), GPUWGMMAConfig(warpgroups: 2), GPUWGMMAConfig(warpgroups: 1, tokens: 64, stages: 4),
                  GPUWGMMAConfig(stages: 3, panels: 2, stagedStores: true), GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2)] {
            cases.append((v1, c, 300, 264, 640, .bf16))
        }
        let twoPanel = GPUWGMMAConfig(stages: 3, panels: 2, stagedStores: true)
        for activation in [ScalarType.f16, .bf16] {
            // Two panels where the last step's second K block is padding (odd count) or partial.
            cases.append((GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v2), twoPanel, 130, 136, 320, activation))
            cases.append((GPTQLayout(bits: 2, groupSize: -1, zeroPoints: .v1), GPUWGMMAConfig(stages: 4, panels: 2), 77, 136, 208, activation))
            cases.append((GPTQLayout(bits: 2, groupSize: 16), GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2), 65, 72, 1040, activation))
            // The odd shapes of the 4- and 8-bit lists.
            cases += GEMMMMAWGMMACheck.oddShapeCases(bits: 2, perChannelK: 208, activation: activation)
        }
        // Split-K (the decode candidates, not routed): one and two panels, split ranges that end mid-K.
        for c in [GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 4),
                  GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, panels: 2, splits: 4)] {
            cases.append((v1, c, 16, 264, 1408, .f16))
        }
        return cases
    }

    /// A few ragged 2-bit cases for compute-sanitizer memcheck (`QUANTJIT_WGMMA_CHECK=2bit-small`).
    static var twoBitSmallCases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] {
        let v1 = GPTQLayout(bits: 2, groupSize: 128, zeroPoints: .v1)
        // The default overlapped, 11 steps of 64 (odd: the loop's single last step).
        let overlapped = GPUWGMMAConfig(stages: 3, stagedStores: true, overlap: true)
        return [(v1, generator(v1).defaultConfig, 200, 264, 384, .f16), (v1, generator(v1).defaultConfig, 200, 264, 384, .bf16),
                (GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v2), GPUWGMMAConfig(stages: 3, panels: 2, stagedStores: true), 130, 136, 320, .bf16),
                (GPTQLayout(bits: 2, groupSize: -1), GPUWGMMAConfig(prefetch: 2), 77, 136, 208, .f16),
                (GPTQLayout(bits: 2, groupSize: 128), GPUWGMMAConfig(warpgroups: 1, tokens: 64, stages: 4), 37, 8, 128, .bf16),
                (GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v1), overlapped, 200, 264, 704, .f16),
                (GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v1), overlapped, 200, 264, 704, .bf16),
                (GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v1), GPUWGMMAConfig(stages: 3, stagedStores: true, perStep: true), 200, 264, 704, .f16)]
    }
}
