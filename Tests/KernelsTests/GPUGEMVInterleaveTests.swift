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
        #expect(g.weightWords(words, config: c) == words)
        c.interleavedWords = true
        #expect(g.weightWords(words, config: c) == GPTQGPUGEMV.interleave(words, bits: 4))
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
            // Per loop body: unrollK K blocks × row halves × (V/2) pairs, in the loop only.
            let pairs = plain.unrollK * (plain.maxRows / 8) * (32 / bits / 2)
            #expect(Self.pairBuilds(before) - Self.pairBuilds(after) == pairs, "\(bits)-bit \(plain)")
            #expect(Self.count(after, "mma.sync") == Self.count(before, "mma.sync"))
        }
    }

    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }
}
