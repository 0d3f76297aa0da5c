import Foundation
import Testing
import Checkpoint
import Compiler
import KernelIR
import Kernels
import Quantization
@testable import Executor

/// The GPU routes of the peer-made fixture checkpoints: which kernels each module gets on
/// sm_90 and sm_80, and that every kernel of every plan compiles to PTX for its GPU (the
/// kernels themselves are checked on the H200 by the self-test).
struct GPURoutingTests {
    static let all = RoutingTests.int8Fixtures + RoutingTests.fp8Fixtures + WeightOnlyRoutingTests.fixtures

    /// The roles with the decode stages (`M ≤ 8`, `9 ≤ M ≤ 16`, …) merged into `M ≤ 16` when
    /// they cover M = 1…16 once each, in order; left as they are otherwise (so the comparison fails).
    static func mergingDecode(_ roles: [String]) -> [String] {
        var merged: [String] = [], next = 1, decode: [String] = []
        func bounds(_ role: String) -> (Int, Int)? {
            let parts = role.components(separatedBy: " ≤ ")
            if parts.count == 2, parts[0] == "M", let high = Int(parts[1]) { return (1, high) }
            if parts.count == 3, parts[1] == "M", let low = Int(parts[0]), let high = Int(parts[2]) { return (low, high) }
            return nil
        }
        for role in roles {
            if let (low, high) = bounds(role), low == next, high <= 16 {
                decode.append(role)
                next = high + 1
                if high == 16 { merged.append("M ≤ 16"); decode = []; next = 1 }
            } else {
                merged += decode + [role]
                decode = []
                next = 1
            }
        }
        return merged + decode
    }

    @Test("decode stages list, for every M ≤ 16, the variant the layer runs at that M")
    func decodeStagesCoverEveryRow() throws {
        let stages = try GPULinearPlan.decodeStages { m in (m <= 8 ? "a" : m <= 12 ? "b" : "c", 80, GPULinearPlan.Emitter { throw RoutingFailure("unused") }) }
        #expect(stages.map(\.role) == ["M ≤ 8", "9 ≤ M ≤ 12", "13 ≤ M ≤ 16"])
        #expect(stages.map(\.variant) == ["a", "b", "c"])
        #expect(Self.mergingDecode(stages.map(\.role) + ["M > 16"]) == ["M ≤ 16", "M > 16"])
        #expect(try GPULinearPlan.decodeStages { _ in ("one", 80, GPULinearPlan.Emitter { throw RoutingFailure("unused") }) }.map(\.role) == ["M ≤ 16"])
        // A real module: the plan's decode variants are the chooser's at every M.
        let layout = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)
        let plan = try GPULinearPlan.decodeStages { m in
            let d = try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: 8192, k: 8192, gpu: .sm_90a)
            return (d.variantName, d.ptxVersion(.sm_90a), GPULinearPlan.Emitter(emit: d.emit))
        }
        #expect(plan.count == 2, "\(plan.map(\.role))")
        for m in 1...16 {
            let chosen = try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: 8192, k: 8192, gpu: .sm_90a).variantName
            #expect(plan.contains { $0.variant == chosen }, "M = \(m): \(chosen)")
        }
    }

    static func plans(_ fixture: String, _ gpu: GPUArchitecture) throws -> [(ResolvedModule, LinearRoute)] {
        let checkpoint = try RoutingTests.open(fixture)
        return CheckpointLinearFactory(target: .gpu(gpu)).plan(checkpoint).filter { $0.module.scheme != nil }.map { ($0.module, $0.route) }
    }

    @Test("every quantized module has a GPU plan on sm_90, and its kernels compile", arguments: all)
    func everyModuleIsPlannedOnSM90(fixture: String) throws {
        var compiled = Set<String>()
        for (module, route) in try Self.plans(fixture, .sm_90) {
            if case .unsupported(let why) = route, module.k % 128 != 0, case .block = module.scheme?.granularity {
                // The per-token-group activation quantizer needs whole groups of 128.
                #expect(why.contains("K divisible by 128"))
                continue
            }
            guard case .gpu(let plan) = route else {
                Issue.record("\(fixture) \(module.name): \(route)")
                continue
            }
            let roles = Self.mergingDecode(plan.stages.map(\.role))
            #expect(roles.suffix(2) == ["M ≤ 16", "M > 16"], "\(fixture) \(module.name): \(roles)")
            let scheme = try #require(module.scheme)
            if scheme.valueType == .float8E4M3FN {
                #expect(plan.stages.allSatisfy { $0.role.hasPrefix("activations") || $0.variant.hasPrefix("w8a8_gemm_mma_e4m3") || $0.variant.hasPrefix("w8a8_decode_mma_e4m3") })
            } else if scheme.activation.type == .int8 {
                #expect(plan.stages.allSatisfy { $0.role.hasPrefix("activations") || $0.variant.hasPrefix("w8a8_gemm_mma_i8") || $0.variant.hasPrefix("w8a8_decode_mma_i8") })
            } else {
                // AWQ and compressed-tensors pack-quantized take the repack kernel (3-bit too:
                // widened to 4-bit words); GPTQ without act-order needs it only to widen 3-bit.
                let repacks = roles.first == "load: repack"
                if scheme.layout == .awqGEMM || scheme.layout == .compressedTensorsPacked {
                    #expect(repacks, "\(fixture): \(plan)")
                }
                if scheme.layout == .gptqRows && (scheme.actOrder || scheme.bits == 3) { #expect(repacks, "\(fixture): \(roles)") }
                if scheme.layout == .gptqRows && !scheme.actOrder && scheme.bits != 3 { #expect(!repacks, "\(fixture): \(roles)") }
            }
            for stage in plan.stages where compiled.insert(stage.variant).inserted {
                let ptx = try PTXCompiler().ptx(try stage.emit(), gpu: .sm_90, ptx: stage.ptx)
                #expect(ptx.contains(".visible .entry \(stage.variant)("), "\(stage.variant)")
            }
        }
        #expect(!compiled.isEmpty || fixture == "fp8_block128")
    }

    @Test func fp8WithoutFP8TensorCoresTakesTheWeightOnlyGEMV() throws {
        for fixture in ["ct_fp8_channel_dynamic", "fp8_channel_fbgemm", "fp8_tensor_static"] {
            for (module, route) in try Self.plans(fixture, .sm_80) {
                guard case .gpu(let plan) = route else {
                    Issue.record("\(fixture) \(module.name): \(route)")
                    continue
                }
                #expect(Self.mergingDecode(plan.stages.map(\.role)) == ["load: repack", "M ≤ 16"])
                #expect(plan.stages.last?.variant.hasPrefix("fp8_gemv") == true)
                #expect(plan.notes.contains { $0.contains("M > 16") })
                for stage in plan.stages { _ = try PTXCompiler().ptx(try stage.emit(), gpu: .sm_80, ptx: stage.ptx) }
            }
        }
        // Block-scaled FP8 has no W8A16 kernel: a reason, not a crash.
        for (_, route) in try Self.plans("fp8_block128", .sm_80) {
            guard case .unsupported(let why) = route else {
                Issue.record("fp8_block128 on sm_80: \(route)")
                continue
            }
            #expect(why.contains("per-channel or per-tensor"))
        }
    }
}

extension GPURoutingTests {
    @Test func hopperPrefillTakesTheWGMMAGEMMFor4Bit() throws {
        var wgmma = 0
        for fixture in ["gptq_b4_g128_sym_v1_sharded", "awq_gemm_g64", "ct_pack_w4_g32_asym"] {
            for (module, route) in try Self.plans(fixture, .sm_90a) {
                guard case .gpu(let plan) = route, let prefill = plan.stages.last else {
                    Issue.record("\(fixture) \(module.name): \(route)")
                    continue
                }
                if prefill.variant.hasPrefix("gptq_gemm_wgmma") {
                    wgmma += 1
                    let ptx = try PTXCompiler().ptx(try prefill.emit(), gpu: .sm_90a, ptx: prefill.ptx)
                    #expect(ptx.contains("wgmma.mma_async"))
                }
            }
            // sm_90 (no arch-specific features) never takes it.
            for (_, route) in try Self.plans(fixture, .sm_90) {
                if case .gpu(let plan) = route { #expect(!plan.stages.contains { $0.variant.hasPrefix("gptq_gemm_wgmma") }) }
            }
        }
        #expect(wgmma >= 3, "\(wgmma) modules take the wgmma GEMM on sm_90a")
    }
}

extension GPURoutingTests {
    @Test func hopperLargeMW8A8TakesTheWGMMAGEMM() throws {
        for fixture in ["ct_int8_w8a8_dynamic", "ct_fp8_channel_dynamic", "fp8_tensor_static"] {
            for (module, route) in try Self.plans(fixture, .sm_90a) {
                guard case .gpu(let plan) = route, let large = plan.stages.last else {
                    Issue.record("\(fixture) \(module.name): \(route)")
                    continue
                }
                #expect(large.role == "M ≥ \(W8A8GPUKernelChoice.wgmmaMinimumRows)" && large.variant.hasPrefix("w8a8_gemm_wgmma"),
                        "\(fixture) \(module.name): \(plan.stages.map(\.role))")
                let ptx = try PTXCompiler().ptx(try large.emit(), gpu: .sm_90a, ptx: large.ptx)
                #expect(ptx.contains("wgmma.mma_async"))
            }
        }
    }
}

extension GPURoutingTests {
    /// 3-bit GPTQ (act-order, v1) and compressed-tensors (per-channel, asymmetric) checkpoints:
    /// the repack widens them to 4-bit words, then the 4-bit tensor-core kernels run, and the
    /// summary says what widening costs.
    @Test func threeBitTakesTheRepackAndTheTensorCoreKernels() throws {
        for (fixture, repack, target) in [("gptq_b3_g32_asym_v1_actorder", "repack_gptq_b3to4_g32_v1_act", GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v1)),
                                          ("ct_pack_w3_channel_asym", "repack_ct_b3to4_gall_asym_bf16s", GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v2))] {
            for gpu in [GPUArchitecture.sm_90a, .sm_80] {
                let plans = try Self.plans(fixture, gpu)
                #expect(!plans.isEmpty)
                for (module, route) in plans {
                    guard case .gpu(let plan) = route, case .weightOnly(let layout, let source?, false) = plan.computation else {
                        Issue.record("\(fixture) \(module.name) on \(gpu): \(route)")
                        continue
                    }
                    #expect(layout == target && source.bits == 3 && source.widens)
                    #expect(Self.mergingDecode(plan.stages.map(\.role)) == ["load: repack", "M ≤ 16", "M > 16"])
                    #expect(plan.stages[0].variant.hasPrefix(repack), "\(plan.stages[0].variant)")
                    #expect(plan.stages[1].variant.hasPrefix("gptq_gemv_mma_b4"), "\(fixture) \(module.name): \(plan.stages[1].variant)")
                    // sm_80: modules narrower than the mma.sync GEMM's block take the registry's
                    // 4-bit GEMM, as 4-bit checkpoints of these shapes do.
                    let prefill = plan.stages.last!.variant
                    #expect(gpu == .sm_90a ? prefill.hasPrefix("gptq_gemm_wgmma_b4") : prefill.hasPrefix("gptq_gemm_") && prefill.contains("_b4_"),
                            "\(fixture) \(module.name): \(prefill)")
                    #expect(plan.summary.contains("4/3 of the bytes"), "\(plan.summary)")
                }
            }
        }
        // 3-bit GPTQ without act-order is widened too (it used to take the registry's 3-bit kernel).
        let plain = try GPULinearPlan.make(scheme: .gptq(bits: 3, groupSize: 128, symmetric: false, v2: true), n: 4096, k: 4096, gpu: .sm_90a).get()
        #expect(plain.stages.map(\.variant).first == "repack_gptq_b3to4_g128_v2_gpu_t256")
        #expect(plain.computation == .weightOnly(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v2),
                                                 repack: RepackSource(format: .gptq, bits: 3, groupSize: 128, asymmetric: true), hostRepack: false))
    }
}

extension GPURoutingTests {
    /// 8-bit GPTQ (per-channel, symmetric) and compressed-tensors naive int8 (host repack): the
    /// decode GEMV at M ≤ 16, the 8-bit wgmma GEMM above on sm_90a (f16 and bf16 plans).
    @Test func hopperPrefillTakesTheWGMMAGEMMFor8Bit() throws {
        for activation in [ScalarType.f16, .bf16] {
            let plan = try GPULinearPlan.make(scheme: .gptq(bits: 8, groupSize: 128, symmetric: false, v2: false), n: 4096, k: 4096,
                                              gpu: .sm_90a, activation: activation).get()
            #expect(plan.stages.last!.variant.hasPrefix("gptq_gemm_wgmma_b8_g128_v1_\(activation.name)_gpu_"), "\(plan.stages.map(\.variant))")
            let ptx = try PTXCompiler().ptx(try plan.stages.last!.emit(), gpu: .sm_90a, ptx: plan.stages.last!.ptx)
            #expect(ptx.contains("wgmma.mma_async") && ptx.contains("prmt.b32"))
        }
        // Act-order: the load-time repack permutes K (activations permuted by g_idx), then the same kernel.
        let act = try GPULinearPlan.make(scheme: .gptq(bits: 8, groupSize: 128, symmetric: false, actOrder: true), n: 4096, k: 4096, gpu: .sm_90a).get()
        #expect(act.stages.first!.role == "load: repack" && act.stages.last!.variant.hasPrefix("gptq_gemm_wgmma_b8_g128_v1_f16_gpu_"),
                "\(act.stages.map(\.variant))")
        var wgmma = 0
        for fixture in ["gptq_b8_perchannel_sym_lmhead"] {
            for (module, route) in try Self.plans(fixture, .sm_90a) {
                guard case .gpu(let plan) = route, let prefill = plan.stages.last else { Issue.record("\(fixture) \(module.name): \(route)"); continue }
                if prefill.variant.hasPrefix("gptq_gemm_wgmma_b8") { wgmma += 1 }
            }
        }
        #expect(wgmma >= 1, "\(wgmma) 8-bit modules take the wgmma GEMM on sm_90a")
    }
}

extension GPURoutingTests {
    /// 2-bit GPTQ (g64 v2 and compressed-tensors g64 symmetric fixtures, and a g128 v1 scheme):
    /// the decode GEMV at M ≤ 16, the 2-bit wgmma GEMM above on sm_90a since its device check
    /// (Tools/gpu/results/2026-11-30-s5), f16 and bf16 plans — bf16 ones now serve M > 16 (no note).
    @Test func hopperPrefillTakesTheWGMMAGEMMFor2Bit() throws {
        for activation in [ScalarType.f16, .bf16] {
            let plan = try GPULinearPlan.make(scheme: .gptq(bits: 2, groupSize: 128, symmetric: false, v2: false), n: 4096, k: 4096,
                                              gpu: .sm_90a, activation: activation).get()
            #expect(plan.stages.contains { $0.variant.hasPrefix("gptq_gemv_mma_b2") }, "\(plan.stages.map(\.variant))")
            #expect(plan.stages.last!.role == "M > 16", "\(plan.stages.map(\.role))")
            #expect(plan.stages.last!.variant.hasPrefix("gptq_gemm_wgmma_b2_g128_v1_\(activation.name)_gpu_"), "\(plan.stages.map(\.variant))")
            #expect(plan.notes.isEmpty, "\(plan.notes)")
            let ptx = try PTXCompiler().ptx(try plan.stages.last!.emit(), gpu: .sm_90a, ptx: plan.stages.last!.ptx)
            #expect(ptx.contains("wgmma.mma_async"))
            // sm_90 (no arch-specific features): f16 prefill on the registry kernel, bf16 plans stop at M ≤ 16 with their note.
            let sm90 = try GPULinearPlan.make(scheme: .gptq(bits: 2, groupSize: 128, symmetric: false, v2: false), n: 4096, k: 4096,
                                              gpu: .sm_90, activation: activation).get()
            #expect(!sm90.stages.contains { $0.variant.hasPrefix("gptq_gemm_wgmma") }, "\(sm90.stages.map(\.variant))")
            if activation == .bf16 {
                #expect(sm90.notes.contains { $0.hasPrefix("bf16: ") && $0.hasSuffix("M > 16 is not served") }, "\(sm90.notes)")
            } else {
                #expect(sm90.stages.last!.role == "M > 16", "\(sm90.stages.map(\.role))")
            }
        }
        // The 2-bit fixtures of the self-test's `executor-routes`: every module takes the wgmma GEMM
        // at its M = 40 (on the H200 that check's wgmma module count rises by these modules).
        var modules = 0, wgmma = 0
        for fixture in ["gptq_b2_g64_asym_v2", "ct_pack_w2_g64_sym"] {
            for (module, route) in try Self.plans(fixture, .sm_90a) {
                guard case .gpu(let plan) = route, case .weightOnly(let layout, _, _) = plan.computation, let prefill = plan.stages.last else {
                    Issue.record("\(fixture) \(module.name): \(route)"); continue
                }
                modules += 1
                let chosen = try GPUWeightOnlyKernel.choose(layout: layout, m: 40, n: module.n, k: module.k, gpu: .sm_90a)
                if prefill.variant.hasPrefix("gptq_gemm_wgmma_b2") && chosen.readsWGMMALayout && plan.notes.isEmpty { wgmma += 1 }
            }
        }
        #expect(modules > 0 && wgmma == modules, "\(wgmma) of \(modules) 2-bit modules take the wgmma GEMM on sm_90a")
    }
}
