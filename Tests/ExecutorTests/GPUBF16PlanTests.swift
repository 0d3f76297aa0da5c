import Checkpoint
import Compiler
import Foundation
import Kernels
import KernelIR
import Quantization
import Testing
@testable import Executor

/// GPU plans with bf16 activations (``GPULinearPlan/plan(_:gpu:activation:)``): integer
/// weight-only modules whose f16 prefill kernel is a tensor-core GEMM get the bf16 decode GEMV
/// (these fixtures are 4-bit, or 3-bit widened to 4) and the bf16 GEMM, and compile to PTX; where
/// no bf16 GEMM serves the shape the plan stops at M ≤ 16 and says so; W8A8 modules are refused
/// with a reason.
struct GPUBF16PlanTests {
    @Test("weight-only modules plan bf16 on the tensor-core GEMMs; FP8 and W8A8 refuse", arguments: [GPUArchitecture.sm_90a, .sm_90])
    func bf16Plans(gpu: GPUArchitecture) throws {
        var planned = 0
        for fixture in ["gptq_b4_g128_sym_v1_sharded", "awq_gemm_g64", "ct_pack_w4_g32_asym", "gptq_b3_g32_asym_v1_actorder"] {
            let checkpoint = try RoutingTests.open(fixture)
            for module in checkpoint.resolution.modules where module.scheme != nil {
                let f16 = try GPULinearPlan.plan(module, gpu: gpu, activation: .f16)
                guard let prefill = f16.stages.last, prefill.variant.hasPrefix("gptq_gemm_wgmma") || prefill.variant.hasPrefix("gptq_gemm_mma") else {
                    // No tensor-core GEMM for this shape (the f16 prefill is the generic kernel): a bf16
                    // plan for M ≤ 16 only, which says so.
                    let plan = try GPULinearPlan.plan(module, gpu: gpu, activation: .bf16)
                    #expect(!plan.stages.contains { $0.role == "M > 16" } && plan.notes.contains { $0.contains("M > 16 is not served") },
                            "\(fixture) \(module.name): \(plan.notes)")
                    continue
                }
                let plan = try GPULinearPlan.plan(module, gpu: gpu, activation: .bf16)
                #expect(plan.activation == .bf16 && f16.activation == .f16)
                let roles = plan.stages.filter { $0.role.contains("M") }
                #expect(GPURoutingTests.mergingDecode(roles.map(\.role)) == ["M ≤ 16", "M > 16"])
                #expect(roles.allSatisfy { $0.variant.contains("_bf16_gpu_") }, "\(roles.map(\.variant))")
                #expect(roles.first!.variant.hasPrefix("gptq_gemv_mma_") && roles.last!.variant.hasPrefix("gptq_gemm_"), "\(roles.map(\.variant))")
                #expect(!plan.notes.contains { $0.contains("no decode GEMV") }, "\(plan.notes)")
                #expect(plan.summary.contains("bf16 activations"))
                for stage in roles { _ = try PTXCompiler().ptx(try stage.emit(), gpu: gpu, ptx: stage.ptx) }
                planned += 1
            }
        }
        #expect(planned > 0)
        for fixture in RoutingTests.fp8Fixtures.prefix(1) + RoutingTests.int8Fixtures.prefix(1) {
            let checkpoint = try RoutingTests.open(fixture)
            for module in checkpoint.resolution.modules where module.scheme != nil {
                do {
                    _ = try GPULinearPlan.plan(module, gpu: gpu, activation: .bf16)
                    Issue.record("\(fixture) \(module.name): a bf16 plan")
                } catch {
                    #expect("\(error)".contains("bf16"), "\(error)")
                }
            }
        }
    }

    @Test("8-bit GPTQ and weight-only FP8 plan bf16 decode on the GEMVs; 8-bit prefill on sm_90a's wgmma GEMM, elsewhere a note", arguments: [GPUArchitecture.sm_90a, .sm_80])
    func bf16DecodeOnlyPlans(gpu: GPUArchitecture) throws {
        let checkpoint = try RoutingTests.open("gptq_b8_perchannel_sym_lmhead")
        var planned = 0
        for module in checkpoint.resolution.modules where module.scheme != nil {
            let plan = try GPULinearPlan.plan(module, gpu: gpu, activation: .bf16)
            let decode = plan.stages.filter { $0.role.hasPrefix("M ≤") || $0.role.contains("≤ M ≤") }
            #expect(plan.activation == .bf16 && !decode.isEmpty)
            #expect(decode.allSatisfy { $0.variant.hasPrefix("gptq_gemv_mma_b8_") && $0.variant.contains("_bf16_gpu_") }, "\(decode.map(\.variant))")
            let prefill = plan.stages.filter { $0.role == "M > 16" }
            if gpu == .sm_90a {
                #expect(prefill.count == 1 && prefill[0].variant.hasPrefix("gptq_gemm_wgmma_b8_") && prefill[0].variant.contains("_bf16_gpu_"),
                        "\(plan.stages.map(\.variant))")
                #expect(!plan.notes.contains { $0.contains("M > 16 is not served") }, "\(plan.notes)")
            } else {
                #expect(prefill.isEmpty && plan.notes.contains { $0.contains("M > 16 is not served") }, "\(plan.notes)")
            }
            for stage in decode { _ = try PTXCompiler().ptx(try stage.emit(), gpu: gpu, ptx: stage.ptx) }
            planned += 1
        }
        #expect(planned > 0)
        // A weight-only FP8 scheme (the W8A8 fixture's weights without its activation quantization).
        let fp8 = try RoutingTests.open("ct_fp8_channel_dynamic")
        guard let module = fp8.resolution.modules.first(where: { $0.scheme != nil }), var scheme = module.scheme else {
            Issue.record("no quantized module"); return
        }
        scheme.activation = .none
        guard case .success(let plan) = GPULinearPlan.make(scheme: scheme, n: module.n, k: module.k, gpu: gpu, activation: .bf16) else {
            Issue.record("weight-only FP8 has no bf16 plan"); return
        }
        guard case .fp8WeightOnly = plan.computation else { Issue.record("\(plan)"); return }
        let roles = plan.stages.filter { $0.role.contains("M") }
        #expect(plan.activation == .bf16 && roles.allSatisfy { $0.variant.hasPrefix("fp8_gemv_mma_e4m3_pc_bf16_gpu_") }, "\(roles.map(\.variant))")
        #expect(plan.summary.contains("bf16") && plan.notes.contains { $0.contains("M > 16 is not served") })
        if case .success(let f16) = GPULinearPlan.make(scheme: scheme, n: module.n, k: module.k, gpu: gpu) {
            #expect(f16.activation == .f16)
        }
    }
}
