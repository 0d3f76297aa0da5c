import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The decode GEMV's bulk-copy activation ring (`GPUGEMVConfig.bulkActivations`) without a GPU:
/// what the PTX issues and where, what validation refuses, and what the configs cost in shared
/// memory. The numerics run on the GPU machine (`quantjit-gpu-selftest gptq-gemv-mma` and
/// `gptq-gemv-mma-candidates` on sm_90).
@Suite struct GPUGEMVBulkRingTests {
    static let layouts = [GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1), GPTQLayout(bits: 4, groupSize: 128),
                          GPTQLayout(bits: 2, groupSize: 64, zeroPoints: .v2)]

    static func ptx(_ g: GPTQGPUGEMV, _ c: GPUGEMVConfig) throws -> String {
        try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: max(c.minimumPTX, GPUArchitecture.sm_90.minimumPTX))
    }

    @Test("activations come from bulk copies and ld.shared, weights still from ld.global", arguments: layouts)
    func instructions(layout: GPTQLayout) throws {
        let g = GPUGEMVTests.generator(layout)
        let configs = g.bulkActivationConfigs
        #expect(!configs.isEmpty)
        for c in configs {
            #expect(c.description.contains("q\(c.bulkActivations)") && c.minimumPTX == 80 && c.needsSM90, "\(c)")
            #expect(!g.candidateConfigs.contains(c), "\(c): sm_90 only, so not an sm_80 candidate")
            let text = try Self.ptx(g, c)
            // One barrier per slot, initialised once; one prologue copy per slot but the last and one in the loop.
            #expect(GPUGEMVTests.count(text, "mbarrier.init.shared.b64") == c.bulkActivations, "\(c)")
            #expect(GPUGEMVTests.count(text, "cp.async.bulk.shared::cluster.global") == c.bulkActivations * (c.pairedBodies ? 2 : 1), "\(c)")
            #expect(text.contains("mbarrier.try_wait.parity"), "\(c)")
            #expect(text.contains("fence.proxy.async.shared::cta"), "\(c)")
            // Weights: 128-bit global loads; activations: no 128-bit f16 global load is left.
            #expect(text.contains(".v4.u32"), "\(c)")
            #expect(text.contains("ld.shared.v4"), "\(c)")
            var plain = c
            plain.bulkActivations = 0
            let plainText = try Self.ptx(g, plain)
            #expect(!plainText.contains("cp.async.bulk") && !plainText.contains("mbarrier"), "\(plain)")
            #expect(GPUGEMVTests.count(text, "ld.global") < GPUGEMVTests.count(plainText, "ld.global"), "\(c)")
        }
    }

    @Test("shared memory: the ring, its barriers and the reduction, under 48 KiB")
    func sharedMemory() throws {
        let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))
        var c = GPUGEMVConfig(maxRows: 16, warps: 4, unrollK: 4, prefetch: true, registerMagic: true)
        let plain = g.sharedBytes(c)
        c.bulkActivations = 2
        // 4 warps × 2 slots × 16 rows × (256 bytes padded to 320) + 8 barriers of 8 bytes.
        #expect(g.sharedBytes(c) - plain == 4 * 2 * (16 * 320 + 8))
        try g.validate(c)
        c.bulkActivations = 3
        #expect(throws: KernelConfigError.self) { try g.validate(c) }  // 61 KiB
    }

    @Test("refused with rings, staged activations, dependent launches, 8-bit words or a bad depth")
    func validation() throws {
        let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))
        func bulk(_ c: GPUGEMVConfig, _ depth: Int = 2) -> GPUGEMVConfig {
            var d = c
            d.bulkActivations = depth
            return d
        }
        let register = GPUGEMVConfig(maxRows: 16, warps: 4, unrollK: 2, prefetch: true)
        try g.validate(bulk(register))
        for depth in [1, 5] { #expect(throws: KernelConfigError.self) { try g.validate(bulk(register, depth)) } }
        #expect(throws: KernelConfigError.self) { try g.validate(bulk(GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4))) }
        #expect(throws: KernelConfigError.self) {
            try g.validate(bulk(GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 2, columnWarps: 4, activationStages: 2)))
        }
        #expect(throws: KernelConfigError.self) { try g.validate(bulk(GPUGEMVConfig(maxRows: 16, warps: 4, unrollK: 2, dependentLaunch: true))) }
        let eight = GPUGEMVTests.generator(GPTQLayout(bits: 8, groupSize: -1))
        #expect(throws: KernelConfigError.self) { try eight.validate(bulk(register)) }
        #expect(eight.bulkActivationConfigs.isEmpty)
        // Stored before the flag existed: decodes with it off.
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(register)) as! [String: Any]
        json.removeValue(forKey: "bulkActivations")
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: JSONSerialization.data(withJSONObject: json)) == register)
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: JSONEncoder().encode(bulk(register))) == bulk(register))
    }

    @Test("ptxas assembles the ring configs for sm_90 without spills",
          .enabled(if: GPUGEMVTests.ptxas != nil, "set QUANTJIT_PTXAS to a ptxas binary"))
    func assembles() throws {
        for layout in Self.layouts {
            let g = GPUGEMVTests.generator(layout)
            for c in g.bulkActivationConfigs {
                let (status, output) = try GPUGEMVTests.assemble(try Self.ptx(g, c), gpu: "sm_90")
                #expect(status == 0 && output.contains(" 0 bytes spill stores"), "\(c): \(output)")
            }
        }
    }
}
