import CUDA
import Checkpoint
import Compiler
import Executor
import Foundation
import KernelIR
import Quantization

/// `executor-routes`: the executor's GPU routes run end to end on the peer-made fixture
/// checkpoints (Tests/CheckpointTests/Fixtures, in the tree the device tool sends): for every
/// quantized module, ``GPULinear`` uploads the stored tensors, repacks them on the device where
/// the plan says so (AWQ, compressed-tensors, act-order; FP8 for the W8A16 GEMV), and runs the
/// decode or prefill kernel the executor picks (on Hopper, sm_90a: the `wgmma` GEMM for 4-bit
/// prefill); its output must match the CPU route's layer on
/// the same f16-rounded activations (M = 1, 5, 40; 1, 5, 16 for the decode-only W8A16 route). FP8 checkpoints are planned for sm_80 (no
/// FP8 tensor cores: the W8A16 route) and run here as sm_80 PTX.
enum ExecutorRouteCheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let root = "Tests/CheckpointTests/Fixtures"
    static let weightOnly = ["gptq_b4_g128_sym_v1_sharded", "gptq_b3_g32_asym_v1_actorder", "gptq_b2_g64_asym_v2", "gptq_b8_perchannel_sym_lmhead",
                             "awq_gemm_g64", "ct_pack_w4_g32_asym", "ct_pack_w4_g32_actorder", "ct_pack_w3_channel_asym",
                             "ct_pack_w2_g64_sym", "ct_pack_w4a16_g128_sym", "ct_naive_int8_channel_asym", "ct_naive_int4_g64_asym"]
    static let fp8 = ["ct_fp8_channel_dynamic", "fp8_channel_fbgemm", "fp8_tensor_static"]

    /// Runs every module of `fixture` planned for `gpu`; returns (modules, worst error / tolerance,
    /// modules whose M = 40 kernel is the `wgmma` GEMM).
    static func run(_ fixture: String, gpu: GPUArchitecture, context: CUDAContext) throws -> (Int, Double, Int) {
        let checkpoint = try QuantizedCheckpoint(path: "\(root)/\(fixture)")
        let cpu = CheckpointLinearFactory(target: .cpu, cache: GGUFKernelCache())
        var random = SplitMix(), modules = 0, worst = 0.0, wgmma = 0
        for (module, route) in CheckpointLinearFactory(target: .gpu(gpu)).plan(checkpoint) where module.scheme != nil {
            guard case .gpu(let plan) = route else { throw Failure(description: "\(fixture) \(module.name): \(route)") }
            let layer = try GPULinear(module: module, in: checkpoint, plan: plan, context: context)
            if plan.notes.isEmpty, try layer.kernel(rows: 40).readsWGMMALayout { wgmma += 1 }
            let reference = try cpu.makeLinear(module, in: checkpoint, threads: ThreadPool(threads: 4))
            let w = try checkpoint.dequantize(module.name)
            for rows in plan.notes.isEmpty ? [1, 5, 40] : [1, 5, 16] {  // the W8A16 route serves M ≤ 16 only (its note)
                let x = (0..<(rows * module.k)).map { _ in Float(Float16(Float(Int(random.next() % 2001) - 1000) / 500)) }
                var want = [Float](repeating: 0, count: rows * module.n)
                x.withUnsafeBufferPointer { xp in want.withUnsafeMutableBufferPointer { reference.apply(x: xp.baseAddress!, rows: rows, y: $0.baseAddress!) } }
                let got = try layer.apply(x: x, rows: rows)
                for r in 0..<rows {
                    for c in 0..<module.n {
                        var magnitude = 0.0
                        for i in 0..<module.k { magnitude += abs(Double(x[r * module.k + i]) * Double(w[c * module.k + i])) }
                        // f16 outputs and f16 scales (rounded from bf16/f32 by the repack): 2⁻¹⁰ of the magnitude.
                        let tolerance = 1e-3 * magnitude + 1e-3 * Double(abs(want[r * module.n + c])) + 1e-4
                        let error = abs(Double(got[r * module.n + c]) - Double(want[r * module.n + c]))
                        guard error <= tolerance else {
                            throw Failure(description: "\(fixture) \(module.name) [\(plan.stages.map(\.variant).joined(separator: ", "))] rows \(rows): y[\(r), \(c)] = \(got[r * module.n + c]), CPU route \(want[r * module.n + c]) (tolerance \(tolerance))")
                        }
                        worst = max(worst, error / tolerance)
                    }
                }
            }
            modules += 1
        }
        return (modules, worst, wgmma)
    }

    static let check = CUDASelfTest.Check("executor-routes") { context in
        var modules = 0, worst = 0.0, wgmma = 0, failed: [String] = []
        // What the executor picks for this device (sm_90a on Hopper: the wgmma GEMM for prefill).
        let native = gpuArchitecture(for: context.device)
        for (fixtures, gpu) in [(weightOnly, native), (fp8, .sm_80)] {
            for fixture in fixtures {
                do {
                    let (count, ratio, fast) = try run(fixture, gpu: gpu, context: context)
                    modules += count
                    wgmma += fast
                    worst = max(worst, ratio)
                } catch {
                    failed.append("\(fixture): \(error)")
                }
            }
        }
        guard failed.isEmpty else { throw Failure(description: "\(failed.count) fixtures failed:\n  " + failed.joined(separator: "\n  ")) }
        return "\(modules) modules of \(weightOnly.count + fp8.count) fixture checkpoints (GPTQ/AWQ/compressed-tensors on \(native) routes, \(wgmma) of them through the wgmma GEMM at M = 40; FP8 on the sm_80 W8A16 route) match their CPU routes at M = 1, 5, 40 (W8A16: 16) (worst error \(String(format: "%.2f", worst)) of the tolerance)"
    }
}
