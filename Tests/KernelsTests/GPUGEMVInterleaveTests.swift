import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUGEMVConfig/interleavedWords``: the host rewrite of `qweight` and what it removes from the
/// kernel. Numerics (the interleaved variants against float64) run on the GPU machine
/// (`quantjit-gpu-selftest gptq-gemv-mma-candidates`, which covers ``GPTQGPUGEMV/interleavedConfigs``).
@Suite struct GPUGEMVInterleaveTests {
    /// Value `j` of a packed word, read the plain way.
    static func value(_ word: Int32, _ j: Int, bits: Int) -> UInt32 {
        UInt32(bitPattern: word) >> UInt32(bits * j) & UInt32((1 << bits) - 1)
    }

    @Test("interleave moves value j of each word to position j/2 + (j mod 2)·V/2", arguments: [2, 4, 8])
    func positions(bits: Int) {
        var random = SystemRandomNumberGenerator()
        let words = (0..<257).map { _ in Int32(truncatingIfNeeded: random.next() as UInt64) } + [0, -1, Int32.min, Int32.max]
        let out = GPTQGPUGEMV.interleave(words, bits: bits)
        #expect(out.count == words.count)
        let values = 32 / bits
        for (word, moved) in zip(words, out) {
            for j in 0..<values {
                let position = j / 2 + (j % 2) * (values / 2)
                #expect(Self.value(moved, position, bits: bits) == Self.value(word, j, bits: bits), "\(bits)-bit word \(word) value \(j)")
            }
        }
    }

    @Test("deinterleave gives the packed words back", arguments: [2, 4, 8])
    func inverse(bits: Int) {
        var random = SystemRandomNumberGenerator()
        let words = (0..<513).map { _ in Int32(truncatingIfNeeded: random.next() as UInt64) } + [0, -1, Int32.min, Int32.max]
        let interleaved = GPTQGPUGEMV.interleave(words, bits: bits)
        #expect(GPTQGPUGEMV.deinterleave(interleaved, bits: bits) == words)
        #expect(interleaved != words)
    }

    @Test("the kernel's pair i of an interleaved word is K values 2i and 2i + 1", arguments: [2, 4, 8])
    func pairs(bits: Int) {
        // Pair i sits at positions i (low half) and i + V/2 (high half); number the values by K.
        let values = 32 / bits
        let word = (0..<values).reduce(UInt32(0)) { $0 | UInt32($1 % (1 << bits)) << UInt32(bits * $1) }
        let moved = GPTQGPUGEMV.interleave([Int32(bitPattern: word)], bits: bits)[0]
        for i in 0..<(values / 2) {
            #expect(Self.value(moved, i, bits: bits) == UInt32((2 * i) % (1 << bits)))
            #expect(Self.value(moved, i + values / 2, bits: bits) == UInt32((2 * i + 1) % (1 << bits)))
        }
    }

    @Test("weightWords interleaves only for interleaved configs")
    func weightWords() {
        let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))
        let words: [Int32] = [0x7654_3210, -0x0123_4568]
        var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true)
        #expect(g.weightWords(words, n: 2, config: c) == words)
        c.interleavedWords = true
        #expect(g.weightWords(words, n: 2, config: c) == GPTQGPUGEMV.interleave(words, bits: 4))
        #expect(GPTQGPUGEMV.interleave([0x7654_3210], bits: 4) == [0x7531_6420])
        #expect(c.description.hasSuffix("mi"))
    }

    /// PTX moves that build an f16 pair from two halves (`mov.b32 %r, {%rs, %rs}`): the pairing
    /// of activations that interleaving makes unnecessary.
    static func pairBuilds(_ ptx: String) -> Int {
        ptx.split(separator: "\n").filter { $0.contains("mov.b32") && $0.contains("{%rs") && !$0.contains("}, %r") }.count
    }

    @Test("interleaving drops one activation pairing per pair, K block and row half", arguments: [2, 4, 8])
    func fewerInstructions(bits: Int) throws {
        let g = GPUGEMVTests.generator(GPTQLayout(bits: bits, groupSize: 128))
        for plain in [GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: bits == 2 ? 4 : 8, registerMagic: true, columnWarps: 4, activationStages: 2),
                      GPUGEMVConfig(maxRows: 8, warps: 16, unrollK: 2, registerMagic: true, minBlocks: 2)] {
            var interleaved = plain
            interleaved.interleavedWords = true
            let before = try PTXCompiler().ptx(try g.emit(plain), gpu: .sm_90)
            let after = try PTXCompiler().ptx(try g.emit(interleaved), gpu: .sm_90)
            // Per loop body: unrollK K blocks × row halves × (V/2) pairs, in each copy of the loop
            // (at least: where LLVM moves the first body's pairing out of a copy, both prologues
            // drop theirs too).
            let pairs = plain.unrollK * (plain.maxRows / 8) * (32 / bits / 2) * plain.bodyLoopCopies
            #expect(Self.pairBuilds(before) - Self.pairBuilds(after) >= pairs, "\(bits)-bit \(plain)")
            #expect(GPUGEMVTests.count(after, "mma.sync") == GPUGEMVTests.count(before, "mma.sync"))
        }
    }
}

/// ``GPUGEMVConfig/pairedBodies`` and the limits of interleaving.
@Suite struct GPUGEMVPairedBodiesTests {
    static let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))

    @Test("two bodies per iteration emit the loop body twice plus one for an odd count")
    func paired() throws {
        for var c in [GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, minBlocks: 2),
                      GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true, columnWarps: 4, activationStages: 2, minBlocks: 2)] {
            let plain = try PTXCompiler().ptx(try Self.g.emit(c), gpu: .sm_90)
            c.pairedBodies = true
            #expect(c.description.hasSuffix("b2t"))
            let paired = try PTXCompiler().ptx(try Self.g.emit(c), gpu: .sm_90)
            #expect(GPUGEMVTests.count(paired, "mma.sync") == 3 * GPUGEMVTests.count(plain, "mma.sync"), "\(c)")
        }
    }

    @Test("pairing needs prefetched register or staged-activation bodies; FP8 codes interleave as 8-bit words")
    func validation() {
        var ring = GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4)
        ring.pairedBodies = true
        #expect(throws: KernelConfigError.self) { try Self.g.validate(ring) }
        var unpipelined = GPUGEMVConfig(maxRows: 16, warps: 4, columnWords: 2, unrollK: 4, prefetch: false)
        unpipelined.pairedBodies = true
        #expect(throws: KernelConfigError.self) { try Self.g.validate(unpipelined) }
        #expect(!Self.g.pairedConfigs.isEmpty)
        #expect(Self.g.pairedConfigs.allSatisfy { $0.minBlocks == 2 && $0.warps <= 8 && $0.interleavedWords })
        // FP8 codes interleave as 8-bit words do (the candidates include the paired schedules).
        let fp8 = FP8GPUGEMV()
        #expect(fp8.candidateConfigs.contains { $0.interleavedWords && $0.pairedBodies })
        var interleaved = fp8.defaultConfig
        interleaved.interleavedWords = true
        #expect(throws: Never.self) { try fp8.validate(interleaved) }
    }
}

/// The executor's 4-bit GEMV picks (interleaved, some paired) for f16 and bf16 activations.
@Suite struct GPUGEMVPickAssemblyTests {
    @Test("every 4-bit pick assembles without spills, f16 and bf16", .enabled(if: GPUGEMVTests.ptxas != nil, "set QUANTJIT_PTXAS to a ptxas binary"))
    func picks() throws {
        for activation in [ScalarType.f16, .bf16] {
            for zeros in [GPTQZeroPoints.symmetric, .v1] {
                let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128, zeroPoints: zeros), activation: activation,
                                                         convention: .gpu))
                var seen: [GPUGEMVConfig] = []
                for m in [1, 16] {
                    for (n, k) in [(8192, 8192), (28672, 8192), (8192, 28672)] {
                        let c = g.preferredConfig(m: m, n: n, k: k)
                        if seen.contains(c) { continue }
                        seen.append(c)
                        #expect(c.interleavedWords)
                        let ptx = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: max(c.minimumPTX, GPUArchitecture.sm_90.minimumPTX))
                        let (status, output) = try GPUGEMVTests.assemble(ptx, gpu: "sm_90")
                        #expect(status == 0 && output.contains(" 0 bytes spill stores"), "\(activation.name) \(zeros) \(c): \(output)")
                    }
                }
            }
        }
    }
}
