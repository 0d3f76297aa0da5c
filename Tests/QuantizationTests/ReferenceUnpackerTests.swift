import Testing
@testable import Quantization

/// The generic unpacker against the lead's GPTQ reference, and its size checks.
@Suite struct ReferenceUnpackerTests {
    @Test(arguments: [(2, 32, GPTQZeroPoints.v1), (3, 32, .v2), (4, -1, .symmetric), (8, 64, .v1)])
    func agreesWithGPTQWeight(bits: Int, group: Int, zeros: GPTQZeroPoints) throws {
        let k = 128, n = 32
        var rng = SplitMix(seed: UInt64(bits * 100 + group))
        let layout = GPTQLayout(bits: bits, groupSize: group, zeroPoints: zeros, actOrder: group > 0)
        let g = layout.groupCount(k: k)
        let q = (0..<(k * n)).map { _ in Int(rng.next() % UInt64(1 << bits)) }
        let z = (0..<(g * n)).map { _ in 1 + Int(rng.next() % UInt64((1 << bits) - 1)) }
        let s = (0..<(g * n)).map { _ in Float(rng.next() % 1000 + 1) / 4096 }
        let gIdx = (0..<k).map { Int32((($0 * 7) % k) / layout.effectiveGroupSize(k: k)) }
        let packed = GPTQWeight.pack(layout: layout, k: k, n: n, q: q, zeros: z, scales: s, gIdx: gIdx)
        let scheme = QuantScheme.gptq(bits: bits, groupSize: group, symmetric: zeros == .symmetric, v2: zeros == .v2,
                                      actOrder: group > 0)
        let stored = StoredQuantizedWeight(scheme: scheme, n: n, k: k, weight: .words(packed.qweight), scales: s,
                                           zeros: packed.qzeros, gIdx: group > 0 ? gIdx : [])
        let ours = try stored.dequantize()
        let theirs = packed.dequantize()  // [K, N]
        for row in 0..<n { for col in 0..<k { #expect(ours[row * k + col] == theirs[col * n + row]) } }
    }

    @Test func sizeErrorsNameTheTensor() {
        let scheme = QuantScheme.gptq(bits: 4, groupSize: 32, symmetric: false, actOrder: true)
        let good = StoredQuantizedWeight(scheme: scheme, n: 8, k: 64, weight: .words([Int32](repeating: 0, count: 64)),
                                         scales: [Float](repeating: 1, count: 16), zeros: [Int32](repeating: 0, count: 2),
                                         gIdx: [Int32](repeating: 0, count: 64))
        #expect(throws: Never.self) { try good.dequantize() }
        var short = good
        short.weight = .words([0])
        #expect(throws: QuantFormatError.wrongElementCount(tensor: "packed weight", expected: 64, actual: 1)) { try short.unpack() }
        var badGroups = good
        badGroups.gIdx[5] = 9
        #expect(throws: QuantFormatError.groupIndexOutOfRange(row: 5, group: 9, groups: 2)) { try badGroups.unpack() }
        var bytes = good
        bytes.weight = .bytes([1, 2])
        #expect(throws: QuantFormatError.inconsistentScheme("gptqRows stores packed 32-bit words, not bytes")) { try bytes.unpack() }
        var noGIdx = good
        noGIdx.gIdx = []
        #expect(throws: QuantFormatError.wrongElementCount(tensor: "g_idx", expected: 64, actual: 0)) { try noGIdx.unpack() }
    }
}

/// A tiny seeded generator for tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
