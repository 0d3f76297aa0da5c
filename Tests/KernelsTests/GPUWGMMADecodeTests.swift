import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// The `wgmma` GEMM's small-M configs (16-token tiles, split-K across blocks) without a GPU,
/// and a PTX dump of the existing configs (to check that they stay byte-identical).
@Suite struct GPUWGMMADecodeTests {
    static func generator(_ layout: GPTQLayout, activation: ScalarType = .f16) -> GPTQGPUWGMMA {
        GPTQGPUWGMMA(spec: WeightOnlySpec(layout: layout, activation: activation, convention: .gpu))
    }

    /// The configs that existed before the small-M ones: the candidates, the default, and the
    /// self-test's extra configs.
    static var existingConfigs: [GPUWGMMAConfig] {
        let g = generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))
        let extra = [GPUWGMMAConfig(), GPUWGMMAConfig(warpgroups: 4, tokens: 64, stages: 4), GPUWGMMAConfig(stages: 6),
                     GPUWGMMAConfig(stages: 3, panels: 2), GPUWGMMAConfig(stages: 4, panels: 2),
                     GPUWGMMAConfig(warpgroups: 1, tokens: 128, stages: 3)]
        var seen = Set<GPUWGMMAConfig>()
        return ([g.defaultConfig] + g.candidateConfigs + extra).filter { seen.insert($0).inserted }
    }

    /// With `QUANTJIT_WGMMA_PTX_DUMP=DIR`, writes the PTX of every existing config on every 4-bit
    /// layout and both activation types to DIR (compare two dumps with `diff -r`).
    @Test("dump the PTX of the existing configs (QUANTJIT_WGMMA_PTX_DUMP)")
    func dumpExisting() throws {
        guard let dir = ProcessInfo.processInfo.environment["QUANTJIT_WGMMA_PTX_DUMP"] else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for activation in [ScalarType.f16, .bf16] {
            for g in [-1, 16, 32, 64, 128] {
                for z in GPTQZeroPoints.allCases {
                    let gen = Self.generator(GPTQLayout(bits: 4, groupSize: g, zeroPoints: z), activation: activation)
                    for c in Self.existingConfigs {
                        let ptx = try PTXCompiler().ptx(try gen.emit(c), gpu: .sm_90a)
                        try ptx.write(toFile: "\(dir)/\(activation.name)-\(gen.variantName(c)).ptx", atomically: true, encoding: .utf8)
                    }
                }
            }
        }
    }

    @Test("decode candidates: names, 16-token tiles, split-K grid and scratch sizes")
    func decodeConfigs() throws {
        let gen = Self.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))
        let names = gen.decodeCandidateConfigs.map(\.description)
        #expect(names == ["w1n16s4p2sk4", "w1n16s4p4sk4", "w1n16s4p2k128sk4", "w2n16s4p2sk8", "w1n16s4p2sk2",
                          "w1n16s4p2sk4o", "w2n16s4p2sk8o", "w1n16s4p2sk2o", "w1n16s4p2sk4x", "w2n16s4p2sk8x"])
        #expect(Set(names).count == names.count)
        #expect(Set(names).isDisjoint(with: gen.candidateConfigs.map(\.description)), "kept out of the executor's candidates")
        for c in gen.decodeCandidateConfigs {
            try gen.validate(c)
            #expect(c.tokens == 16 && c.splits > 1)
            #expect(gen.unsupportedShape(m: 16, n: 8192, k: 28672, config: c) == nil)
        }
        let c = gen.decodeCandidateConfigs[0]
        #expect(c.launchGrid(m: 16, n: 8192) == (128, 1, 4) && c.launchGrid(m: 9, n: 28672) == (448, 1, 4))
        #expect(c.workspaceFloats(m: 16, n: 8192) == 4 * 128 * 64 * 16 && c.counterCount(m: 16, n: 8192) == 128)
        #expect(c.workspaceFloats(m: 17, n: 200) == 4 * 4 * 2 * 64 * 16 && c.counterCount(m: 17, n: 200) == 8)
        #expect(GPUWGMMAConfig().workspaceFloats(m: 16, n: 8192) == 0 && GPUWGMMAConfig().counterCount(m: 16, n: 8192) == 0)
        let old = #"{"warpgroups":4,"tokens":128,"stages":3,"prefetch":1,"panels":1,"stagedStores":true}"#
        #expect(try JSONDecoder().decode(GPUWGMMAConfig.self, from: Data(old.utf8)) == GPUWGMMAConfig(stages: 3, stagedStores: true))
        #expect(try JSONDecoder().decode(GPUWGMMAConfig.self, from: JSONEncoder().encode(c)) == c)
        #expect(GPUWGMMAConfig().description == "w4n128s4p1" && GPUWGMMAConfig(stages: 3, stagedStores: true).description == "w4n128s3p1e")
    }

    @Test("invalid token counts, splits and prefetch depths are rejected")
    func rejects() throws {
        let gen = Self.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: .v1))
        for bad in [GPUWGMMAConfig(tokens: 32), GPUWGMMAConfig(tokens: 8), GPUWGMMAConfig(warpgroups: 1, tokens: 16, splits: 0),
                    GPUWGMMAConfig(warpgroups: 1, tokens: 16, splits: 17), GPUWGMMAConfig(warpgroups: 1, tokens: 16, prefetch: 5),
                    GPUWGMMAConfig(warpgroups: 1, tokens: 16, stagedStores: true, splits: 2)] {
            #expect(throws: KernelConfigError.self, "\(bad)") { try gen.validate(bad) }
        }
        try gen.validate(GPUWGMMAConfig(warpgroups: 4, tokens: 16, splits: 1))  // 128 chunks among 512 threads
        #expect(gen.unsupportedShape(m: 65536, n: 65536, k: 64, config: GPUWGMMAConfig(warpgroups: 1, tokens: 16, splits: 4)) != nil)
    }

    @Test("decode candidates emit wgmma.m64n16k16 with the split-K epilogue on every 4-bit layout, and assemble")
    func decodeEmits() throws {
        for activation in [ScalarType.f16, .bf16] {
            for g in [-1, 32, 64, 128] {
                for z in GPTQZeroPoints.allCases {
                    let gen = Self.generator(GPTQLayout(bits: 4, groupSize: g, zeroPoints: z), activation: activation)
                    let configs = g == 128 ? gen.decodeCandidateConfigs : [gen.decodeCandidateConfigs[0]]
                    for c in configs + [GPUWGMMAConfig(warpgroups: 1, tokens: 16, stages: 3)] {
                        let ptx = try PTXCompiler().ptx(try gen.emit(c), gpu: .sm_90a)
                        let name = "\(activation.name)-\(gen.variantName(c))"
                        let type = activation == .f16 ? "f16" : "bf16"
                        #expect(GPUGEMMTests.count(ptx, "wgmma.mma_async.sync.aligned.m64n16k16.f32.\(type).\(type)") == (c.overlap ? 3 : 1) * 4 * c.panels, "\(name)")  // overlapped: three steps
                        #expect(ptx.contains(".param .u64 \(gen.variantName(c))_param_10") == (c.splits > 1), "\(name): workspace and counters")
                        #expect(GPUGEMMTests.count(ptx, "bar.red.or.pred") == (c.splits > 1 ? 1 : 0), "\(name)")
                        #expect(GPUGEMMTests.count(ptx, "atom.acq_rel.gpu.global.add.u32") == (c.splits > 1 ? 1 : 0), "\(name)")
                        #expect(GPUGEMMTests.count(ptx, "ld.global.cg.v4.f32") == (c.splits > 1 ? 2 * c.splits : 0), "\(name)")
                        #expect(!ptx.contains(".local"), "\(name) spills to local memory")
                        #expect(try GPUGEMMTests.ptxas(ptx, name: name, gpu: "sm_90a") == 0, "ptxas rejected \(name)")
                        if let dir = ProcessInfo.processInfo.environment["QUANTJIT_WGMMA_PTX_DUMP"] {
                            try FileManager.default.createDirectory(atPath: dir + "-decode", withIntermediateDirectories: true)
                            try ptx.write(toFile: "\(dir)-decode/\(name).ptx", atomically: true, encoding: .utf8)
                        }
                    }
                }
            }
        }
    }
}
