import Testing
@testable import Quantization

@Suite struct GPTQLayoutTests {
    @Test(arguments: [2, 3, 4, 8])
    func bitStreamRoundTrips(bits: Int) {
        var rng = SystemRandomNumberGenerator()
        let count = 96
        let values = (0..<count).map { _ in Int.random(in: 0..<(1 << bits), using: &rng) }
        var words = [Int32](repeating: 0, count: count * bits / 32)
        for (i, v) in values.enumerated() { BitStream.write(&words, base: 0, stride: 1, index: i, bits: bits, value: v) }
        let read = words.withUnsafeBufferPointer { w in
            (0..<count).map { BitStream.read(w, base: 0, stride: 1, index: $0, bits: bits) }
        }
        #expect(read == values)
    }

    /// AutoGPTQ's 3-bit packing puts value 10 of each 32 in bits 30–31 of word 0 and bit 0 of word 1.
    @Test func threeBitCrossesWordBoundaries() {
        var words = [Int32](repeating: 0, count: 3)
        BitStream.write(&words, base: 0, stride: 1, index: 10, bits: 3, value: 0b111)
        BitStream.write(&words, base: 0, stride: 1, index: 21, bits: 3, value: 0b101)
        #expect(UInt32(bitPattern: words[0]) == 0xC000_0000)
        #expect(UInt32(bitPattern: words[1]) == 0x8000_0001)
        #expect(UInt32(bitPattern: words[2]) == 0b10)
    }

    @Test func v1StoresZeroMinusOne() {
        let layout = GPTQLayout(bits: 4, groupSize: 32, zeroPoints: .v1)
        let w = GPTQWeight.pack(layout: layout, k: 32, n: 8, q: Array(repeating: 3, count: 256),
                                zeros: Array(repeating: 8, count: 8), scales: Array(repeating: 0.5, count: 8))
        #expect(UInt32(bitPattern: w.qzeros[0]) == 0x7777_7777)
        #expect(w.dequantize().allSatisfy { $0 == -2.5 })
    }
}
