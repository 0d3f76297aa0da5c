import Executor
import KernelIR
import Kernels
import Quantization
import Testing

/// Which `qweight` a chosen GPU kernel reads (``GPUWeightOnlyKernel/deviceWords(_:)``): GPTQ's
/// words as packed, the `wgmma` layout, or interleaved words for an interleaved decode GEMV.
@Suite struct GPUWordArrangementTests {
    static let layout = GPTQLayout(bits: 4, groupSize: 128)

    static func weight(k: Int = 256, n: Int = 64) -> GPTQWeight {
        let q = (0..<(k * n)).map { ($0 * 7 + $0 / 5) % 16 }
        return GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: [], scales: [Float](repeating: 0.5, count: (k / 128) * n), gIdx: [])
    }

    @Test("a decode GEMV reads packed words unless its config interleaves them; the wgmma GEMM its own layout")
    func arrangements() throws {
        let w = Self.weight()
        let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: Self.layout, activation: .f16, convention: .gpu))
        var c = g.preferredConfig(m: 16, n: 28672, k: 8192)
        c.interleavedWords = false
        let plain = GPUWeightOnlyKernel.decodeGEMV(g, c)
        #expect(plain.wordArrangement == nil)
        #expect(plain.deviceWords(w) == w.qweight)
        c.interleavedWords = true
        let interleaved = GPUWeightOnlyKernel.decodeGEMV(g, c)
        #expect(interleaved.wordArrangement == "interleaved")
        #expect(interleaved.deviceWords(w) == GPTQGPUGEMV.interleave(w.qweight, bits: 4))
        #expect(interleaved.deviceWords(w) != w.qweight)
        let prefill = try GPUWeightOnlyKernel.choose(layout: Self.layout, m: 4096, n: 8192, k: 8192, gpu: .sm_90a)
        #expect(prefill.wordArrangement == "wgmma")
        #expect(prefill.deviceWords(w) == GPTQWGMMALayout.repack(w))
    }
}
