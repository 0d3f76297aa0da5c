import Glibc
import KernelIR
import Kernels
import Quantization

/// The 8-bit cases of `gptq-gemm-wgmma`: `GPTQWGMMALayout`'s byte order and `GPUHalfDequant`'s
/// byte conversions (f16: `1024 + q` under `0x64`; bf16: `2^23 + q` in f32, `cvt.rn.bf16x2.f32`)
/// against the float64 reference, f16 and bf16.
extension GEMMMMAWGMMACheck {
    /// `QUANTJIT_WGMMA_CHECK=8bit` runs only the 8-bit cases, `8bit-small` only
    /// ``eightBitSmallCases`` (for compute-sanitizer); `2bit` and `2bit-small` the same for 2-bit
    /// (``twoBitCases``); unset (or any other value, e.g. `all`), every case.
    static var caseFilter: String? { getenv("QUANTJIT_WGMMA_CHECK").map { String(cString: $0) } }

    /// Group 128, 32 and per-channel × symmetric, v1, v2 × f16, bf16 with the default config at
    /// ragged M, N (a multiple of 8, not of 16) and K (not a multiple of 64 where the group
    /// allows); every 8-bit candidate config on g128 v1 (f16; four of them in bf16); then the odd
    /// shapes of the 4-bit list (M = 1, 37, 65, 77, 129, 130; N = 8, 72, 136, 520; K = 96 … 1088).
    static var eightBitCases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] {
        var cases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] = []
        let depth = [-1: 200, 32: 224, 128: 384]
        for activation in [ScalarType.f16, .bf16] {
            for g in [128, 32, -1] {
                for z in GPTQZeroPoints.allCases {
                    let layout = GPTQLayout(bits: 8, groupSize: g, zeroPoints: z)
                    cases.append((layout, generator(layout, activation: activation).defaultConfig, 200, 264, depth[g]!, activation))
                }
            }
        }
        let v1 = GPTQLayout(bits: 8, groupSize: 128, zeroPoints: .v1)
        for c in generator(v1).candidateConfigs { cases.append((v1, c, 300, 264, 640, .f16)) }
        for c in [GPUWGMMAConfig(), GPUWGMMAConfig(warpgroups: 2), GPUWGMMAConfig(tokens: 64, stages: 6),
                  GPUWGMMAConfig(warpgroups: 1, tokens: 64, stages: 4)] {
            cases.append((v1, c, 300, 264, 640, .bf16))
        }
        for activation in [ScalarType.f16, .bf16] {
            cases += GEMMMMAWGMMACheck.oddShapeCases(bits: 8, perChannelK: 200, activation: activation)
        }
        return cases
    }

    /// A few ragged 8-bit cases for compute-sanitizer memcheck (`QUANTJIT_WGMMA_CHECK=8bit-small`).
    static var eightBitSmallCases: [(GPTQLayout, GPUWGMMAConfig, Int, Int, Int, ScalarType)] {
        let v1 = GPTQLayout(bits: 8, groupSize: 128, zeroPoints: .v1)
        // The default overlapped, 11 steps of 64 (odd: the loop's single last step).
        let overlapped = GPUWGMMAConfig(stages: 3, stagedStores: true, overlap: true)
        return [(v1, generator(v1).defaultConfig, 200, 264, 384, .f16), (v1, generator(v1).defaultConfig, 200, 264, 384, .bf16),
                (GPTQLayout(bits: 8, groupSize: 32, zeroPoints: .v2), GPUWGMMAConfig(warpgroups: 4, tokens: 64, stages: 4), 129, 520, 96, .bf16),
                (GPTQLayout(bits: 8, groupSize: -1), GPUWGMMAConfig(prefetch: 2), 77, 136, 200, .f16),
                (GPTQLayout(bits: 8, groupSize: 128), GPUWGMMAConfig(warpgroups: 1, tokens: 64, stages: 4), 37, 8, 128, .bf16),
                (GPTQLayout(bits: 8, groupSize: 64, zeroPoints: .v1), overlapped, 200, 264, 704, .f16),
                (GPTQLayout(bits: 8, groupSize: 64, zeroPoints: .v1), overlapped, 200, 264, 704, .bf16),
                (GPTQLayout(bits: 8, groupSize: 64, zeroPoints: .v1), GPUWGMMAConfig(stages: 3, stagedStores: true, perStep: true), 200, 264, 704, .f16)]
    }
}
