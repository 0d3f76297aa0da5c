import Executor
import KernelIR
import Kernels
import Quantization
import Testing

@Suite struct SelectionTests {
    @Test func picksTheFamilysGeneratorWithItsDefaultConfig() throws {
        let r = KernelRequest(family: .gemm, format: .gptq(GPTQLayout(bits: 3, groupSize: 32, zeroPoints: .v1, actOrder: true)))
        let s = try KernelRegistry.standard.select(r)
        #expect(s.entry == "gptq_gemm")
        #expect(s.config == s.generator.defaultConfig)
        #expect(s.variantName == "gptq_gemm_b3_g32_v1_act_f32_cpu_m4n2v16u1")
    }

    @Test func usesATunedConfig() throws {
        let r = KernelRequest(family: .gemv, format: .gptq(GPTQLayout(bits: 4, groupSize: 128)), target: .gpu(.sm_90))
        let tuned = TileConfig(tileM: 1, tileN: 1, vectorWidth: 1, unrollK: 4, threadsPerBlock: 256)
        let s = try KernelRegistry.standard.select(r, tuned: tuned)
        #expect(s.config == tuned)
        #expect(s.variantName == "gptq_gemv_b4_g128_sym_f32_gpu_m1n1t256u4")
    }

    @Test func unsupportedBitsSayWhatWasAskedAndWhatExists() {
        let r = KernelRequest(family: .gemv, format: .gptq(GPTQLayout(bits: 5, groupSize: 128)))
        let error = #expect(throws: SelectionError.self) { try KernelRegistry.standard.select(r) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("no kernel supports gemv of GPTQ 5-bit g128 symmetric with f32 activations on cpu"))
        #expect(text.contains("gptq_gemv: bits 5 unsupported (supported: 2, 3, 4, 8)"))
        #expect(text.contains("kernels that exist:"))
        #expect(text.contains("gptq_gemm: GPTQ 2/3/4/8-bit"))
    }

    @Test func unsupportedActivation() {
        let r = KernelRequest(family: .gemm, format: .gptq(GPTQLayout(bits: 4, groupSize: 64)), activation: .bf16)
        let error = #expect(throws: SelectionError.self) { try KernelRegistry.standard.select(r) }
        #expect(error?.description.contains("gptq_gemm: activation bf16 unsupported (f32, f16)") == true)
    }

    @Test func targetsParseWithAClearError() throws {
        #expect(try ExecutionTarget.named("sm_90a") == .gpu(.sm_90a))
        #expect(throws: (any Error).self) { try ExecutionTarget.named("sm_70") }
    }
}
