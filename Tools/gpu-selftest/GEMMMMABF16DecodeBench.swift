import CUDA
import Compiler
import Executor
import KernelIR
import Kernels
import Quantization

/// `quantjit-gpu-selftest --bench-gemm-bf16-decode`: what bf16 decode costs through the GEMM (the
/// executor's route before the decode GEMV had a bf16 variant, and still for layouts the GEMV does
/// not serve). At M = 1 and 16 on 8192 × 8192 and 28672 × 8192 (4-bit g128 v1), through the
/// executor's bench (``GPUWeightOnlyBenchmark``: sampled float64 check, median of 50 event-timed
/// launches, CUDA-graph time of 20 back-to-back launches): the bf16 `wgmma` GEMM with its default
/// config and with the small-M candidate `w1n64s4p1`, next to the f16 decode GEMV the executor picks
/// for f16. torch's bf16/fp16 cuBLAS at the same M: `torch_anchors.py --rows 1,16 --dtype fp16,bf16`.
enum GEMMMMABF16DecodeBench {
    static func run(context: CUDAContext) throws -> Bool {
        let stream = try CUDAStream(context: context)
        let layout = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        print("\n# bf16 decode through the GEMM vs the f16 GEMV (4-bit g128 v1, sm_90a); per launch: median of 50 event-timed launches; graph: 20 launches per graph\n")
        print("| M | N | K | variant | activations | per launch µs | graph µs | GB/s (graph) | checked, worst/Σ|x·w| |")
        print("|---:|---:|---:|---|---|---:|---:|---:|---|")
        var ok = true
        for (n, k) in [(8192, 8192), (28672, 8192)] {
            for m in [1, 16] {
                let choices: [(ScalarType, String?)] = [(.bf16, nil), (.bf16, "w1n64s4p1"), (.f16, nil)]
                for (activation, config) in choices {
                    do {
                        let kernel = try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: n, k: k, gpu: .sm_90a, activation: activation,
                                                                    configName: config)
                        let r = try GPUWeightOnlyBenchmark(layout: layout, m: m, n: n, k: k).run(kernel, context: context, stream: stream, gpu: .sm_90a)
                        let graph = r.graphSeconds ?? .nan
                        print("| \(m) | \(n) | \(k) | \(r.variant) | \(activation.name) | \(GPTQBench.format(r.medianSeconds * 1e6, 1)) | "
                              + "\(GPTQBench.format(graph * 1e6, 1)) | \(GPTQBench.format(Double(r.bytes) / graph / 1e9, 0)) | "
                              + "\(r.checkedOutputs), \(r.worstError) |")
                    } catch {
                        print("| \(m) | \(n) | \(k) | \(config ?? "default") | \(activation.name) | FAILED: \(error) | | | |")
                        ok = false
                    }
                }
            }
        }
        return ok
    }
}
