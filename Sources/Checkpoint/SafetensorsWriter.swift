import Foundation
import Quantization

/// Builds safetensors files: tensors are laid out in name order, the header is padded with
/// spaces to a multiple of 8 bytes (as the reference writer does), and reading the result back
/// gives the same names, dtypes, shapes and bytes.
public struct SafetensorsWriter: Sendable {
    public struct Entry: Hashable, Sendable {
        public var name: String
        public var dtype: SafetensorsDType
        public var shape: [Int]
        public var data: [UInt8]
    }

    public private(set) var entries: [String: Entry] = [:]
    public var metadata: [String: String] = [:]

    public init(metadata: [String: String] = [:]) { self.metadata = metadata }

    /// Adds raw little-endian bytes; the byte count must match shape × dtype.
    public mutating func add(_ name: String, dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) throws(CheckpointError) {
        let expected = shape.reduce(dtype.byteSize, *)
        guard expected == bytes.count else {
            throw .byteCountMismatch(file: "(writer)", tensor: name, expectedBytes: expected, actualBytes: bytes.count)
        }
        guard name != "__metadata__" else {
            throw .invalidHeader(file: "(writer)", reason: "'__metadata__' is reserved")
        }
        entries[name] = Entry(name: name, dtype: dtype, shape: shape, data: bytes)
    }

    /// Adds 32-bit integers.
    public mutating func add(_ name: String, shape: [Int], int32 values: [Int32]) throws(CheckpointError) {
        try add(name, dtype: .int32, shape: shape, bytes: values.flatMap { Self.littleEndianBytes($0) })
    }

    /// Adds floats stored as `dtype` (F32, F16, BF16, F8_E4M3, F8_E5M2), rounding to nearest even.
    public mutating func add(_ name: String, dtype: SafetensorsDType, shape: [Int], floats: [Float]) throws(CheckpointError) {
        let bytes: [UInt8]
        switch dtype {
        case .float32: bytes = floats.flatMap { Self.littleEndianBytes($0.bitPattern) }
        case .float16: bytes = floats.flatMap { Self.littleEndianBytes(Float16Bits.encode($0)) }
        case .bfloat16: bytes = floats.flatMap { Self.littleEndianBytes(BFloat16Bits.encode($0)) }
        case .float8E4M3: bytes = floats.map { MiniFloat.float8E4M3FN.encode($0) }
        case .float8E5M2: bytes = floats.map { MiniFloat.float8E5M2.encode($0) }
        default:
            throw .dtypeMismatch(file: "(writer)", tensor: name, expected: ["F32", "F16", "BF16", "F8_E4M3", "F8_E5M2"], actual: dtype.rawValue)
        }
        try add(name, dtype: dtype, shape: shape, bytes: bytes)
    }

    static func littleEndianBytes<T: FixedWidthInteger>(_ v: T) -> [UInt8] {
        withUnsafeBytes(of: v.littleEndian) { Array($0) }
    }

    /// The file's bytes.
    public func serialized() -> [UInt8] {
        var header = "{"
        var parts: [String] = []
        if !metadata.isEmpty {
            let items = metadata.keys.sorted().map { "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0]!))" }
            parts.append("\"__metadata__\":{\(items.joined(separator: ","))}")
        }
        var offset = 0
        let ordered = entries.keys.sorted().map { entries[$0]! }
        for e in ordered {
            let shape = e.shape.map(String.init).joined(separator: ",")
            parts.append("\(Self.jsonString(e.name)):{\"dtype\":\"\(e.dtype.rawValue)\",\"shape\":[\(shape)],\"data_offsets\":[\(offset),\(offset + e.data.count)]}")
            offset += e.data.count
        }
        header += parts.joined(separator: ",") + "}"
        var headerBytes = Array(header.utf8)
        while headerBytes.count % 8 != 0 { headerBytes.append(0x20) }
        var out = Self.littleEndianBytes(UInt64(headerBytes.count))
        out.reserveCapacity(8 + headerBytes.count + offset)
        out += headerBytes
        for e in ordered { out += e.data }
        return out
    }

    /// Writes the file atomically (a temporary file, then a rename).
    public func write(to path: String) throws(CheckpointError) {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Data(serialized()).write(to: URL(fileURLWithPath: temporary))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            throw .unreadable(file: path, reason: "cannot write: \(error)")
        }
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
