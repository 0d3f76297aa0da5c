import Testing
@testable import Quantization

/// RTN weight quantizers and activation quantizers against the peers' arithmetic (fixtures).
@Suite struct QuantizerTests {
    static let n = 16, k = 128

    static var gptqCases: [(Int, Int, Bool)] {
        [2, 3, 4, 8].flatMap { b in [32, 128, -1].flatMap { g in [true, false].map { (b, g, $0) } } }
    }

    @Test(arguments: gptqCases)
    func gptqRTNMatchesGPTQModelFindParams(bits: Int, group: Int, symmetric: Bool) throws {
        let w = try FixtureData.floats("rtn_weights")
        let tag = "rtn_gptq_b\(bits)_g\(group)_\(symmetric ? "sym" : "asym")"
        let result = try RTNQuantizer(bits: bits, groupSize: group, symmetric: symmetric).quantize(w, n: Self.n, k: Self.k)
        #expect(result.scales.map(\.bitPattern) == (try FixtureData.floats(tag + "_scales")).map(\.bitPattern))
        #expect(result.zeros == (try FixtureData.int32s(tag + "_zeros")))
        #expect(result.codes == (try FixtureData.int32s(tag + "_codes")))
        // Dequantization round trip stays within half a step of the input.
        let back = try result.unpacked.dequantize()
        for row in 0..<Self.n {
            for col in 0..<Self.k {
                let g = col / result.groupSize, groups = Self.k / result.groupSize
                let step = result.scales[row * groups + g]
                let x = w[row * Self.k + col]
                let code = result.codes[row * Self.k + col]
                if code > 0 && code < (1 << bits) - 1 {
                    #expect(abs(back[row * Self.k + col] - x) <= step * 0.5001)
                }
            }
        }
    }

    @Test(arguments: [(4, true), (4, false), (8, true), (8, false)])
    func signedRTNMatchesCompressedTensors(bits: Int, symmetric: Bool) throws {
        let w = try FixtureData.floats("rtn_weights")
        let tag = "rtn_ct_b\(bits)_g32_\(symmetric ? "sym" : "asym")"
        let q = RTNQuantizer(bits: bits, groupSize: 32, symmetric: symmetric, convention: .signed)
        let result = try q.quantize(w, n: Self.n, k: Self.k)
        #expect(result.scales.map(\.bitPattern) == (try FixtureData.floats(tag + "_scales")).map(\.bitPattern))
        #expect(result.zeros == (try FixtureData.int32s(tag + "_zeros")))
        #expect(result.codes == (try FixtureData.int32s(tag + "_codes")))
    }

    @Test func rtnRejectsBadShapes() {
        let q = RTNQuantizer(bits: 4, groupSize: 48, symmetric: true)
        #expect(throws: QuantFormatError.groupSizeDoesNotDivide(groupSize: 48, k: 128)) {
            try q.quantize([Float](repeating: 0, count: 128), n: 1, k: 128)
        }
        #expect(throws: QuantFormatError.wrongElementCount(tensor: "weights", expected: 128, actual: 3)) {
            try q.quantize([1, 2, 3], n: 1, k: 128)
        }
    }

    static let tokens = 6, hidden = 256

    @Test func int8PerTokenMatchesReference() throws {
        let x = try FixtureData.floats("act_x")
        let r = try ActivationQuantizer(target: .int8, granularity: .perToken).quantize(x, tokens: Self.tokens, hidden: Self.hidden)
        #expect(r.scales.map(\.bitPattern) == (try FixtureData.floats("act_int8_token_scales")).map(\.bitPattern))
        #expect(r.codes == (try FixtureData.bytes("act_int8_token_codes")))
    }

    @Test func int8PerTokenAsymmetricMatchesReference() throws {
        let x = try FixtureData.floats("act_x")
        let q = ActivationQuantizer(target: .int8, granularity: .perToken, symmetric: false)
        let r = try q.quantize(x, tokens: Self.tokens, hidden: Self.hidden)
        #expect(r.scales.map(\.bitPattern) == (try FixtureData.floats("act_int8_token_asym_scales")).map(\.bitPattern))
        #expect(r.zeros == (try FixtureData.int32s("act_int8_token_asym_zeros")))
        #expect(r.codes == (try FixtureData.bytes("act_int8_token_asym_codes")))
        let back = try q.dequantize(r, tokens: Self.tokens, hidden: Self.hidden)
        for i in x.indices { #expect(abs(back[i] - x[i]) <= r.scales[i / Self.hidden] * 0.5001 + 1e-6) }
    }

    @Test func fp8PerTokenAndPerTokenGroupMatchReference() throws {
        let x = try FixtureData.floats("act_x")
        let token = try ActivationQuantizer(target: .float8E4M3FN, granularity: .perToken).quantize(x, tokens: Self.tokens, hidden: Self.hidden)
        #expect(token.scales.map(\.bitPattern) == (try FixtureData.floats("act_fp8_token_scales")).map(\.bitPattern))
        #expect(token.codes == (try FixtureData.bytes("act_fp8_token_codes")))
        let group = try ActivationQuantizer(target: .float8E4M3FN, granularity: .perTokenGroup(128)).quantize(x, tokens: Self.tokens, hidden: Self.hidden)
        #expect(group.scales.map(\.bitPattern) == (try FixtureData.floats("act_fp8_group128_scales")).map(\.bitPattern))
        #expect(group.codes == (try FixtureData.bytes("act_fp8_group128_codes")))
    }

    @Test func int8PerTokenGroupMatchesReference() throws {
        let x = try FixtureData.floats("act_x")
        let r = try ActivationQuantizer(target: .int8, granularity: .perTokenGroup(128)).quantize(x, tokens: Self.tokens, hidden: Self.hidden)
        #expect(r.scales.map(\.bitPattern) == (try FixtureData.floats("act_int8_group128_scales")).map(\.bitPattern))
        #expect(r.codes == (try FixtureData.bytes("act_int8_group128_codes")))
        #expect(throws: QuantFormatError.groupSizeDoesNotDivide(groupSize: 100, k: 256)) {
            try ActivationQuantizer(target: .int8, granularity: .perTokenGroup(100)).quantize(x, tokens: Self.tokens, hidden: Self.hidden)
        }
    }

    @Test func staticActivationScale() {
        let q = ActivationQuantizer(target: .int8, granularity: .perTensor)
        #expect(q.quantize([0.5, -1, 300], scale: 0.01) == [50, UInt8(bitPattern: -100), 127])
        #expect(q.quantize([0.5], scale: 0.01, zero: 3) == [53])
    }
}
