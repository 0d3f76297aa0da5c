import Testing
@testable import Quantization

/// Random schemes, shapes and (often wrong) array sizes through unpack, dequantize and pack:
/// every outcome is a value or a `QuantFormatError`, never a crash or an out-of-bounds read.
@Suite struct UnpackerFuzzTests {
    static func scheme(_ rng: inout SplitMix) -> QuantScheme {
        let bits = [1, 2, 3, 4, 5, 8, 9][Int(rng.next() % 7)]
        let group = [-1, 0, 8, 16, 32, 48][Int(rng.next() % 6)]
        let flag = rng.next() % 2 == 0
        switch rng.next() % 8 {
        case 0: return .gptq(bits: bits, groupSize: group, symmetric: flag, v2: rng.next() % 2 == 0, actOrder: rng.next() % 2 == 0)
        case 1: return .awqGEMM(bits: bits, groupSize: group, zeroPoint: flag)
        case 2: return .awqGEMV(bits: bits, groupSize: group)
        case 3: return .compressedTensorsPacked(bits: bits, groupSize: group, symmetric: flag, actOrder: rng.next() % 2 == 0)
        case 4: return .compressedTensorsInt(bits: bits, granularity: flag ? .perChannel : .perTensor, symmetric: rng.next() % 2 == 0)
        case 5: return .fp8(granularity: .block(rows: Int(rng.next() % 5), cols: Int(rng.next() % 20)))
        case 6: return .fp8(granularity: flag ? .perTensor : .perChannel)
        default: return .int8W8A8()
        }
    }

    static func count(_ exact: Int, _ rng: inout SplitMix) -> Int {
        rng.next() % 3 == 0 ? max(0, exact + Int(rng.next() % 5) - 2) : max(0, exact)
    }

    @Test func randomInputsNeverCrash() {
        var rng = SplitMix(seed: 2026)
        var outcomes = (ok: 0, error: 0)
        for _ in 0..<4000 {
            let s = Self.scheme(&rng)
            let n = Int(rng.next() % 40), k = Int(rng.next() % 80)
            let g = max(1, s.groupSize > 0 ? k / s.groupSize : 1)
            let wordCount: Int
            switch s.layout {
            case .gptqRows: wordCount = k * max(s.bits, 1) / 32 * n
            case .awqGEMM, .awqGEMV: wordCount = k * n / 8
            case .compressedTensorsPacked: wordCount = n * ((k * max(s.bits, 1) + 31) / 32)
            case .unpacked: wordCount = n * k
            }
            let weight: StoredWeight = s.layout == .unpacked
                ? .bytes((0..<Self.count(wordCount, &rng)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
                : .words((0..<Self.count(wordCount, &rng)).map { _ in Int32(truncatingIfNeeded: rng.next()) })
            let scales = (0..<Self.count(n * g * (s.layout == .awqGEMV ? 8 : 1), &rng)).map { _ in Float(rng.next() % 100) / 64 }
            let zeros = (0..<Self.count(n * g, &rng)).map { _ in Int32(truncatingIfNeeded: rng.next()) }
            let gIdx = (0..<Self.count(k, &rng)).map { _ in Int32(Int(rng.next() % UInt64(g + 2)) - 1) }
            let stored = StoredQuantizedWeight(scheme: s, n: n, k: k, weight: weight, scales: scales, zeros: zeros, gIdx: gIdx)
            do {
                let u = try stored.unpack()
                _ = try u.dequantize()
                _ = try? u.packed(as: s)
                outcomes.ok += 1
            } catch {
                outcomes.error += 1
            }
        }
        #expect(outcomes.ok > 100 && outcomes.error > 100, "\(outcomes)")
    }
}
