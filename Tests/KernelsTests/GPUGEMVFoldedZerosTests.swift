import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUGEMVConfig/foldedZeros``: the weights enter the `mma` as the `lop3` leaves them and the
/// surplus comes off per run. Numerics run on the GPU machine (`quantjit-gpu-selftest
/// gptq-gemv-mma` has folded cases on every 2- and 4-bit layout, per channel and ragged K
/// included, and `gptq-gemv-mma-candidates` every folded candidate); here what the PTX holds,
/// the names, the validation and the stored form.
@Suite struct GPUGEMVFoldedZerosTests {
    static func ptx(_ g: GPTQGPUGEMV, _ c: GPUGEMVConfig) throws -> String {
        try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: 78)
    }

    static func count(_ text: String, _ needle: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("per K block, the f16x2 fma per value pair gives way to one mul per activation pair at offset 4 and one mma per K step",
          arguments: [GPTQZeroPoints.symmetric, .v1])
    func instructions(zeros: GPTQZeroPoints) throws {
        let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: zeros))
        for rows in [8, 16] {
            var c = GPUGEMVConfig(maxRows: rows, warps: 8, unrollK: 4, prefetch: false, registerMagic: true)
            c.interleavedWords = true
            var f = c
            f.foldedZeros = true
            let (plain, folded) = (try Self.ptx(g, c), try Self.ptx(g, f))
            let halves = rows / 8
            // 4 K blocks, 4 words of 4 pairs each: 64 pairs, each fixed up by an add or an fma.
            #expect(Self.count(plain, "fma.rn.f16x2") + Self.count(plain, "add.rn.f16x2") + Self.count(plain, "sub.rn.f16x2") >= 64)
            #expect(Self.count(folded, "fma.rn.f16x2") + Self.count(folded, "add.rn.f16x2") + Self.count(folded, "sub.rn.f16x2") == 0)
            // Pairs 1 and 3 sit at offset 4: two activation pairs per K block and row half.
            #expect(Self.count(folded, "mul.rn.f16x2") == 4 * 2 * halves)
            // 2 tiles × 2 K steps × halves per K block, plus 2 K steps × halves for the surplus.
            #expect(Self.count(plain, "mma.sync") == 4 * 4 * halves)
            #expect(Self.count(folded, "mma.sync") == 4 * 6 * halves)
        }
    }

    @Test("names, validation (2- and 4-bit f16 only) and stored configs")
    func configs() throws {
        var c = GPUGEMVConfig(maxRows: 8, warps: 12, unrollK: 4, registerMagic: true, minBlocks: 2)
        c.interleavedWords = true
        c.tiledWords = true
        c.foldedZeros = true
        #expect(c.description == "r8w12c1u4pmb2iyf")
        for bits in [2, 4] { try GPUGEMVTests.generator(GPTQLayout(bits: bits, groupSize: -1, zeroPoints: .v2)).validate(c) }
        func message(_ g: GPTQGPUGEMV) -> String {
            do { try g.validate(c); return "" } catch { return "\(error)" }
        }
        #expect(message(GPUGEMVTests.generator(GPTQLayout(bits: 8, groupSize: 128))).contains("folded"))
        let bf16 = GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 4, groupSize: 128), activation: .bf16, convention: .gpu))
        #expect(message(bf16).contains("folded"))
        #expect(bf16.foldedConfigs.isEmpty)

        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: data) == c)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object.removeValue(forKey: "foldedZeros")
        let old = try JSONDecoder().decode(GPUGEMVConfig.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(!old.foldedZeros && old.tiledWords)
    }

    @Test("every register-schedule pick has a folded twin among the candidates")
    func candidates() {
        for zeros in [GPTQZeroPoints.symmetric, .v1] {
            let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: zeros))
            let names = Set(g.candidateConfigs.map(\.description))
            for pick in g.benchmarkedPicks where pick.activationStages == 0 {
                var twin = pick
                twin.foldedZeros = true
                #expect(names.contains(twin.description), "\(twin)")
            }
        }
    }
}
