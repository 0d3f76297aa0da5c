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
/// decode or prefill kernel the executor picks (on Hopper, sm_90a: the `wgmma` GEMM for 2-, 4-
/// and 8-bit prefill); its output must match the CPU route's layer on
/// the same f16-rounded activations (M = 1, 5, 40; 1, 5, 16 for the decode-only W8A16 route). FP8 checkpoints are planned for sm_80 (no
/// FP8 tensor cores: the W8A16 route) and run here as sm_80 PTX; INT8 and FP8 checkpoints are
/// also run on this GPU's W8A8 route (``GPUW8A8Linear``) against float64.
enum ExecutorRouteCheck {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let root = "Tests/CheckpointTests/Fixtures"
    static let weightOnly = ["gptq_b4_g128_sym_v1_sharded", "gptq_b3_g32_asym_v1_actorder", "gptq_b2_g64_asym_v2", "gptq_b8_perchannel_sym_lmhead",
                             "awq_gemm_g64", "ct_pack_w4_g32_asym", "ct_pack_w4_g32_actorder", "ct_pack_w3_channel_asym",
                             "ct_pack_w2_g64_sym", "ct_pack_w4a16_g128_sym", "ct_naive_int8_channel_asym", "ct_naive_int4_g64_asym"]
    static let fp8 = ["ct_fp8_channel_dynamic", "fp8_channel_fbgemm", "fp8_tensor_static"]
    static let w8a8 = ["ct_int8_w8a8_dynamic", "ct_int8_static_asym", "ct_fp8_channel_dynamic", "fp8_channel_fbgemm",
                       "fp8_tensor_dynamic_modelopt", "fp8_tensor_static"]

    /// Runs the W8A8 plans of `fixture` on `gpu` (activations quantized on the device, then the
    /// W8A8 GEMM, `wgmma` at M ≥ 1024 on sm_90a) against float64 over the reference quantizer's
    /// codes and the reference dequantized weights; returns (modules, worst error / tolerance).
    static func runW8A8(_ fixture: String, gpu: GPUArchitecture, context: CUDAContext) throws -> (Int, Double) {
        let checkpoint = try QuantizedCheckpoint(path: "\(root)/\(fixture)")
        var random = SplitMix(), modules = 0, worst = 0.0
        for (module, route) in CheckpointLinearFactory(target: .gpu(gpu)).plan(checkpoint) where module.scheme != nil {
            guard case .gpu(let plan) = route, case .w8a8(let quantizer, let spec) = plan.computation else {
                throw Failure(description: "\(fixture) \(module.name): not a W8A8 route: \(route)")
            }
            let layer = try GPUW8A8Linear(module: module, in: checkpoint, plan: plan, context: context)
            let w = try checkpoint.dequantize(module.name)
            let reference = quantizer.reference
            for rows in [1, 5, 40, 1100] {
                let x = (0..<(rows * module.k)).map { _ in Float(Float16(Float(Int(random.next() % 2001) - 1000) / 500)) }
                let dequantized: [Float]
                if quantizer.scaling == .staticPerTensor {
                    let scale = layer.staticScale!, zero = layer.staticZero
                    dequantized = reference.quantize(x, scale: scale, zero: zero).map { code in
                        quantizer.target == .int8 ? Float(Int32(Int8(bitPattern: code)) - zero) * scale
                                                  : MiniFloat.float8E4M3FN.decode(code) * scale
                    }
                } else {
                    let r = try reference.quantize(x, tokens: rows, hidden: module.k)
                    dequantized = try reference.dequantize(r, tokens: rows, hidden: module.k)
                }
                let got = try layer.apply(x: x, rows: rows)
                for r in 0..<rows {
                    for c in 0..<module.n {
                        var want = 0.0, magnitude = 0.0
                        for i in 0..<module.k {
                            let p = Double(dequantized[r * module.k + i]) * Double(w[c * module.k + i])
                            want += p
                            magnitude += abs(p)
                        }
                        // f16 output rounding, f32 scaling, and (FP8) the wgmma accumulation: 2⁻⁹ of Σ|x·w|.
                        let tolerance = 1e-3 * abs(want) + (spec.operand == .fp8e4m3 ? 0x1p-9 : 1e-6) * magnitude + 1e-4
                        let error = abs(Double(got[r * module.n + c]) - want)
                        guard error <= tolerance else {
                            throw Failure(description: "\(fixture) \(module.name) [\(plan.stages.map(\.variant).joined(separator: ", "))] rows \(rows): y[\(r), \(c)] = \(got[r * module.n + c]), want \(want) (tolerance \(tolerance))")
                        }
                        worst = max(worst, error / tolerance)
                    }
                }
            }
            modules += 1
        }
        return (modules, worst)
    }

    /// Runs every module of `fixture` planned for `gpu`; returns (modules, worst error / tolerance,
    /// modules whose M = 40 kernel is the `wgmma` GEMM, the 2-bit ones among them).
    static func run(_ fixture: String, gpu: GPUArchitecture, context: CUDAContext) throws -> (Int, Double, Int, Int) {
        let checkpoint = try QuantizedCheckpoint(path: "\(root)/\(fixture)")
        let cpu = CheckpointLinearFactory(target: .cpu, cache: GGUFKernelCache())
        var random = SplitMix(), modules = 0, worst = 0.0, wgmma = 0, twoBit = 0
        for (module, route) in CheckpointLinearFactory(target: .gpu(gpu)).plan(checkpoint) where module.scheme != nil {
            guard case .gpu(let plan) = route else { throw Failure(description: "\(fixture) \(module.name): \(route)") }
            let layer = try GPULinear(module: module, in: checkpoint, plan: plan, context: context)
            if plan.notes.isEmpty, try layer.kernel(rows: 40).readsWGMMALayout {
                wgmma += 1
                if case .weightOnly(let layout, _, _) = plan.computation, layout.bits == 2 { twoBit += 1 }
            }
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
        return (modules, worst, wgmma, twoBit)
    }

    static let check = CUDASelfTest.Check("executor-routes") { context in
        var modules = 0, worst = 0.0, wgmma = 0, twoBit = 0, failed: [String] = []
        // What the executor picks for this device (sm_90a on Hopper: the wgmma GEMM for prefill).
        let native = gpuArchitecture(for: context.device)
        for (fixtures, gpu) in [(weightOnly, native), (fp8, .sm_80)] {
            for fixture in fixtures {
                do {
                    let (count, ratio, fast, fastTwoBit) = try run(fixture, gpu: gpu, context: context)
                    modules += count
                    wgmma += fast
                    twoBit += fastTwoBit
                    worst = max(worst, ratio)
                } catch {
                    failed.append("\(fixture): \(error)")
                }
            }
        }
        var w8a8Modules = 0
        for fixture in w8a8 {
            do {
                let (count, ratio) = try runW8A8(fixture, gpu: native, context: context)
                w8a8Modules += count
                worst = max(worst, ratio)
            } catch {
                failed.append("\(fixture) (W8A8): \(error)")
            }
        }
        guard failed.isEmpty else { throw Failure(description: "\(failed.count) fixtures failed:\n  " + failed.joined(separator: "\n  ")) }
        return "\(modules) modules of \(weightOnly.count + fp8.count) fixture checkpoints (GPTQ/AWQ/compressed-tensors on \(native) routes, \(wgmma) of them through the wgmma GEMM at M = 40, \(twoBit) of those 2-bit; FP8 on the sm_80 W8A16 route) match their CPU routes, and \(w8a8Modules) INT8/FP8 modules of \(w8a8.count) checkpoints on the \(native) W8A8 route (device activation quantizer + GEMM, M = 1, 5, 40, 1100) match float64 over the reference codes (weight-only at M = 1, 5, 40, W8A16 at 1, 5, 16; worst error \(String(format: "%.2f", worst)) of the tolerance)"
    }
}
