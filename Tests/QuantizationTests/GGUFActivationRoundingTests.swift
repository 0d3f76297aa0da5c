import Foundation
import Testing
@testable import Quantization

/// ggml-style activation rounding against ggml's own CPU dot products (quantized weights ×
/// activations quantized to the vec_dot type), recorded by Tools/fixtures/gguf/make_ggml_dots.py.
@Suite struct GGUFActivationRoundingTests {
    struct Case: Decodable { let weights: String; let x: String; let dot: Float }
    struct Fixture: Decodable { let length: Int; let cases: [String: [Case]] }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8? = nil
        for c in hex.utf8 {
            let v = c <= 57 ? c - 48 : c - 87
            if let h = high { out.append(h << 4 | v); high = nil } else { high = v }
        }
        return out
    }

    static let fixture: Fixture? = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?
            .appendingPathComponent("gguf/ggml_dots.json"), let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(Fixture.self, from: data)
    }()

    @Test(arguments: GGMLType.dequantizable)
    func reproducesGGMLDotProducts(type: GGMLType) throws {
        let fixture = try #require(Self.fixture)
        let cases = try #require(fixture.cases[type.name])
        let n = fixture.length
        for (index, entry) in cases.enumerated() {
            let raw = Self.bytes(hex: entry.weights)
            let xBytes = Self.bytes(hex: entry.x)
            var x = (0..<n).map { i in xBytes.withUnsafeBytes { Float(bitPattern: $0.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) } }
            let w = try GGUFDequantizer.dequantize(type, bytes: raw, count: n)
            let plain = zip(w, x).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            var corrections = [Float](repeating: 0, count: n / 32)
            x.withUnsafeMutableBufferPointer { xs in
                corrections.withUnsafeMutableBufferPointer {
                    GGUFActivationRounding.round(xs.baseAddress!, count: n, forWeight: type, sumCorrections: $0.baseAddress!)
                }
            }
            var emulated = zip(w, x).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
            emulated += Double(raw.withUnsafeBytes { r in corrections.withUnsafeBufferPointer {
                GGUFActivationRounding.minimumCorrection(weightRow: r.baseAddress!, type: type, count: n, sumCorrections: $0.baseAddress!)
            } })
            let scale = zip(w, x).reduce(0.0) { $0 + abs(Double($1.0) * Double($1.1)) }
            let error = abs(emulated - Double(entry.dot)) / scale
            #expect(error < 2e-6, "\(type.name) case \(index): emulated \(emulated), ggml \(entry.dot) (plain float \(plain))")
        }
    }
}
