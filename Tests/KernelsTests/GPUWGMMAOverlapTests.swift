import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUWGMMAConfig/overlap``: the next step's dequantization during this step's `wgmma`s. Numerics
/// (odd, even and empty step counts, split-K, 2/4/8-bit, f16 and bf16 against float64) run on the
/// GPU machine (`quantjit-gpu-selftest gptq-gemm-wgmma`, `QUANTJIT_WGMMA_CHECK` unset).
@Suite struct GPUWGMMAOverlapTests {
    /// How often a config's PTX holds the pipeline step, the dequantization and the weight loads
    /// of one K block: overlapped, three copies of the step (the odd count's last one computes no
    /// next fragments and loads nothing LLVM keeps), three dequantizations with the one before the
    /// loop, and one more step of loads before it.
    static func emitted(_ c: GPUWGMMAConfig) -> (steps: Int, dequantized: Int, loaded: Int) {
        c.overlap ? (3, 3, c.prefetch + 3) : (1, 1, c.prefetch + 1)
    }

    static func generator(bits: Int, zeros: GPTQZeroPoints = .v1, activation: ScalarType = .f16) -> GPTQGPUWGMMA {
        GPTQGPUWGMMA(spec: WeightOnlySpec(layout: GPTQLayout(bits: bits, groupSize: 128, zeroPoints: zeros), activation: activation,
                                          convention: .gpu))
    }

    @Test("the 4-bit default overlaps (groups of 16 too); 8- and 2-bit keep the plain schedule; names and stored configs")
    func defaults() throws {
        let overlapped = GPUWGMMAConfig(stages: 3, stagedStores: true, overlap: true)
        #expect(overlapped.description == "w4n128s3p1eo")
        for activation in [ScalarType.f16, .bf16] {
            #expect(Self.generator(bits: 4, activation: activation).defaultConfig == overlapped)
            #expect(Self.generator(bits: 4, zeros: .symmetric, activation: activation).defaultConfig == overlapped)
            let g16 = GPTQGPUWGMMA(spec: WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 16, zeroPoints: .v2), activation: activation,
                                                        convention: .gpu))
            #expect(g16.defaultConfig == overlapped)
            #expect(Self.generator(bits: 8, activation: activation).defaultConfig == GPUWGMMAConfig(stages: 3, stagedStores: true))
            #expect(Self.generator(bits: 2, activation: activation).defaultConfig == GPUWGMMAConfig(stages: 3, stagedStores: true))
        }
        #expect(try JSONDecoder().decode(GPUWGMMAConfig.self, from: JSONEncoder().encode(overlapped)) == overlapped)
        let old = #"{"warpgroups":4,"tokens":128,"stages":3,"prefetch":1,"panels":1,"stagedStores":true,"splits":1}"#
        #expect(try JSONDecoder().decode(GPUWGMMAConfig.self, from: Data(old.utf8)).overlap == false)
        for bits in [2, 4, 8] {
            #expect(Self.generator(bits: bits).candidateConfigs.contains(overlapped))
        }
    }

    @Test("overlap with split-K (16-token tiles): three steps, the split epilogue, and ptxas keeps the wgmmas asynchronous")
    func splitK() throws {
        let g = Self.generator(bits: 4)
        let c = GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 4, prefetch: 2, splits: 4, overlap: true)
        try g.validate(c)
        let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90a)
        #expect(GPUGEMMTests.count(ptx, "wgmma.mma_async.sync.aligned.m64n16k16.f32.f16.f16") == 3 * 4)
        #expect(ptx.contains("%ctaid.z") && ptx.contains("atom.acq_rel.gpu.global.add.u32") && ptx.contains("bar.red.or.pred"))
        if GPUGEMVTests.ptxas != nil {
            let (status, output) = try GPUGEMVTests.assemble(ptx, gpu: "sm_90a")
            #expect(status == 0 && output.contains(" 0 bytes spill stores") && !output.contains("serialized"), "\(output)")
        }
    }

    @Test("ptxas keeps the overlapped and per-step wgmmas asynchronous and spills nothing (sm_90a)",
          .enabled(if: GPUGEMVTests.ptxas != nil, "set QUANTJIT_PTXAS to a ptxas binary"))
    func assembles() throws {
        for bits in [2, 4, 8] {
            for activation in [ScalarType.f16, .bf16] {
                let g = Self.generator(bits: bits, activation: activation)
                for c in g.candidateConfigs where c.overlap || c.perStep {
                    let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90a)
                    let (status, output) = try GPUGEMVTests.assemble(ptx, gpu: "sm_90a")
                    #expect(status == 0 && output.contains(" 0 bytes spill stores") && !output.contains("serialized"),
                            "\(bits)-bit \(activation.name) \(c): \(output)")
                }
            }
        }
    }

    @Test("per step: a wgmma.fence before each wgmma, not with overlap, names and stored configs")
    func perStep() throws {
        let g = Self.generator(bits: 4)
        let c = GPUWGMMAConfig(stages: 3, stagedStores: true, perStep: true)
        #expect(c.description == "w4n128s3p1ex")
        #expect(try JSONDecoder().decode(GPUWGMMAConfig.self, from: JSONEncoder().encode(c)) == c)
        #expect(throws: KernelConfigError.self) { try g.validate(GPUWGMMAConfig(overlap: true, perStep: true)) }
        for panels in [1, 2] {
            var d = c
            d.panels = panels
            let ptx = try PTXCompiler().ptx(try g.emit(d), gpu: .sm_90a)
            #expect(GPUGEMMTests.count(ptx, "wgmma.fence.sync.aligned") == 4 * panels, "\(d)")
            #expect(GPUGEMMTests.count(ptx, "wgmma.mma_async") == 4 * panels, "\(d)")
        }
    }
}
