import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUGEMVConfig/bulkWeights``: each K chunk's weights as `cp.async.bulk` row copies completing
/// on an `mbarrier`. Numerics run on the GPU machine (`quantjit-gpu-selftest gptq-gemv-mma` runs
/// bulk cases on every layout and every bulk candidate); here the PTX shape, the names, the
/// shared-memory budget and the stored form.
@Suite struct GPUGEMVBulkWeightTests {
    static let symmetric = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))

    static func staged(bulk: Bool, stages: Int = 3, splits: Int = 1) -> GPUGEMVConfig {
        var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, splits: splits, registerMagic: true, columnWarps: 4,
                              activationStages: stages)
        c.interleavedWords = true
        c.bulkWeights = bulk
        return c
    }

    @Test("weights arrive by bulk copy: no global weight loads, a wait before the shared loads that feed the mma")
    func ptxShape() throws {
        let g = Self.symmetric
        let plain = try PTXCompiler().ptx(try g.emit(Self.staged(bulk: false)), gpu: .sm_90, ptx: 80)
        #expect(GPUGEMVTests.count(plain, "ld.global.nc.v4.u32") > 0)
        #expect(GPUGEMVTests.count(plain, "cp.async.bulk") == 0)
        let c = Self.staged(bulk: true)
        let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: c.minimumPTX)
        #expect(GPUGEMVTests.count(ptx, "ld.global.nc.v4.u32") == 0 && GPUGEMVTests.count(ptx, "ld.global.v4.u32") == 0)
        // One barrier per slot; the prologue's two chunks and the loop's refill each announce their bytes.
        #expect(GPUGEMVTests.count(ptx, "mbarrier.init.shared::cta.b64") == 3)
        #expect(GPUGEMVTests.count(ptx, "mbarrier.arrive.expect_tx") == 3)
        #expect(GPUGEMVTests.count(ptx, "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes") == 3)
        // u2 × one column word: two 128-bit shared loads of words per body, after the wait.
        let wait = try #require(ptx.range(of: "mbarrier.try_wait.parity"))
        let mma = try #require(ptx.range(of: "mma.sync", range: wait.upperBound..<ptx.endIndex))
        #expect(GPUGEMVTests.count(String(ptx[wait.upperBound..<mma.lowerBound]), "ld.shared.v4.u32") == 2)
    }

    @Test("names, validation, the shared-memory budget and stored configs")
    func namesAndValidation() throws {
        let c = Self.staged(bulk: true)
        #expect(c.description == "r16w8n4c1u2pmx3ik" && c.minimumPTX == 80 && c.needsHopper)
        func message(_ c: GPUGEMVConfig) -> String {
            do { try Self.symmetric.validate(c); return "" } catch { return "\(error)" }
        }
        #expect(message(c).isEmpty)
        var register = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true)
        register.bulkWeights = true
        #expect(message(register).contains("activationStages"))
        // Static: the activations' three 5120-byte slots and three mbarriers. Dynamic: three slots of
        // 16 packed rows × 544 bytes, which the reduction (8 KiB) reuses. Nine slots pass the limit.
        #expect(Self.symmetric.sharedBytes(c) == 3 * 5120 + 24)
        #expect(Self.symmetric.dynamicSharedBytes(c) == 3 * 16 * 544)
        #expect(Self.symmetric.dynamicSharedBytes(Self.staged(bulk: false)) == 0)
        #expect(message(Self.staged(bulk: true, stages: 8)).isEmpty)
        #expect(message(Self.staged(bulk: true, stages: 9)).contains("2…8"))

        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: data) == c)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object.removeValue(forKey: "bulkWeights")
        let old = try JSONDecoder().decode(GPUGEMVConfig.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(old == Self.staged(bulk: false))
    }

    @Test("the bulk candidates validate and are not picks")
    func candidates() throws {
        let g = Self.symmetric
        let bulk = g.candidateConfigs.filter(\.bulkWeights)
        #expect(bulk.count == 21)
        for c in bulk { try g.validate(c) }
        for (m, n, k) in [(1, 8192, 8192), (16, 28672, 8192), (16, 8192, 28672)] {
            #expect(!g.preferredConfig(m: m, n: n, k: k).bulkWeights)
        }
    }
}
