import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUGEMVConfig/earlyBodies``: the next body's loads as plain `ld.global` before the chunk's
/// barrier. Numerics run on the GPU machine (`quantjit-gpu-selftest gptq-gemv-mma` times every
/// candidate, these included); here the PTX shape, the names and the stored form.
@Suite struct GPUGEMVEarlyLoadTests {
    static let symmetric = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))
    static let v1 = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))

    static func staged(early: Int) -> GPUGEMVConfig {
        var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, splits: 4, registerMagic: true, columnWarps: 4, activationStages: 2)
        c.interleavedWords = true
        c.earlyBodies = early
        return c
    }

    @Test("early loads are coherent ld.global issued before the chunk's barrier, read-only ones otherwise")
    func ptxShape() throws {
        for g in [Self.symmetric, Self.v1] {
            for gpu in [GPUArchitecture.sm_80, .sm_90] {
                let plain = try PTXCompiler().ptx(try g.emit(Self.staged(early: 0)), gpu: gpu, ptx: gpu.minimumPTX)
                #expect(GPUGEMVTests.count(plain, "ld.global.v4.u32") == 0)
                #expect(GPUGEMVTests.count(plain, "ld.global.nc.v4.u32") > 0)
                for early in [1, 2] {
                    let ptx = try PTXCompiler().ptx(try g.emit(Self.staged(early: early)), gpu: gpu, ptx: gpu.minimumPTX)
                    // Every weight word (4 per body: u4, one column word): the prologue's bodies and the loop's.
                    #expect(GPUGEMVTests.count(ptx, "ld.global.nc.v4.u32") == 0, "\(gpu) e\(early)")
                    #expect(GPUGEMVTests.count(ptx, "ld.global.v4.u32") == 4 * (early + 1), "\(gpu) e\(early)")
                    // The scales (and v1's zero words) travel the same way.
                    #expect(GPUGEMVTests.count(ptx, "ld.global.v2.u32") == early + 1)
                    #expect(GPUGEMVTests.count(ptx, "ld.global.u32") == (g.spec.layout.zeroPoints == .symmetric ? 0 : early + 1))
                    // In the loop the last weight load comes before the barrier, the barrier before the mma.
                    let last = try #require(ptx.range(of: "ld.global.v4.u32", options: .backwards))
                    let barrier = try #require(ptx.range(of: "bar.sync", range: last.upperBound..<ptx.endIndex))
                    let mma = try #require(ptx.range(of: "mma.sync", range: last.upperBound..<ptx.endIndex))
                    #expect(barrier.lowerBound < mma.lowerBound)
                }
            }
        }
    }

    @Test("names, validation and stored configs")
    func namesAndValidation() throws {
        #expect(Self.staged(early: 1).description == "r16w8n4c1u4ps4mx2ie")
        #expect(Self.staged(early: 2).description == "r16w8n4c1u4ps4mx2ie2")
        func message(_ c: GPUGEMVConfig) -> String {
            do { try Self.symmetric.validate(c); return "" } catch { return "\(error)" }
        }
        #expect(message(Self.staged(early: 1)).isEmpty && message(Self.staged(early: 2)).isEmpty)
        var register = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true)
        register.earlyBodies = 1
        #expect(message(register).contains("activationStages"))
        #expect(message(Self.staged(early: 3)).contains("1 or 2"))
        var paired = Self.staged(early: 2)
        paired.pairedBodies = true
        #expect(message(paired).contains("paired"))

        let stored = Self.staged(early: 2)
        let data = try JSONEncoder().encode(stored)
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: data) == stored)
        // A config stored before early loads existed decodes with them off.
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object.removeValue(forKey: "earlyBodies")
        let old = try JSONDecoder().decode(GPUGEMVConfig.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old == Self.staged(early: 0))
    }

    @Test("the early-load candidates: a fixed list that validates, the M = 16 K ≥ 16384 picks among them")
    func candidates() throws {
        let expected = ["r16w8n4c1u8pmx2ie", "r16w8n4c1u4pmx2ie", "r16w8n4c1u8ps4mx2ie", "r16w8n4c1u4ps4mx2ie", "r8w8n2c1u8pmx2ie",
                        "r8w8n2c1u4pmx2ie", "r16w8n4c1u4pmx2ie2", "r16w8n4c1u4ps4mx2ie2", "r8w8n2c1u4pmx2ie2", "r16w8n4c1u4pmx2b2ie",
                        "r16w8n4c1u4ps4mx2b2ie", "r8w8n2c1u4pmx2b2ie"]
        for g in [Self.symmetric, Self.v1] {
            #expect(g.earlyLoadConfigs.map(\.description) == expected)
            for c in g.earlyLoadConfigs { try g.validate(c) }
            var pick = g.preferredConfig(m: 16, n: 8192, k: 28672)
            pick.tiledWords = false  // the words' arrangement (GPUGEMVStripTests)
            #expect(pick.earlyBodies == 1 && expected.contains(pick.description), "\(pick)")
            // 28672 × 8192 takes the 7-column-warp schedule, early only when symmetric; N = 16384 none.
            #expect(g.preferredConfig(m: 16, n: 28672, k: 8192).earlyBodies == (g.spec.layout.zeroPoints == .symmetric ? 1 : 0))
            #expect(g.preferredConfig(m: 16, n: 16384, k: 8192).earlyBodies == 0)
            #expect(g.preferredConfig(m: 1, n: 8192, k: 28672).earlyBodies == 0)
        }
    }

    @Test("candidate configs are listed once each")
    func uniqueCandidates() {
        let specs = [WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), activation: .f16, convention: .gpu),
                     WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128), activation: .f16, convention: .gpu),
                     WeightOnlySpec(layout: GPTQLayout(bits: 8, groupSize: 128), activation: .bf16, convention: .gpu),
                     WeightOnlySpec(layout: GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v2), activation: .f16, convention: .gpu)]
        for spec in specs {
            let names = GPTQGPUGEMV(spec: spec).candidateConfigs.map(\.description)
            #expect(Set(names).count == names.count, "\(spec.layout.bits)-bit \(spec.activation.name): \(names.count) names, \(Set(names).count) distinct")
        }
    }
}
