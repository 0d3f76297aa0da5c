import Foundation
import Testing
@testable import Quantization

/// GGUF block formats against gguf-py: layouts from `GGML_QUANT_SIZES`, and bit-exact
/// dequantization of random blocks (fixtures by Tools/fixtures/gguf/make_blocks.py).
@Suite struct GGUFBlockTests {
    static func fixtureURL(_ path: String) throws -> URL {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return url.appendingPathComponent("gguf").appendingPathComponent(path)
    }

    struct LayoutEntry: Decodable { let id: UInt32; let valuesPerBlock: Int; let bytesPerBlock: Int }

    @Test func layoutsMatchGGUFPy() throws {
        let data = try Data(contentsOf: try Self.fixtureURL("layouts.json"))
        let reference = try JSONDecoder().decode([String: LayoutEntry].self, from: data)
        for type in GGMLType.allCases {
            let entry = try #require(reference[type.name], "gguf-py has no type \(type.name)")
            #expect(entry.id == type.rawValue, "\(type.name) id")
            #expect(entry.valuesPerBlock == type.layout.valuesPerBlock, "\(type.name) values per block")
            // gguf-py still sizes Q8_1 with two f32 (40 bytes); ggml's block_q8_1 is a half2 + 32
            // int8 (36 bytes). Q8_1 is an activation-only type that GGUF files do not store.
            if type == .q8_1 { #expect(type.layout.bytesPerBlock == 36); continue }
            #expect(entry.bytesPerBlock == type.layout.bytesPerBlock, "\(type.name) bytes per block")
        }
        #expect(GGMLType.dequantizable.count == 15)
    }

    @Test(arguments: GGMLType.dequantizable)
    func dequantizesBitExactly(type: GGMLType) throws {
        let raw = [UInt8](try Data(contentsOf: try Self.fixtureURL("blocks/\(type.name).bin")))
        let expectedData = try Data(contentsOf: try Self.fixtureURL("blocks/\(type.name).f32"))
        let expected = expectedData.withUnsafeBytes { buffer in
            (0..<(buffer.count / 4)).map { Float(bitPattern: buffer.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
        #expect(raw.count / type.layout.bytesPerBlock * type.layout.valuesPerBlock == expected.count)
        let values = try GGUFDequantizer.dequantize(type, bytes: raw, count: expected.count)
        var mismatches = 0
        for i in values.indices where values[i].bitPattern != expected[i].bitPattern {
            if mismatches < 5 { Issue.record("\(type.name)[\(i)]: \(values[i]) != gguf-py \(expected[i])") }
            mismatches += 1
        }
        #expect(mismatches == 0, "\(type.name): \(mismatches) of \(values.count) values differ")
    }

    @Test func rejectsPartialBlocksAndShortSources() throws {
        #expect(throws: GGUFDequantizationError.notWholeBlocks(type: .q4_K, count: 100)) {
            _ = try GGUFDequantizer.dequantize(.q4_K, bytes: [UInt8](repeating: 0, count: 144), count: 100)
        }
        #expect(throws: GGUFDequantizationError.sourceTooSmall(type: .q8_0, count: 64, needed: 68, available: 34)) {
            _ = try GGUFDequantizer.dequantize(.q8_0, bytes: [UInt8](repeating: 0, count: 34), count: 64)
        }
        #expect(throws: GGUFDequantizationError.unsupportedType(.iq2_XXS)) {
            _ = try GGUFDequantizer.dequantize(.iq2_XXS, bytes: [UInt8](repeating: 0, count: 66), count: 256)
        }
    }

    @Test func halfConversionIsExactForEveryFiniteHalf() {
        for bits in UInt16.min...UInt16.max where (bits >> 10) & 0x1F != 0x1F {
            #expect(Float(halfBits: bits) == Float(Float16(bitPattern: bits)))
        }
    }
}
