import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUWGMMAConfig/overlap``: the next step's dequantization during this step's `wgmma`s. Numerics
/// (odd, even and empty step counts, split-K, 2/4/8-bit, f16 and bf16 against float64) run on the
/// GPU machine (`QUANTJIT_WGMMA_CHECK=all quantjit-gpu-selftest gptq-gemm-wgmma`).
@Suite struct GPUWGMMAOverlapTests {
    static func generator(bits: Int, zeros: GPTQZeroPoints = .v1, activation: ScalarType = .f16) -> GPTQGPUWGMMA {
        GPTQGPUWGMMA(spec: WeightOnlySpec(layout: GPTQLayout(bits: bits, groupSize: 128, zeroPoints: zeros), activation: activation,
                                          convention: .gpu))
    }

    @Test("the 4-bit default overlaps; 8- and 2-bit keep the plain schedule; names and stored configs")
    func defaults() throws {
        var overlapped = GPUWGMMAConfig(stages: 3, stagedStores: true)
        overlapped.overlap = true
        #expect(overlapped.description == "w4n128s3p1eo")
        for activation in [ScalarType.f16, .bf16] {
            #expect(Self.generator(bits: 4, activation: activation).defaultConfig == overlapped)
            #expect(Self.generator(bits: 4, zeros: .symmetric, activation: activation).defaultConfig == overlapped)
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

    @Test("two steps per loop iteration and one for an odd count: three times the plain step's wgmmas")
    func steps() throws {
        for bits in [2, 4, 8] {
            let g = Self.generator(bits: bits)
            var c = GPUWGMMAConfig(stages: 3, stagedStores: true)
            let plain = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90a)
            c.overlap = true
            let overlapped = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90a)
            func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }
            #expect(count(overlapped, "wgmma.mma_async") == 3 * count(plain, "wgmma.mma_async"), "\(bits)-bit")
            #expect(count(overlapped, "wgmma.wait_group") == 3 * count(plain, "wgmma.wait_group"), "\(bits)-bit")
        }
    }

    @Test("ptxas keeps the overlapped wgmmas asynchronous and spills nothing (sm_90a)",
          .enabled(if: GPUGEMVTests.ptxas != nil, "set QUANTJIT_PTXAS to a ptxas binary"))
    func assembles() throws {
        for bits in [2, 4, 8] {
            for activation in [ScalarType.f16, .bf16] {
                let g = Self.generator(bits: bits, activation: activation)
                for c in g.candidateConfigs where c.overlap {
                    let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90a)
                    let (status, output) = try GPUGEMVTests.assemble(ptx, gpu: "sm_90a")
                    #expect(status == 0 && output.contains(" 0 bytes spill stores") && !output.contains("serialized"),
                            "\(bits)-bit \(activation.name) \(c): \(output)")
                }
            }
        }
    }
}
