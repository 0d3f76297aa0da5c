import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUGEMVConfig/wgmma``: the staged M = 16 GEMV with `wgmma` (sm_90a) in place of `mma.sync`.
/// Numerics run on the GPU machine (`quantjit-gpu-selftest gptq-gemv-wgmma`); here the PTX
/// shape, the names, validation and the stored form.
@Suite struct GPUGEMVWGMMATests {
    static let symmetric = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))
    static let v1 = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))

    static func staged(unrollK: Int = 4, splits: Int = 1, wgmma: Bool = true) -> GPUGEMVConfig {
        var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: unrollK, splits: splits, registerMagic: true, columnWarps: 4,
                              activationStages: 2)
        c.interleavedWords = true
        c.wgmma = wgmma
        return c
    }

    @Test("wgmma replaces the mma.sync and the activations' ld.shared; 4-byte copies stage the canonical B tiles")
    func ptxShape() throws {
        for g in [Self.symmetric, Self.v1] {
            for unrollK in [2, 4] {
                let ptx = try PTXCompiler().ptx(try g.emit(Self.staged(unrollK: unrollK)), gpu: .sm_90a, ptx: 80)
                let twin = try PTXCompiler().ptx(try g.emit(Self.staged(unrollK: unrollK, wgmma: false)), gpu: .sm_90a, ptx: 80)
                // One loop body: per K block (one word a lane) two 16-column tiles × two K steps.
                #expect(GPUGEMVTests.count(ptx, "wgmma.mma_async.sync.aligned.m64n16k16.f32.f16.f16") == unrollK * 4)
                #expect(GPUGEMVTests.count(twin, "mma.sync.aligned.m16n8k16") == unrollK * 8)
                #expect(GPUGEMVTests.count(ptx, "mma.sync.aligned") == 0)
                // A fence and a commit per word; a wait per word and per accumulator tile at the body's end.
                #expect(GPUGEMVTests.count(ptx, "wgmma.fence.sync.aligned") == unrollK)
                #expect(GPUGEMVTests.count(ptx, "wgmma.commit_group.sync.aligned") == unrollK)
                #expect(GPUGEMVTests.count(ptx, "wgmma.wait_group.sync.aligned 1") == unrollK)
                #expect(GPUGEMVTests.count(ptx, "wgmma.wait_group.sync.aligned 0") == 2)
                // The group scales multiply the dequantized pairs: one mul.f16x2 a pair (16 a word).
                #expect(GPUGEMVTests.count(ptx, "mul.rn.f16x2") + GPUGEMVTests.count(ptx, "mul.f16x2") == unrollK * 16)
                // No activation reads into registers: only the K warps' reduction reads shared memory.
                #expect(GPUGEMVTests.count(ptx, "ld.shared.v4.u32") == 0)
                #expect(GPUGEMVTests.count(twin, "ld.shared.v4.u32") > 0)
                #expect(GPUGEMVTests.count(ptx, "cp.async.ca.shared.global") > 0 && !ptx.contains("], 16,"))
                #expect(GPUGEMVTests.count(ptx, "fence.proxy.async.shared::cta") == 1)
            }
        }
    }

    @Test("names, validation and stored configs")
    func namesAndValidation() throws {
        #expect(Self.staged().description == "r16w8n4c1u4pmx2ig")
        #expect(Self.staged().minimumPTX == 80)
        func message(_ c: GPUGEMVConfig, _ g: GPTQGPUGEMV = Self.symmetric) -> String {
            do { try g.validate(c); return "" } catch { return "\(error)" }
        }
        #expect(message(Self.staged()).isEmpty && message(Self.staged(), Self.v1).isEmpty)
        var register = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true)
        register.wgmma = true
        #expect(message(register).contains("staged-activation"))
        var eightRows = Self.staged()
        eightRows.maxRows = 8
        #expect(message(eightRows).contains("M = 16"))
        var packed = Self.staged()
        packed.interleavedWords = false
        #expect(message(packed).contains("interleaved"))
        let bf16 = GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128), activation: .bf16, convention: .gpu))
        #expect(message(Self.staged(), bf16).contains("f16"))
        #expect(throws: KernelConfigError.self) { try FP8GPUGEMV(activation: .f16).validate(Self.staged()) }
        #expect(throws: KernelConfigError.self) { try Self.symmetric.emitBound(Self.staged(), cutting: .mma) }

        let stored = Self.staged()
        let data = try JSONEncoder().encode(stored)
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: data) == stored)
        // A config stored before wgmma existed decodes with it off.
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object.removeValue(forKey: "wgmma")
        let old = try JSONDecoder().decode(GPUGEMVConfig.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old == Self.staged(wgmma: false))
    }

    @Test("the wgmma candidates: staged four-column-warp twins that validate, none among the sm_80/sm_90 candidates")
    func candidates() throws {
        for g in [Self.symmetric, Self.v1] {
            let configs = g.wgmmaConfigs
            #expect(configs.count >= 10)
            #expect(configs.contains(Self.staged()))
            for c in configs {
                #expect(c.wgmma && c.maxRows == 16 && c.columnWarps == 4 && c.activationStages >= 2)
                try g.validate(c)
            }
            #expect(!g.candidateConfigs.contains { $0.wgmma })
        }
    }
}
