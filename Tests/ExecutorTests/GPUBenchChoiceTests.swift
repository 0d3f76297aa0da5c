import Compiler
import Executor
import KernelIR
import Kernels
import Quantization
import Testing

/// `quantjit bench --device cuda`'s kernel choice, without a GPU: the tensor-core GEMV for
/// M ≤ 16, the tensor-core GEMM above, the registry's kernels where neither serves, FP8 for
/// decode only, and config names that must exist.
@Suite struct GPUBenchChoiceTests {
    static let v1 = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1)

    @Test("M decides between the tensor-core GEMV and GEMM; other layouts fall back on the registry")
    func choice() throws {
        let gemv = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 1, n: 8192, k: 8192, gpu: .sm_90)
        guard case .decodeGEMV(_, let c) = gemv else { Issue.record("M = 1 chose \(gemv.variantName)"); return }
        #expect(c == GPTQGPUGEMV(spec: WeightOnlySpec(layout: Self.v1, activation: .f16, convention: .gpu)).preferredConfig(m: 1, n: 8192, k: 8192))
        #expect(gemv.variantName.hasPrefix("gptq_gemv_mma_b4_g128_v1_f16"))
        let sixteen = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 16, n: 28672, k: 8192, gpu: .sm_90)
        #expect(sixteen.variantName.contains("_r16"))
        let gemm = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 4096, n: 8192, k: 28672, gpu: .sm_90)
        #expect(gemm.variantName.hasPrefix("gptq_gemm_mma_b4_g128_v1_f16"), "\(gemm.variantName)")
        // 3-bit and act-order: no tensor-core kernel; N off the GEMM's block: the registry's GEMM.
        for (layout, m, n) in [(GPTQLayout(bits: 3, groupSize: 128), 1, 4096), (GPTQLayout(bits: 4, groupSize: 128, actOrder: true), 4, 4096),
                               (Self.v1, 64, 1000)] {
            let k = try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: n, k: 4096, gpu: .sm_90)
            guard case .registry = k else { Issue.record("\(layout) M = \(m) chose \(k.variantName)"); continue }
            #expect(k.variantName.contains("_gpu_"))
        }
    }

    @Test("dump-ptx --cut: decode GEMVs (GPTQ and FP8) give timing bounds under their own names; other kernels refuse")
    func cuts() throws {
        let gemv = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 16, n: 28672, k: 8192, gpu: .sm_90)
        #expect(try gemv.emitBound(cutting: []).name == gemv.variantName)
        let bound = try gemv.emitBound(cutting: [.mma, .activationLoads])
        #expect(bound.name == gemv.variantName + "_cut_mma_activation_loads")
        let fp8 = try GPUWeightOnlyKernel.chooseFP8(m: 1, n: 8192, k: 8192)
        #expect(try fp8.emitBound(cutting: .mma).name == fp8.variantName + "_cut_mma")
        let gemm = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 4096, n: 8192, k: 8192, gpu: .sm_90)
        #expect(throws: KernelConfigError.self) { try gemm.emitBound(cutting: .mma) }
        #expect(try gemm.emitBound(cutting: []).name == gemm.variantName)
    }

    @Test("--config names a candidate; unknown names list the candidates")
    func configNames() throws {
        let names = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 4096, n: 8192, k: 8192, gpu: .sm_90)
            .candidateConfigNames(m: 4096, n: 8192, k: 8192)
        #expect(names.contains("m256n128w4x2p"))
        let picked = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 4096, n: 8192, k: 8192, gpu: .sm_90, configName: names.last!)
        #expect(picked.variantName.hasSuffix(names.last!))
        do {
            _ = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 1, n: 8192, k: 8192, gpu: .sm_90, configName: "r9w9")
            Issue.record("an unknown config name was accepted")
        } catch {
            #expect("\(error)".contains("r8w10c1u4p"), "\(error)")
        }
        let gemvNames = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 12, n: 8192, k: 8192, gpu: .sm_90)
            .candidateConfigNames(m: 12, n: 8192, k: 8192)
        #expect(!gemvNames.isEmpty && gemvNames.allSatisfy { $0.hasPrefix("r16") }, "\(gemvNames)")
    }

    @Test("bf16 activations: the decode GEMV at M ≤ 16 for 4- and 8-bit, the tensor-core GEMMs above (8-bit: wgmma on sm_90a); 8-bit bf16 prefill elsewhere and f32 are refused")
    func bf16() throws {
        for m in [1, 16] {
            let decode = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: m, n: 8192, k: 8192, gpu: .sm_90a, activation: .bf16)
            guard case .decodeGEMV = decode else { Issue.record("bf16 M = \(m) chose \(decode.variantName)"); continue }
            #expect(decode.variantName.hasPrefix("gptq_gemv_mma_b4_g128_v1_bf16_gpu_") && decode.activation == .bf16)
            // 8-bit: the decode GEMV dequantizes through f32 (2^23 + q).
            let eight = try GPUWeightOnlyKernel.choose(layout: GPTQLayout(bits: 8, groupSize: 128), m: m, n: 8192, k: 8192, gpu: .sm_90a,
                                                       activation: .bf16)
            guard case .decodeGEMV = eight else { Issue.record("8-bit bf16 M = \(m) chose \(eight.variantName)"); continue }
            #expect(eight.variantName.hasPrefix("gptq_gemv_mma_b8_g128_sym_bf16_gpu_") && eight.activation == .bf16)
        }
        // 8-bit with bf16 activations above M = 16: the wgmma GEMM on sm_90a (it converts through
        // f32); elsewhere no GPU kernel takes them: a clear error, not an f16 kernel.
        #expect(throws: (any Error).self) {
            try GPUWeightOnlyKernel.choose(layout: GPTQLayout(bits: 8, groupSize: 128), m: 4096, n: 8192, k: 8192, gpu: .sm_80, activation: .bf16)
        }
        let hopper = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 4096, n: 8192, k: 8192, gpu: .sm_90a, activation: .bf16)
        if case .wgmma = hopper {
            #expect(hopper.variantName.hasPrefix("gptq_gemm_wgmma_b4_g128_v1_bf16_gpu_"))
            #expect(hopper.activation == .bf16 && hopper.readsWGMMALayout)
        } else {
            Issue.record("bf16 M = 4096 on sm_90a chose \(hopper.variantName)")
        }
        let ampere = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 4096, n: 8192, k: 8192, gpu: .sm_80, activation: .bf16)
        if case .gemm = ampere {
            #expect(ampere.variantName.hasPrefix("gptq_gemm_mma_b4_g128_v1_bf16_gpu_"))
        } else {
            Issue.record("bf16 M = 4096 on sm_80 chose \(ampere.variantName)")
        }
        // f16 keeps the decode GEMV for M ≤ 16.
        guard case .decodeGEMV = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 1, n: 8192, k: 8192, gpu: .sm_90a) else {
            Issue.record("f16 M = 1 left the GEMV"); return
        }
        // No bf16 kernel for layouts the tensor-core GEMMs do not serve: a clear error, not an f16 kernel.
        #expect(throws: (any Error).self) {
            try GPUWeightOnlyKernel.choose(layout: GPTQLayout(bits: 3, groupSize: 128), m: 64, n: 4096, k: 4096, gpu: .sm_90, activation: .bf16)
        }
        #expect(throws: GPUBenchError.self) {
            try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 64, n: 4096, k: 4096, gpu: .sm_90, activation: .f32)
        }
        let names = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 4096, n: 8192, k: 8192, gpu: .sm_90a, activation: .bf16)
            .candidateConfigNames(m: 4096, n: 8192, k: 8192)
        let picked = try GPUWeightOnlyKernel.choose(layout: Self.v1, m: 4096, n: 8192, k: 8192, gpu: .sm_90a, activation: .bf16,
                                                    configName: names.first!)
        #expect(picked.variantName.hasSuffix(names.first!) && picked.activation == .bf16)
    }

    @Test("FP8 W8A16 is a decode kernel")
    func fp8() throws {
        let k = try GPUWeightOnlyKernel.chooseFP8(m: 1, n: 8192, k: 8192)
        #expect(k.variantName.hasPrefix("fp8_gemv_mma_e4m3"))
        #expect(throws: GPUBenchError.self) { try GPUWeightOnlyKernel.chooseFP8(m: 32, n: 8192, k: 8192) }
        #expect(k.activation == .f16)
        let bf16 = try GPUWeightOnlyKernel.chooseFP8(m: 16, n: 8192, k: 8192, activation: .bf16)
        #expect(bf16.variantName.hasPrefix("fp8_gemv_mma_e4m3_pc_bf16_gpu_r16") && bf16.activation == .bf16, "\(bf16.variantName)")
        #expect(bf16.kind.contains("bf16"))
        #expect(throws: GPUBenchError.self) { try GPUWeightOnlyKernel.chooseFP8(m: 1, n: 8192, k: 8192, activation: .f32) }
    }
}

extension GPUBenchChoiceTests {
    @Test("8-bit GPTQ at M > 16 on sm_90a: the wgmma GEMM, f16 and bf16; other GPUs keep their kernels")
    func eightBitWGMMA() throws {
        for layout in [GPTQLayout(bits: 8, groupSize: 128), GPTQLayout(bits: 8, groupSize: 128, zeroPoints: .v1),
                       GPTQLayout(bits: 8, groupSize: -1, zeroPoints: .v2), GPTQLayout(bits: 8, groupSize: 32, zeroPoints: .v1)] {
            for activation in [ScalarType.f16, .bf16] {
                for m in [17, 4096] {
                    let k = try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: 8192, k: 8192, gpu: .sm_90a, activation: activation)
                    guard case .wgmma(let g, let c) = k else { Issue.record("\(layout) \(activation.name) M = \(m) chose \(k.variantName)"); continue }
                    #expect(c == g.defaultConfig && k.readsWGMMALayout && k.activation == activation)
                    #expect(k.variantName.hasPrefix("gptq_gemm_wgmma_b8_"), "\(k.variantName)")
                    #expect(k.candidateConfigNames(m: m, n: 8192, k: 8192).allSatisfy { !$0.contains("k128") })
                }
            }
            // f16 decode stays on the GEMV; sm_90 (no arch-specific features) keeps the registry kernel.
            guard case .decodeGEMV = try GPUWeightOnlyKernel.choose(layout: layout, m: 1, n: 8192, k: 8192, gpu: .sm_90a) else {
                Issue.record("\(layout) f16 M = 1 left the GEMV"); continue
            }
            guard case .registry = try GPUWeightOnlyKernel.choose(layout: layout, m: 4096, n: 8192, k: 8192, gpu: .sm_90) else {
                Issue.record("\(layout) f16 M = 4096 on sm_90 left the registry kernel"); continue
            }
        }
        // Act-order GPTQ reaches the GPU kernels repacked (no g_idx); as stored it is not served by wgmma.
        guard case .registry = try GPUWeightOnlyKernel.choose(layout: GPTQLayout(bits: 8, groupSize: 128, actOrder: true), m: 4096,
                                                                n: 8192, k: 8192, gpu: .sm_90a) else {
            Issue.record("8-bit act-order as stored left the registry kernel"); return
        }
    }
}

extension GPUBenchChoiceTests {
    /// 2-bit weights take the wgmma GEMM since its device check (Tools/gpu/results/2026-11-30-s5),
    /// as 8-bit ones do: f16 and bf16 at M > 16 on sm_90a with the default config, the two-panel
    /// twins among the candidates; M ≤ 16 keeps the decode GEMV; sm_90 keeps the registry kernel
    /// (f16) and refuses bf16 prefill.
    @Test("2-bit GPTQ at M > 16 on sm_90a: the wgmma GEMM, f16 and bf16; the decode GEMV at M ≤ 16; other GPUs keep their kernels")
    func twoBitWGMMA() throws {
        for layout in [GPTQLayout(bits: 2, groupSize: 128), GPTQLayout(bits: 2, groupSize: 128, zeroPoints: .v1),
                       GPTQLayout(bits: 2, groupSize: -1, zeroPoints: .v2), GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v1)] {
            for activation in [ScalarType.f16, .bf16] {
                for m in [17, 4096] {
                    let k = try GPUWeightOnlyKernel.choose(layout: layout, m: m, n: 8192, k: 8192, gpu: .sm_90a, activation: activation)
                    guard case .wgmma(let g, let c) = k else { Issue.record("\(layout) \(activation.name) M = \(m) chose \(k.variantName)"); continue }
                    #expect(c == g.defaultConfig && k.readsWGMMALayout && k.activation == activation)
                    #expect(k.variantName.hasPrefix("gptq_gemm_wgmma_b2_"), "\(k.variantName)")
                    #expect(k.candidateConfigNames(m: m, n: 8192, k: 8192).contains("w4n128s3p1k128e"))
                }
                guard case .decodeGEMV = try GPUWeightOnlyKernel.choose(layout: layout, m: 16, n: 8192, k: 8192, gpu: .sm_90a, activation: activation) else {
                    Issue.record("\(layout) \(activation.name) M = 16 left the GEMV"); continue
                }
            }
            // sm_90 (no arch-specific features): the registry kernel for f16, no bf16 prefill kernel.
            let f16 = try GPUWeightOnlyKernel.choose(layout: layout, m: 4096, n: 8192, k: 8192, gpu: .sm_90)
            guard case .registry = f16 else { Issue.record("\(layout) f16 M = 4096 on sm_90 chose \(f16.variantName)"); continue }
            #expect(!f16.readsWGMMALayout)
            #expect(throws: (any Error).self, "\(layout) bf16 M = 4096 on sm_90") {
                try GPUWeightOnlyKernel.choose(layout: layout, m: 4096, n: 8192, k: 8192, gpu: .sm_90, activation: .bf16)
            }
        }
        // Act-order as stored is not served by wgmma (the executor repacks it first).
        guard case .registry = try GPUWeightOnlyKernel.choose(layout: GPTQLayout(bits: 2, groupSize: 128, actOrder: true), m: 4096,
                                                                n: 8192, k: 8192, gpu: .sm_90a) else {
            Issue.record("2-bit act-order as stored left the registry kernel"); return
        }
    }
}
