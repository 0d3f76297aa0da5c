import Compiler
import Foundation
import KernelIR
import Kernels
import Quantization
import Testing

/// ``GPUGEMVConfig/tiledWords``: interleaved `qweight` words in 32-column strips. Numerics run on
/// the GPU machine (`quantjit-gpu-selftest gptq-gemv-mma` has strip cases on every layout and the
/// strip twin of every pick); here the rearrangement, the names and the stored form.
@Suite struct GPUGEMVStripTests {
    @Test("tile puts word (r, c) at (c / 32)·rows·32 + r·32 + c % 32, pads the last strip, and untile inverts it")
    func tileAndUntile() {
        for (rows, n) in [(3, 64), (5, 40), (2, 4), (4, 1000)] {
            let words = (0..<(rows * n)).map { Int32($0 &* 2_654_435_761 % 1_000_003) - 500_000 }
            let tiled = GPTQGPUGEMV.tile(words, n: n)
            let strips = (n + 31) / 32
            #expect(tiled.count == strips * 32 * rows)
            for r in 0..<rows {
                for c in 0..<n { #expect(tiled[(c / 32) * rows * 32 + r * 32 + c % 32] == words[r * n + c]) }
            }
            // The padding of a narrow last strip is zero.
            if n % 32 != 0 {
                let last = (strips - 1) * rows * 32
                #expect((0..<rows).allSatisfy { r in (n % 32..<32).allSatisfy { tiled[last + r * 32 + $0] == 0 } })
            }
            #expect(GPTQGPUGEMV.untile(tiled, n: n) == words)
        }
    }

    @Test("weightWords interleaves (where asked), then tiles; names, validation and stored configs")
    func configs() throws {
        let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))
        var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true)
        c.interleavedWords = true
        c.tiledWords = true
        #expect(c.description == "r16w8c1u4pmiy")
        let words = (0..<(8 * 40)).map { Int32(truncatingIfNeeded: $0 &* 0x9E37_79B9) }
        #expect(g.weightWords(words, n: 40, config: c) == GPTQGPUGEMV.tile(GPTQGPUGEMV.interleave(words, bits: 4), n: 40))
        try g.validate(c)
        func message(_ c: GPUGEMVConfig) -> String {
            do { try g.validate(c); return "" } catch { return "\(error)" }
        }
        // Words as packed in strips (8-bit GPTQ, FP8 codes): no interleaving first.
        var plain = c
        plain.interleavedWords = false
        try g.validate(plain)
        #expect(plain.description == "r16w8c1u4pmy")
        #expect(g.weightWords(words, n: 40, config: plain) == GPTQGPUGEMV.tile(words, n: 40))
        var ring = GPUGEMVConfig(maxRows: 8, warps: 4, unrollK: 1, stages: 4)
        ring.interleavedWords = true
        ring.tiledWords = true
        #expect(message(ring).contains("ring"))

        let data = try JSONEncoder().encode(c)
        #expect(try JSONDecoder().decode(GPUGEMVConfig.self, from: data) == c)
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object.removeValue(forKey: "tiledWords")
        let old = try JSONDecoder().decode(GPUGEMVConfig.self, from: try JSONSerialization.data(withJSONObject: object))
        #expect(!old.tiledWords && old.interleavedWords)
    }

    @Test("the emitter reads strips: a strip variant's PTX differs from its row-major twin's beyond the name")
    func emitted() throws {
        let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128))
        var c = GPUGEMVConfig(maxRows: 16, warps: 8, unrollK: 4, registerMagic: true)
        c.interleavedWords = true
        var y = c
        y.tiledWords = true
        let rowMajor = try PTXCompiler().ptx(try g.emit(c), gpu: .sm_90, ptx: 78)
        let strips = try PTXCompiler().ptx(try g.emit(y), gpu: .sm_90, ptx: 78)
        #expect(rowMajor.replacingOccurrences(of: g.variantName(c), with: "K") != strips.replacingOccurrences(of: g.variantName(y), with: "K"))
    }

    @Test("word arrangements of the 8-bit, FP8 and 2-bit picks: strips, GPTQ's words or interleaved ones per shape class and activation type")
    func packedStripPicks() {
        for zeros in [GPTQZeroPoints.symmetric, .v1] {
            for activation in [ScalarType.f16, .bf16] {
                let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: 8, groupSize: 128, zeroPoints: zeros), activation: activation,
                                                         convention: .gpu))
                for m in [1, 16] {
                    for (n, k) in [(8192, 8192), (28672, 8192), (8192, 28672)] {
                        let pick = g.preferredConfig(m: m, n: n, k: k)
                        // f16 (eleventh session): strips below 16384, GPTQ's words at N ≥ 16384,
                        // interleaved words at K ≥ 16384; bf16 interleaved words in strips below 16384.
                        let strips = n < 16384 && k < 16384
                        let interleaved = n < 16384 && (k >= 16384 || activation == .bf16)
                        #expect(pick.tiledWords == strips && pick.interleavedWords == interleaved, "\(activation.name) \(m)×\(n)×\(k): \(pick)")
                        #expect(g.candidateConfigs.contains(pick), "\(pick)")
                    }
                }
            }
        }
        // FP8 W8A16: the twelfth session's picks (calls 3–4), M = 1 and 16 per shape class.
        let fp8Picks: [ScalarType: [[String]]] = [
            .f16: [["r8w8c1u8pmb2it", "r16w8n4c1u4ps4mx2ie"], ["r8w4c1u4plmi", "r16w8n4c1u8pmx2ie"], ["r8w8c1u8pmi", "r16w8n4c1u8ps4mx2ie"]],
            .bf16: [["r8w8c1u8pb2zit", "r16w8n4c1u4ps4mx2zie"], ["r8w4c1u4plmz", "r16w8n4c1u8pmx2z"], ["r8w8c1u8pziy", "r16w8n4c1u8ps4mx2ziy"]],
        ]
        for activation in [ScalarType.f16, .bf16] {
            let fp8 = FP8GPUGEMV(activation: activation)
            for (m, column) in [(1, 0), (4, 0), (9, 1), (16, 1)] {
                for (shape, (n, k)) in [(8192, 8192), (28672, 8192), (8192, 28672)].enumerated() {
                    let c = fp8.preferredConfig(m: m, n: n, k: k)
                    #expect("\(c)" == fp8Picks[activation]![shape][column], "\(activation.name) \(m)×\(n)×\(k)")
                    #expect(fp8.candidateConfigs.contains(c), "\(c)")
                }
            }
        }
        for zeros in [GPTQZeroPoints.symmetric, .v1] {
            let layout = GPTQLayout(bits: 2, groupSize: 128, zeroPoints: zeros)
            let twoBit = GPUGEMVTests.generator(layout)
            let bf16 = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .bf16, convention: .gpu))
            for m in [1, 4, 9, 16] {
                for (n, k) in [(8192, 8192), (28672, 8192), (8192, 28672), (28672, 28672)] {
                    let c = twoBit.preferredConfig(m: m, n: n, k: k)
                    // f16: interleaved row-major words for symmetric N or K ≥ 16384, strips elsewhere.
                    let interleaved = zeros == .symmetric && (n >= 16384 || k >= 16384)
                    #expect(c.tiledWords == !interleaved && c.interleavedWords == interleaved, "\(zeros) \(m)×\(n)×\(k): \(c)")
                    #expect(twoBit.candidateConfigs.contains(c), "\(c)")
                    // bf16: strips below 16384, interleaved words at N ≥ 16384, both at K ≥ 16384 > N.
                    let b = bf16.preferredConfig(m: m, n: n, k: k)
                    #expect(b.tiledWords == (n < 16384) && b.interleavedWords == (n >= 16384 || k >= 16384), "bf16 \(zeros) \(m)×\(n)×\(k): \(b)")
                    #expect(b.maxRows == (m > 8 ? 16 : 8) && bf16.candidateConfigs.contains(b), "\(b)")
                }
            }
        }
    }

    @Test("4-bit bf16 takes the f16 picks but for zero points at M ≤ 8, N ≥ 16384 (twelfth and seventeenth sessions) and 7 column warps (sixteenth)")
    func fourBitBFloatPicks() {
        for zeros in [GPTQZeroPoints.symmetric, .v1] {
            let layout = GPTQLayout(bits: 4, groupSize: 128, zeroPoints: zeros)
            let f16 = GPUGEMVTests.generator(layout)
            let bf16 = GPTQGPUGEMV(spec: WeightOnlySpec(layout: layout, activation: .bf16, convention: .gpu))
            for m in [1, 8, 9, 16] {
                for (n, k) in [(8192, 8192), (28672, 8192), (8192, 28672)] {
                    let pick = bf16.preferredConfig(m: m, n: n, k: k)
                    if zeros == .v1 && m <= 8 && n >= 16384 {
                        #expect("\(pick)" == "r8w4c1u8pmiy", "\(m)×\(n)×\(k)")
                    } else if m > 8 && n == 28672 {
                        // f16 takes 7 column warps there (measured with f16 only); bf16 keeps 4.
                        #expect(pick.columnWarps == 4 && f16.preferredConfig(m: m, n: n, k: k).columnWarps == 7, "\(zeros) \(m)×\(n)×\(k)")
                    } else {
                        #expect(pick == f16.preferredConfig(m: m, n: n, k: k), "\(zeros) \(m)×\(n)×\(k)")
                    }
                    #expect(bf16.candidateConfigs.contains(pick), "\(pick)")
                }
            }
        }
    }

    @Test("every 4-bit pick has a strip twin and a row-major twin among the candidates")
    func candidates() throws {
        for zeros in [GPTQZeroPoints.symmetric, .v1] {
            let g = GPUGEMVTests.generator(GPTQLayout(bits: 4, groupSize: 128, zeroPoints: zeros))
            let names = Set(g.candidateConfigs.map(\.description))
            for pick in g.benchmarkedPicks {
                var twin = pick
                twin.tiledWords = true
                #expect(names.contains(twin.description), "\(twin)")
                try g.validate(twin)
                twin.tiledWords = false
                #expect(names.contains(twin.description), "\(twin)")
            }
        }
    }

    @Test("every candidate builds for its spec: 2-, 4- and 8-bit, f16 and bf16, symmetric and v1 (the autotuner times them all)")
    func candidatesValidate() throws {
        for bits in GPTQGPUGEMV.supportedBits {
            for zeros in [GPTQZeroPoints.symmetric, .v1] {
                for activation in [ScalarType.f16, .bf16] {
                    let g = GPTQGPUGEMV(spec: WeightOnlySpec(layout: GPTQLayout(bits: bits, groupSize: 128, zeroPoints: zeros),
                                                             activation: activation, convention: .gpu))
                    #expect(g.candidateConfigs.count >= 20, "\(bits)-bit \(activation.name): \(g.candidateConfigs.count)")
                    for c in g.candidateConfigs { try g.validate(c) }
                    for pick in g.benchmarkedPicks { #expect(g.candidateConfigs.contains(pick), "\(bits)-bit \(zeros) \(pick)") }
                }
            }
        }
    }
}
