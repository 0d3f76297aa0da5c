import Compiler
import Foundation
import Kernels
import Quantization
import Testing

/// 3-bit sources widened by the repack to the 4-bit GPTQ target (`Kernels/GPTQ/RepackWiden`):
/// the CPU variant's output, read by the reference unpacker as a 4-bit GPTQ checkpoint, gives
/// exactly the values the reference unpacker gives for the 3-bit source. The sources are
/// random stored words (every bit pattern is a valid 3-bit stream: GPTQ v1 zero points stored
/// as 7, meaning 8, included; ragged zero-point streams carry random padding bits), over GPTQ
/// v1/v2/symmetric and compressed-tensors symmetric/asymmetric, with and without act-order,
/// group sizes 32/64/128/−1 and N off every word boundary.
@Suite struct RepackWidenTests {
    static let schemes: [QuantScheme] = [
        .gptq(bits: 3, groupSize: 128, symmetric: false, actOrder: true), .gptq(bits: 3, groupSize: 32, symmetric: false),
        .gptq(bits: 3, groupSize: 64, symmetric: false, v2: true, actOrder: true), .gptq(bits: 3, groupSize: -1, symmetric: false, v2: true),
        .gptq(bits: 3, groupSize: 128, actOrder: true), .gptq(bits: 3, groupSize: -1), .gptq(bits: 3, groupSize: 32),
        .compressedTensorsPacked(bits: 3, groupSize: 128), .compressedTensorsPacked(bits: 3, groupSize: 32, symmetric: false, actOrder: true),
        .compressedTensorsPacked(bits: 3, groupSize: -1, symmetric: false), .compressedTensorsPacked(bits: 3, groupSize: 64, actOrder: true),
        .compressedTensorsPacked(bits: 3, groupSize: 64, symmetric: false, scaleDType: .bfloat16),
    ]

    /// `scheme`'s stored tensors with the weight and zero-point words replaced by random bits.
    static func randomStored(_ scheme: QuantScheme, n: Int, k: Int, seed: UInt64) throws -> StoredQuantizedWeight {
        var stored = try RepackTests.randomWeight(scheme, n: n, k: k, seed: seed).packed(as: scheme)
        var rng = SplitMix64(seed: seed ^ 0x3B17)
        guard case .words(let words) = stored.weight else { throw RepackError.unsupported("not words") }
        stored.weight = .words(words.map { _ in Int32(truncatingIfNeeded: rng.next()) })
        stored.zeros = stored.zeros.map { _ in Int32(truncatingIfNeeded: rng.next()) }
        return stored
    }

    @Test("3-bit sources widen to 4-bit words with identical dequantized values", arguments: schemes)
    func widenedValues(scheme: QuantScheme) throws {
        // N = 76 and 45: the 4-bit zero-point words and the 3-bit zero-point stream both end
        // part-way through a word; K = 96 is a multiple of 32 and of no larger group.
        for (n, k) in [(76, 256), (45, 256), (13, 96)] where scheme.groupSize <= 0 || k % scheme.groupSize == 0 {
            let seed = UInt64.random(in: 0...UInt64.max)
            try RepackTests.check(try Self.randomStored(scheme, n: n, k: k, seed: seed), seed: seed)
        }
    }

    @Test("ragged programs over widened words")
    func raggedPrograms() throws {
        for scheme in [QuantScheme.gptq(bits: 3, groupSize: 64, symmetric: false, actOrder: true),
                       .compressedTensorsPacked(bits: 3, groupSize: 32, symmetric: false)] {
            let seed = UInt64.random(in: 0...UInt64.max)
            try RepackTests.check(try Self.randomStored(scheme, n: 40, k: 192, seed: seed), config: RepackConfig(itemsPerProgram: 37), seed: seed)
        }
    }

    @Test("GPTQ v1 zero points stored as 7 mean 8, in 3 bits and after widening")
    func v1StoredSeven() throws {
        let scheme = QuantScheme.gptq(bits: 3, groupSize: 32, symmetric: false)
        var stored = try Self.randomStored(scheme, n: 45, k: 64, seed: 7)
        stored.zeros = stored.zeros.map { _ in -1 }  // every stored zero point is 7 (padding bits set too)
        #expect(try stored.unpack().zeros.allSatisfy { $0 == 8 })
        let repacked = try RepackTests.repack(stored, seed: 7)
        // v1 stays v1: 7 in 4 bits. Each group's 6 words hold 45 columns; the 3 beyond N are 0.
        let group: [Int32] = [Int32](repeating: 0x7777_7777, count: 5) + [0x0007_7777]
        #expect(repacked.qzeros == group + group, "\(repacked.qzeros.map { String(UInt32(bitPattern: $0), radix: 16) })")
        try RepackTests.check(stored, seed: 7)
    }

    @Test("symmetric 3-bit codes gain 4 under the 4-bit symmetric zero point")
    func symmetricOffset() throws {
        // Codes 0…7 in order along K: the first output word holds 4, 5, …, 11.
        let scheme = QuantScheme.gptq(bits: 3, groupSize: -1)
        var weight = RepackTests.randomWeight(scheme, n: 1, k: 32, seed: 1)
        weight.codes = (0..<32).map { Int32($0 % 8) }
        let repacked = try RepackTests.repack(try weight.packed(as: scheme), seed: 1)
        #expect(repacked.plan.source.target == GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .symmetric))
        #expect(repacked.qweight == [Int32](repeating: Int32(bitPattern: 0xBA98_7654), count: 4))
    }

    @Test("a 3-bit source describes its own geometry; the plan sizes the 4-bit output")
    func geometry() throws {
        let source = try RepackSource(scheme: .gptq(bits: 3, groupSize: 32, symmetric: false, actOrder: true))
        #expect(source.bits == 3 && source.targetBits == 4 && source.widens)
        #expect(source.target == GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v1))
        #expect(source.description == "gptq_b3to4_g32_v1_act")
        #expect(source.wideningNote?.contains("4/3") == true)
        var rng = SplitMix64(seed: 3)
        let gIdx = (0..<96).map { Int32($0 / 32) }.shuffled(using: &rng)
        let plan = try RepackPlan(source: source, n: 45, k: 96, gIdx: gIdx)
        #expect(plan.sourceWeightWords == 9 * 45 && plan.sourceZeroWords == 3 * 5)  // [K·3/32, N], [G, ⌈N·3/32⌉]
        #expect(plan.qweightWords == 12 * 45 && plan.qzeroWords == 3 * 6)           // [K/8, N], [G, ⌈N/8⌉]
        #expect(source.validate(n: 45, k: 48)?.contains("multiple of 32") == true)
        let ct = try RepackSource(scheme: .compressedTensorsPacked(bits: 3, groupSize: -1, symmetric: false))
        #expect(ct.target == GPTQLayout(bits: 4, groupSize: -1, zeroPoints: .v2) && ct.sourceZeroWords(n: 45, k: 96) == 5)
        #expect(try RepackSource(scheme: .gptq(bits: 4, groupSize: 128)).wideningNote == nil)
    }
}
