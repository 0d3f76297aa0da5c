import CUDA
import Kernels
import Quantization

/// `QUANTJIT_WGMMA_BENCH=gemm2 quantjit-gpu-selftest --bench-gemm-wgmma`: the `wgmma` GEMM on
/// 2-bit GPTQ weights (g128 symmetric and v1, every 2-bit candidate config, f16) at the prefill
/// shapes of the torch anchors (M = 4096; N × K = 8192 × 8192, 28672 × 8192, 8192 × 28672), beside
/// the 4-bit g128 v1 default on the same shapes, bf16 on 8192 × 8192 (five configs, the two-panel
/// ones among them), and the generic registry kernel the executor took for 2-bit f16 at M > 16
/// before (`GPTQGEMM`, one warm-up and three launches, on 8192 × 8192 only). Timing as
/// `GEMMMMAWGMMA8BitBench` (median of 20 event-timed launches after 3 warm-ups, weights rotating
/// through ~1 GiB; outputs written and finite — correctness is `QUANTJIT_WGMMA_CHECK=2bit
/// gptq-gemm-wgmma`'s job). `QUANTJIT_WGMMA2_CONFIGS=a,b` keeps only those 2-bit configs (f16
/// and bf16) and skips the generic kernel; `QUANTJIT_WGMMA2_ROUNDS=R` times every shape's
/// variants R times in turn.
enum GEMMMMAWGMMA2BitBench {
    static func run(context: CUDAContext) throws -> Bool {
        // bf16: the default, two one-panel and two two-panel configs.
        try GEMMMMAWGMMA8BitBench.sweep(bits: 2, bf16Configs: [GPUWGMMAConfig(), GPUWGMMAConfig(warpgroups: 2),
                                                               GPUWGMMAConfig(stages: 3, panels: 2, stagedStores: true),
                                                               GPUWGMMAConfig(warpgroups: 2, stages: 3, panels: 2)], context: context)
    }
}
