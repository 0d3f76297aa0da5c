import Executor
import KernelIR
import Kernels
import Quantization
import Testing

/// The GGUF registry entries: selection by family and type, canonical names, named rejections.
@Suite struct JITRegistryTests {
    let registry = KernelRegistry(entries: KernelRegistry.gguf)

    @Test func picksInt8FirstWithItsCanonicalName() throws {
        let gemv = try registry.select(KernelRequest(family: .gemv, format: .gguf(.q4_1)))
        #expect(gemv.entry == "gguf_gemv_i8dot")
        #expect(gemv.variantName == "gguf_gemv_q4_1_i8dot_cpu_m1n1u2")  // GGUFPreferredConfigs.gemv
        let gemm = try registry.select(KernelRequest(family: .gemm, format: .gguf(.q6_K)), tuned: TileConfig(tileM: 2, tileN: 4, unrollK: 1))
        #expect(gemm.variantName == "gguf_gemm_q6_k_i8dot_cpu_m2n4u1s16r")  // sweeps and weight reuse: the generator default
        _ = try gemm.emit()
    }

    @Test func unsupportedTypeSaysWhatExists() {
        let error = #expect(throws: SelectionError.self) { try registry.select(KernelRequest(family: .gemv, format: .gguf(.q8_1))) }
        let text = error?.description ?? ""
        let quantized = "Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, IQ4_NL, Q2_K, Q3_K, Q4_K, Q5_K, Q6_K, IQ4_XS"
        #expect(text.contains("gguf_gemv_i8dot: GGML type Q8_1 unsupported (supported: \(quantized))"))
        #expect(text.contains("gguf_gemv_f32: GGML type Q8_1 unsupported (supported: \(quantized), F32, F16, BF16)"))
    }

    @Test func floatTypesTakeTheFMAStrategy() throws {
        let s = try registry.select(KernelRequest(family: .gemm, format: .gguf(.bf16)))
        #expect(s.entry == "gguf_gemm_f32")
        #expect(s.variantName == "gguf_gemm_bf16_f32_cpu_m4n4u1s16")
    }
}
