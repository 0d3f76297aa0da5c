import Compiler
import Executor
import KernelIR
import Kernels
import Quantization
import Testing

/// Which `qweight` a chosen GPU kernel reads (``GPUWeightOnlyKernel/deviceWords(_:)``): GPTQ's
/// words as packed, the `wgmma` layout, interleaved words (in strips or not) for an interleaved decode
/// GEMV, or the words as packed in strips.
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
        #expect(interleaved.wordArrangement == .interleaved)
        #expect(interleaved.deviceWords(w) == GPTQGPUGEMV.interleave(w.qweight, bits: 4))
        #expect(interleaved.deviceWords(w) != w.qweight)
        c.tiledWords = true
        let strips = GPUWeightOnlyKernel.decodeGEMV(g, c)
        #expect(strips.wordArrangement == .interleavedStrips)
        #expect(strips.deviceWords(w) == GPTQGPUGEMV.tile(GPTQGPUGEMV.interleave(w.qweight, bits: 4), n: w.n))
        // What a layer that released GPTQ's words rebuilds them from.
        #expect(GPTQGPUGEMV.deinterleave(GPTQGPUGEMV.untile(strips.deviceWords(w), n: w.n), bits: 4) == w.qweight)
        // Strips of the words as packed (8-bit GPTQ reads its words so below 16384).
        c.interleavedWords = false
        let packedStrips = GPUWeightOnlyKernel.decodeGEMV(g, c)
        #expect(packedStrips.wordArrangement == .strips)
        #expect(packedStrips.deviceWords(w) == GPTQGPUGEMV.tile(w.qweight, n: w.n))
        #expect(GPUWeightOnlyKernel.WordArrangement.strips.packedWords(from: packedStrips.deviceWords(w), bits: 4, n: w.n) == w.qweight)
        // FP8 W8A16 codes: as stored, in strips, interleaved as 8-bit words (its f16 picks) or both.
        let fp8 = FP8GPUGEMV()
        var f = fp8.preferredConfig(m: 1, n: 8192, k: 8192)
        #expect(GPUWeightOnlyKernel.fp8GEMV(fp8, f).wordArrangement == .interleaved)
        #expect(GPUWeightOnlyKernel.fp8GEMV(fp8, f).deviceWords(w) == GPTQGPUGEMV.interleave(w.qweight, bits: 8))
        f.interleavedWords = false
        f.tiledWords = false
        #expect(GPUWeightOnlyKernel.fp8GEMV(fp8, f).wordArrangement == nil)
        #expect(GPUWeightOnlyKernel.fp8GEMV(fp8, f).deviceWords(w) == w.qweight)
        f.tiledWords = true
        #expect(GPUWeightOnlyKernel.fp8GEMV(fp8, f).wordArrangement == .strips)
        #expect(GPUWeightOnlyKernel.fp8GEMV(fp8, f).deviceWords(w) == GPTQGPUGEMV.tile(w.qweight, n: w.n))
        let prefill = try GPUWeightOnlyKernel.choose(layout: Self.layout, m: 4096, n: 8192, k: 8192, gpu: .sm_90a)
        #expect(prefill.wordArrangement == .wgmma)
        #expect(prefill.deviceWords(w) == GPTQWGMMALayout.repack(w))
    }

    @Test("a layer drops GPTQ's words only when every planned kernel reads a rewrite, one of them interleaved")
    func release() throws {
        func planned(_ layout: GPTQLayout, _ gpu: GPUArchitecture, n: Int = 8192, k: Int = 8192) -> [GPUWeightOnlyKernel] {
            (Array(1...16) + [4096]).compactMap { try? GPUWeightOnlyKernel.choose(layout: layout, m: $0, n: n, k: k, gpu: gpu) }
        }
        // 4-bit on sm_90a: interleaved GEMV (in strips at 8192 × 8192, not for symmetric N ≥ 16384)
        // and the wgmma GEMM.
        #expect(planned(Self.layout, .sm_90a).contains { $0.wordArrangement == .interleavedStrips })
        #expect(GPULinear.canReleasePackedWords(planned(Self.layout, .sm_90a)))
        #expect(planned(Self.layout, .sm_90a, n: 28672).contains { $0.wordArrangement == .interleaved })
        #expect(GPULinear.canReleasePackedWords(planned(Self.layout, .sm_90a, n: 28672)))
        // 4-bit on sm_80: the mma.sync GEMM reads GPTQ's words.
        #expect(!GPULinear.canReleasePackedWords(planned(Self.layout, .sm_80)))
        // 8-bit on sm_90a: the GEMV reads the words as packed in strips, which give them back, and
        // the wgmma GEMM its own layout.
        #expect(planned(GPTQLayout(bits: 8, groupSize: 128), .sm_90a).contains { $0.wordArrangement == .strips })
        #expect(GPULinear.canReleasePackedWords(planned(GPTQLayout(bits: 8, groupSize: 128), .sm_90a)))
        // 2-bit symmetric at N ≥ 16384: the GEMV reads interleaved words, which give them back.
        #expect(planned(GPTQLayout(bits: 2, groupSize: 128), .sm_90a, n: 28672).contains { $0.wordArrangement == .interleaved })
        #expect(GPULinear.canReleasePackedWords(planned(GPTQLayout(bits: 2, groupSize: 128), .sm_90a, n: 28672)))
        // 2-bit with bf16 activations: the GEMV reads the words in strips at 8192 × 8192, which give them back.
        let twoBitBF16 = (1...16).compactMap {
            try? GPUWeightOnlyKernel.choose(layout: GPTQLayout(bits: 2, groupSize: 128), m: $0, n: 8192, k: 8192, gpu: .sm_90a, activation: .bf16)
        }
        #expect(twoBitBF16.contains { $0.wordArrangement == .strips })
        #expect(GPULinear.canReleasePackedWords(twoBitBF16))
        // A GEMV reading GPTQ's words as packed: nothing to release.
        let gemv = GPTQGPUGEMV(spec: WeightOnlySpec(layout: Self.layout, activation: .f16, convention: .gpu))
        var packed = gemv.preferredConfig(m: 1, n: 8192, k: 8192)
        packed.interleavedWords = false
        packed.tiledWords = false
        #expect(!GPULinear.canReleasePackedWords([GPUWeightOnlyKernel.decodeGEMV(gemv, packed)]))
        // Only the wgmma layout: nothing to rebuild the words from.
        let wgmma = try GPUWeightOnlyKernel.choose(layout: Self.layout, m: 4096, n: 8192, k: 8192, gpu: .sm_90a)
        #expect(!GPULinear.canReleasePackedWords([wgmma]))
        #expect(!GPULinear.canReleasePackedWords([]))
    }
}
