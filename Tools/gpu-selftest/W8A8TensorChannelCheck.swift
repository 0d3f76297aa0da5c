import CUDA
import Compiler
import KernelIR
import Kernels
import Quantization

/// `w8a8-tensor-channel`: the `tensorChannel` scaling (per-tensor activation scale and zero
/// point × per-channel weight scales, read in the epilogue) of all three W8A8 GPU kernels — the
/// `mma.sync` GEMM, the decode kernel and (on sm_90) the `wgmma` GEMM — against the float64
/// reference of `w8a8-gemm` (same inputs and tolerances): int8 with and without a zero point,
/// FP8 e4m3; f16 and bf16; ragged shapes, split-K, the executor's configs.
enum W8A8TensorChannelCheck {
    static let specs = [
        W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, activationZeroPoint: true),
        W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, output: .bf16),
        W8A8GPUSpec(operand: .fp8e4m3, scaling: .tensorChannel, output: .bf16),
        W8A8GPUSpec(operand: .int8, scaling: .tensorChannel, activationZeroPoint: true, output: .bf16),
    ]

    static func runAll(context: CUDAContext) throws -> String {
        let gpu = W8A8GEMMCheck.gpu(context)
        var functions: [String: CUDAFunction] = [:]
        var failed: [String] = [], worst = 0.0, count = 0
        func record(_ body: () throws -> (Double, Double)) {
            count += 1
            do { worst = max(worst, try body().0) } catch { failed.append("\(error)") }
        }
        for spec in specs {
            let g = W8A8GPUGEMM(spec: spec)
            for (m, n, k) in [(1, 1000, 1024), (16, 392, 3072), (37, 1000, 1000), (200, 264, 1152), (300, 72, 9)] {
                record { try W8A8GEMMCheck.run(.init(spec: spec, config: g.config(m: m, n: n, k: k), m: m, n: n, k: k),
                                               context: context, gpu: gpu, functions: &functions) }
            }
            let d = W8A8GPUDecode(spec: spec)
            for (m, n, k) in [(1, 1000, 1024), (5, 13, 1552), (9, 2056, 8192), (16, 392, 3072), (3, 10000, 2048)] {
                record { try W8A8DecodeCheck.run(.init(spec: spec, config: d.config(m: m, n: n, k: k), m: m, n: n, k: k),
                                                 context: context, gpu: gpu, functions: &functions) }
            }
            record { try W8A8DecodeCheck.run(.init(spec: spec, config: W8A8DecodeConfig(rowBound: 16, warps: 2, unroll: 2, splits: 3), m: 13, n: 200, k: 1104),
                                             context: context, gpu: gpu, functions: &functions) }
            if context.device.computeCapability >= .init(major: 9, minor: 0) {
                let w = W8A8WGMMAGEMM(spec: spec)
                for (m, n, k) in [(300, 520, 1008), (1100, 257, 576), (65, 1001, 1152)] {
                    record { try W8A8WGMMACheck.run(.init(spec: spec, config: w.defaultConfig, m: m, n: n, k: k), context: context, functions: &functions) }
                }
            }
        }
        guard failed.isEmpty else {
            throw W8A8GEMMCheck.Failure(description: "\(failed.count) of \(count) cases failed:\n  " + failed.prefix(12).joined(separator: "\n  "))
        }
        return "\(count) cases, \(functions.count) variants (mma.sync, decode\(gpu == .sm_90 ? ", wgmma" : "")) match the float64 reference "
            + "(worst error \(worst) of its tolerance)"
    }

    static let check = CUDASelfTest.Check("w8a8-tensor-channel") { context in try runAll(context: context) }
}
