import Testing
@testable import Quantization

/// FP8, bfloat16 and float16 conversions against ml_dtypes / numpy (fixtures).
@Suite struct FloatFormatTests {
    func sameFloat(_ a: Float, _ b: Float) -> Bool {
        (a.isNaN && b.isNaN) || a.bitPattern == b.bitPattern
    }

    @Test(arguments: [("e4m3_decode", MiniFloat.float8E4M3FN), ("e5m2_decode", MiniFloat.float8E5M2)])
    func decodesEveryByteLikeMLDtypes(table: String, format: MiniFloat) throws {
        let expected = try FixtureData.floats(table)
        #expect(expected.count == 256)
        for byte in 0..<256 {
            let got = format.decode(UInt8(byte))
            #expect(sameFloat(got, expected[byte]), "byte \(byte): \(got) vs \(expected[byte])")
        }
    }

    @Test(arguments: [("e4m3_encode", MiniFloat.float8E4M3FN), ("e5m2_encode", MiniFloat.float8E5M2)])
    func encodesLikeMLDtypes(table: String, format: MiniFloat) throws {
        let probes = try FixtureData.floats("float_probes")
        let expected = try FixtureData.bytes(table)
        #expect(probes.count == expected.count && probes.count > 3000)
        var mismatches = 0
        for (x, want) in zip(probes, expected) {
            let got = format.encode(x)
            // ml_dtypes keeps NaN's sign; compare NaN as NaN.
            if format.decode(got).isNaN && format.decode(want).isNaN { continue }
            if got != want {
                mismatches += 1
                if mismatches < 5 { Issue.record("\(x): got \(got), ml_dtypes \(want)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func saturatingE4M3ClampsLikeClipThenCast() throws {
        let probes = try FixtureData.floats("float_probes")
        let expected = try FixtureData.bytes("e4m3_encode_saturating")
        for (x, want) in zip(probes, expected) where !x.isNaN {
            #expect(MiniFloat.float8E4M3FN.encode(x, saturating: true) == want, "\(x)")
        }
        #expect(MiniFloat.float8E4M3FN.encode(.infinity, saturating: true) == 0x7E)
        #expect(MiniFloat.float8E5M2.encode(-.infinity, saturating: true) == 0xFB)
    }

    @Test func bfloat16AndFloat16RoundToNearestEven() throws {
        let probes = try FixtureData.floats("float_probes")
        let bf16 = try FixtureData.array("bf16_encode", as: UInt16.self)
        let f16 = try FixtureData.array("f16_encode", as: UInt16.self)
        for (i, x) in probes.enumerated() {
            if x.isNaN {
                #expect(BFloat16Bits.decode(BFloat16Bits.encode(x)).isNaN)
                continue
            }
            #expect(BFloat16Bits.encode(x) == bf16[i], "bf16 \(x)")
            #expect(Float16Bits.encode(x) == f16[i], "f16 \(x)")
        }
    }

    @Test func e4m3Edges() {
        let e4m3 = MiniFloat.float8E4M3FN
        #expect(e4m3.decode(0x7E) == 448)
        #expect(e4m3.decode(0x7F).isNaN && e4m3.decode(0xFF).isNaN)
        #expect(e4m3.decode(0x01) == Float(sign: .plus, exponent: -9, significand: 1))
        #expect(e4m3.encode(464) == 0x7E)   // tie between 448 and 480 (not representable) goes to even
        #expect(e4m3.decode(e4m3.encode(465)).isNaN)
        #expect(e4m3.encode(-0.0) == 0x80)
    }
}
