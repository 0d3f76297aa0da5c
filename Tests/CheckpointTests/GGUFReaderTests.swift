import Foundation
import Testing
@testable import Checkpoint
import Quantization

/// The GGUF reader against what gguf-py's GGUFReader reads from a file written by gguf-py's
/// GGUFWriter (fixtures by Tools/fixtures/gguf/make_reader_fixture.py).
@Suite struct GGUFReaderTests {
    static func fixture(_ name: String) throws -> URL {
        let url = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil))
        return url.appendingPathComponent("gguf").appendingPathComponent(name)
    }

    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: try fixture("small.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// A metadata value as plain JSON-comparable values (nested arrays flattened as gguf-py does).
    static func plain(_ value: GGUFMetadataValue) -> [Any] {
        switch value {
        case .array(_, let values): return values.flatMap(plain)
        case .string(let s): return [s]
        case .bool(let b): return [b]
        case .float32(let f): return [Double(f)]
        case .float64(let d): return [d]
        default: return [Double(value.intValue!)]
        }
    }

    static func same(_ a: [Any], _ b: Any) -> Bool {
        let bs = (b as? [Any]) ?? [b]
        guard a.count == bs.count else { return false }
        for (x, y) in zip(a, bs) {
            switch (x, y) {
            case (let x as String, let y as String): if x != y { return false }
            case (let x as Bool, let y as NSNumber): if x != y.boolValue { return false }
            // Foundation's JSON parser may round the last bit of a double: compare within 1e-15.
            case (let x as Double, let y as NSNumber):
                if abs(x - y.doubleValue) > 1e-15 * max(abs(x), Double.leastNormalMagnitude) { return false }
            default: return false
            }
        }
        return true
    }

    @Test func readsWhatGGUFPyReads() throws {
        let file = try GGUFFile(path: try Self.fixture("small.gguf.bin").path)
        let expected = try Self.expected()
        #expect(Int(file.version) == expected["version"] as? Int)
        #expect(file.alignment == expected["alignment"] as? Int)
        #expect(file.dataOffset == expected["dataOffset"] as? Int)
        let metadata = try #require(expected["metadata"] as? [[String: Any]])
        #expect(file.metadataKeys == metadata.map { $0["key"] as! String })
        for entry in metadata {
            let key = entry["key"] as! String
            let value = try file.value(key)
            #expect(value.type.description == entry["type"] as? String, "type of \(key)")
            if case .array(let elementType, _) = value {
                #expect(elementType.description == entry["elementType"] as? String, "element type of \(key)")
            }
            #expect(Self.same(Self.plain(value), entry["value"]!), "value of \(key): \(value)")
        }
        let tensors = try #require(expected["tensors"] as? [[String: Any]])
        #expect(file.tensors.map(\.name) == tensors.map { $0["name"] as! String })
        for entry in tensors {
            let info = try file.tensor(named: entry["name"] as! String)
            #expect(info.type.name == entry["type"] as? String)
            #expect(info.dimensions == entry["dimensions"] as? [Int])
            #expect(info.offset == entry["offset"] as? Int)
            #expect(info.byteCount == entry["bytes"] as? Int)
            // float32 values: rounding the parsed double to float is exact.
            let reference = (entry["values"] as! [NSNumber]).map { Float($0.doubleValue) }
            if info.type.isDequantizable {
                #expect(try file.floats(of: info) == reference, "values of \(info.name)")
            } else {
                let raw = file.data(of: info)
                let ints = (0..<info.elementCount).map { Float(raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
                #expect(ints == reference)
            }
        }
        #expect(try file.strings("test.array.string") == ["a", "", "ünïcode", "<|im_start|>"])
        #expect(throws: GGUFError.self) { try file.tensor(named: "nope") }
        #expect(throws: GGUFError.self) { try file.int("test.string") }
    }

    @Test func readsVersion2() throws {
        var bytes = try Data(contentsOf: try Self.fixture("small.gguf.bin"))
        bytes[4] = 2
        let file = try GGUFFile(data: bytes, name: "v2.gguf")
        #expect(file.version == 2)
        #expect(file.tensors.count == 5)
    }
}
