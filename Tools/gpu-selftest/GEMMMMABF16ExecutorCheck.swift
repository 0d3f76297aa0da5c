import CUDA
import Compiler
import Executor
import KernelIR
import Kernels
import Quantization

/// `gptq-gemm-bf16-executor`: the executor's GPU weight-only path with bf16 activations —
/// ``GPUWeightOnlyKernel/choose(layout:m:n:k:gpu:activation:configName:)`` (the bf16 decode GEMV
/// at M ≤ 16 and the `wgmma` GEMM above on sm_90a; on sm_90 the GEMV, then the `mma.sync` GEMM), its generic launch with bf16 bits, and ``GPUWeightOnlyBenchmark``'s check of sampled
/// outputs against the float64 reference with the bf16 tolerance; f16 cases (the GEMV at M = 1,
/// the wgmma GEMM at M = 300) go through the same launch; 8-bit bf16 (the GEMV's f32
/// or subnormal dequantization, by N) at M = 1 and 16, and the FP8 W8A16 GEMV (``GPUWeightOnlyKernel/chooseFP8(m:n:k:activation:configName:)``)
/// with bf16 and f16. Needs compute capability 9.0.
enum GEMMMMABF16ExecutorCheck {
    static let check = CUDASelfTest.Check("gptq-gemm-bf16-executor") { context in
        guard context.device.computeCapability >= .init(major: 9, minor: 0) else {
            return "skipped: the bf16 wgmma GEMM needs compute capability 9.0, this is \(context.device.computeCapability)"
        }
        let stream = try CUDAStream(context: context)
        let v1 = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        let cases: [(GPTQLayout, ScalarType, GPUArchitecture, Int, Int, Int)] = [
            (v1, .bf16, .sm_90a, 1, 1024, 1024), (v1, .bf16, .sm_90a, 5, 1000, 1152), (v1, .bf16, .sm_90a, 300, 1024, 2048),
            (GPTQLayout(bits: 4, groupSize: 128), .bf16, .sm_90a, 16, 4096, 1024),
            (GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v2), .bf16, .sm_90a, 77, 520, 1024),
            (v1, .bf16, .sm_90, 16, 1024, 1024), (v1, .bf16, .sm_90, 300, 1024, 2048),
            (v1, .f16, .sm_90a, 1, 1024, 1024), (v1, .f16, .sm_90a, 300, 1024, 2048),
            (GPTQLayout(bits: 8, groupSize: 128, zeroPoints: .v1), .bf16, .sm_90a, 1, 1000, 1152),
            (GPTQLayout(bits: 8, groupSize: -1), .bf16, .sm_90, 16, 1024, 1000),
            (GPTQLayout(bits: 8, groupSize: 128), .bf16, .sm_90a, 16, 16384, 1024),  // N ≥ 16384: the f32 path
        ]
        let fp8Cases: [(ScalarType, Int, Int, Int)] = [(.bf16, 1, 1000, 1024), (.bf16, 16, 2048, 1000), (.bf16, 1, 16384, 1024),
                                                       (.f16, 5, 1000, 1024)]
        var lines: [String] = [], failed: [String] = [], worst: [ScalarType: Double] = [:]
        for (layout, activation, gpu, m, n, k) in cases {
            do {
                let kernel = try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: n, k: k, gpu: gpu, activation: activation)
                let bench = GPUWeightOnlyBenchmark(layout: layout, m: m, n: n, k: k, repeats: 3, graphLaunches: 0, workingSet: 64 << 20)
                let r = try bench.run(kernel, context: context, stream: stream, gpu: gpu)
                worst[activation] = max(worst[activation] ?? 0, r.worstError)
                lines.append("\(r.variant) M=\(m): \(r.checkedOutputs) outputs, worst \(r.worstError)")
            } catch {
                failed.append("\(activation.name) \(gpu) \(m)×\(n)×\(k): \(error)")
            }
        }
        for (activation, m, n, k) in fp8Cases {
            do {
                let kernel = try GPUWeightOnlyKernel.chooseFP8(m: m, n: n, k: k, activation: activation)
                let bench = GPUWeightOnlyBenchmark(layout: GPTQLayout(bits: 8, groupSize: -1), m: m, n: n, k: k, repeats: 3, graphLaunches: 0,
                                                   workingSet: 64 << 20)
                let r = try bench.run(kernel, context: context, stream: stream, gpu: .sm_90)
                worst[activation] = max(worst[activation] ?? 0, r.worstError)
                lines.append("\(r.variant) M=\(m): \(r.checkedOutputs) outputs, worst \(r.worstError)")
            } catch {
                failed.append("FP8 \(activation.name) \(m)×\(n)×\(k): \(error)")
            }
        }
        let total = cases.count + fp8Cases.count
        guard failed.isEmpty else {
            throw GEMMMMACheck.Failure(description: "\(failed.count) of \(total) cases failed:\n  " + failed.joined(separator: "\n  "))
        }
        return "\(total) executor cases match the float64 reference on sampled outputs (worst |y − ref|/Σ|x·w|: bf16 "
            + "\(worst[.bf16]!) (tolerance \(GPUWeightOnlyBenchmark.bf16Tolerance)), f16 \(worst[.f16]!) (tolerance 1e-3)):\n  "
            + lines.joined(separator: "\n  ")
    }
}
