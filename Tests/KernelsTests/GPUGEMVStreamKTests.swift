import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUGEMVConfig/streamBlocksPerSM``: the grid, the scratch, the checks and the code it emits.
/// Numerics (stream-K schedules against float64 on shapes whose shares cross tiles, 20 runs
/// bitwise equal) run on the GPU machine (`quantjit-gpu-selftest gptq-gemv-mma`,
/// `gptq-gemv-mma-candidates`, `determinism`).
@Suite struct GPUGEMVStreamKTests {
    static let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))

    static func streamed(_ c: GPUGEMVConfig, blocks: Int = 2) -> GPUGEMVConfig {
        var d = c
        d.streamBlocksPerSM = blocks
        d.minBlocks = blocks
        return d
    }

    static let staged = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 8, registerMagic: true, columnWarps: 4, activationStages: 2)

    @Test("the grid is blocks per SM × SMs (at least the tiles) with stream-K, tiles × splits without")
    func grid() {
        let c = Self.streamed(Self.staged)
        #expect(c.description == "r16w8n4c1u8pk2mx2b2")
        #expect(c.grid(n: 28672, multiprocessors: 132) == (264, 1))
        #expect(c.grid(n: 100, multiprocessors: 132) == (264, 1))
        // At least one block per column tile: a share is never longer than a tile.
        #expect(c.grid(n: 65536, multiprocessors: 132) == (512, 1))
        var split = Self.staged
        split.splits = 4
        #expect(split.grid(n: 28672, multiprocessors: 132) == (224, 4))
        // Two partial tiles per block at most.
        #expect(c.workspaceFloats(n: 28672, multiprocessors: 132) == 2 * 264 * 128 * 16)
        #expect(split.workspaceFloats(n: 28672, multiprocessors: 132) == 4 * 224 * 128 * 16)
        #expect(c.counterCount(n: 28672) == 224 * 4)
    }

    @Test("a stored config without the field decodes with stream-K off; with it, round-trips")
    func coding() throws {
        let c = Self.streamed(Self.staged, blocks: 3)
        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: data) == c)
        var object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        object["streamBlocksPerSM"] = nil
        let old = try JSONDecoder().decode(GPUGEMVConfig.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.streamBlocksPerSM == 0)
    }

    @Test("stream-K refuses split-K, the cp.async ring and a dependent launch")
    func validation() throws {
        try Self.g.validate(Self.streamed(Self.staged))
        try Self.g.validate(Self.streamed(GPUGEMVConfig(maxRows: 8, warps: 10, unrollK: 4, registerMagic: true)))
        var split = Self.streamed(Self.staged)
        split.splits = 2
        var ring = Self.streamed(GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4))
        ring.minBlocks = 0
        var dependent = Self.streamed(Self.staged)
        dependent.dependentLaunch = true
        var many = Self.staged
        many.streamBlocksPerSM = 9
        for c in [split, ring, dependent, many] {
            #expect(throws: KernelConfigError.self, "\(c)") { try Self.g.validate(c) }
        }
    }

    @Test("a block emits two segments, each with its main loop, store and partial sums")
    func segments() throws {
        for c in [Self.streamed(Self.staged), Self.streamed(GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true))] {
            var plain = c
            plain.streamBlocksPerSM = 0
            let ptx = try PTXCompiler().ptx(try Self.g.emit(c), gpu: .sm_90)
            let single = try PTXCompiler().ptx(try Self.g.emit(plain), gpu: .sm_90)
            #expect(GPUGEMVTests.count(ptx, "mma.sync") == 2 * GPUGEMVTests.count(single, "mma.sync"), "\(c)")
            // Per segment: the arrival count, and the reset of the tile's counter.
            #expect(GPUGEMVTests.count(ptx, "atom.global.add") == 2, "\(c)")
            #expect(GPUGEMVTests.count(ptx, "ld.global.cg.v4.f32") == 2 * 2 * c.columnWords * 4, "\(c)")
            // The shared arrays are made once for both segments.
            #expect(GPUGEMVTests.count(ptx, ".shared .align") == GPUGEMVTests.count(single, ".shared .align"), "\(c)")
        }
    }

    @Test("the stream-K candidates are the picks with two blocks per SM, split-K dropped")
    func candidates() {
        let streams = Self.g.streamConfigs
        #expect(!streams.isEmpty)
        #expect(streams.allSatisfy { $0.streamBlocksPerSM == 2 && $0.minBlocks == 2 && $0.splits == 1 && $0.warps >= 8 })
        #expect(streams.allSatisfy { Self.g.candidateConfigs.contains($0) })
    }

    @Test("the M = 16 stream-K schedules assemble in 128 registers without spills",
          .enabled(if: GPUGEMVTests.ptxas != nil, "set QUANTJIT_PTXAS to a ptxas binary"))
    func registers() throws {
        for zeros in [GPTQZeroPoints.symmetric, .v1] {
            let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: zeros))
            for c in g.streamConfigs where c.maxRows == 16 {
                let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90)
                let (status, output) = try GPUGEMVTests.assemble(ptx, gpu: "sm_90")
                #expect(status == 0 && output.contains(" 0 bytes spill stores"), "\(zeros) \(c): \(output)")
            }
        }
    }
}
