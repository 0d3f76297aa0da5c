import Foundation
import Testing
@testable import Executor

/// ``GGMLArithmetic`` and the ``GGMLElementwiseKernels`` against ggml's own functions, called in
/// llama.cpp's library (Tools/fixtures/gguf/make_ggml_arithmetic.py): bit for bit.
@Suite struct GGMLArithmeticTests {
    struct Fixture: Decodable {
        struct Exp: Decodable { let x: String; let max: String; let y: String; let sum: Double }
        struct Swiglu: Decodable { let gate: String; let up: String; let y: String }
        struct Dot: Decodable { let a: String; let b: String; let dot: String }
        let exp: Exp
        let swiglu: Swiglu
        let dotF16: [Dot]
    }

    static func fixture() throws -> Fixture {
        let url = ModelSupport.repositoryRoot.appendingPathComponent("Tests/ExecutorTests/ModelFixtures/ggml_arithmetic.json")
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func floats(_ hex: String) -> [Float] {
        let d: [UInt32] = Array(hex.utf8).map { $0 <= 57 ? UInt32($0 - 48) : UInt32($0 - 87) }
        var out: [Float] = []
        for i in stride(from: 0, to: d.count, by: 8) {
            var bits: UInt32 = 0
            for byte in 0..<4 {
                let value: UInt32 = d[i + 2 * byte] << 4 | d[i + 2 * byte + 1]
                bits |= value << UInt32(8 * byte)
            }
            out.append(Float(bitPattern: bits))
        }
        return out
    }

    static func mismatches(_ a: [Float], _ b: [Float]) -> Int { zip(a, b).filter { $0.bitPattern != $1.bitPattern }.count }

    @Test func expAndSoftmaxSumMatchGGML() throws {
        let f = try Self.fixture().exp
        let x = Self.floats(f.x), want = Self.floats(f.y), maximum = Self.floats(f.max)[0]
        let swift = x.map { GGMLArithmetic.exp($0 - maximum) }
        #expect(Self.mismatches(swift, want) == 0, "Swift ggml_v_expf")
        var sum: Double = 0
        for group in stride(from: 0, to: swift.count, by: 8) { sum += Double(GGMLArithmetic.horizontalSum(SIMD8(swift[group..<(group + 8)]))) }
        #expect(sum == f.sum, "ggml_vec_soft_max_f32's sum: ours \(sum), ggml \(f.sum)")
        let kernels = try #require(GGMLElementwiseKernels.shared)
        var jit = x
        jit.withUnsafeMutableBufferPointer { kernels.exp($0.baseAddress!, count: $0.count, minus: maximum) }
        #expect(Self.mismatches(jit, want) == 0, "JIT ggml_v_expf")
    }

    @Test func swigluMatchesGGML() throws {
        let f = try Self.fixture().swiglu
        let gate = Self.floats(f.gate), up = Self.floats(f.up), want = Self.floats(f.y)
        #expect(Self.mismatches(zip(gate, up).map { GGMLArithmetic.swiglu(gate: $0, up: $1) }, want) == 0, "Swift swiglu")
        let kernels = try #require(GGMLElementwiseKernels.shared)
        var out = [Float](repeating: .nan, count: gate.count)
        out.withUnsafeMutableBufferPointer { kernels.swiglu(gate: gate, up: up, out: $0.baseAddress!, count: gate.count) }
        #expect(Self.mismatches(out, want) == 0, "JIT swiglu")
    }

    @Test func oneTokenF16DotMatchesGGML() throws {
        for (i, d) in try Self.fixture().dotF16.enumerated() {
            let a = Self.floats(d.a), b = Self.floats(d.b), want = Self.floats(d.dot)[0]
            let got = GGMLArithmetic.dotF16(a, b, a.count, batched: false)
            #expect(got.bitPattern == want.bitPattern, "case \(i) (\(a.count) values): ours \(got), ggml_vec_dot_f16 \(want)")
        }
    }
}
