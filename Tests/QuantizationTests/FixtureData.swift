import Foundation

/// Raw little-endian arrays written by Tools/fixtures/formats/make_fixtures.py.
enum FixtureData {
    static let directory: URL = {
        guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
            fatalError("QuantizationTests fixtures are missing from the test bundle")
        }
        return url.appendingPathComponent("formats")
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        let data = try Data(contentsOf: directory.appendingPathComponent(name + ".bin"))
        return [UInt8](data)
    }

    static func array<T: BitwiseCopyable>(_ name: String, as: T.Type) throws -> [T] {
        let raw = try bytes(name)
        let count = raw.count / MemoryLayout<T>.size
        return raw.withUnsafeBytes { buffer in
            (0..<count).map { buffer.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self) }
        }
    }

    static func floats(_ name: String) throws -> [Float] { try array(name, as: Float.self) }
    static func int32s(_ name: String) throws -> [Int32] { try array(name, as: Int32.self) }
}
