import Foundation

/// One tensor's entry in a safetensors header.
public struct TensorInfo: Hashable, Sendable {
    public var name: String
    public var dtype: SafetensorsDType
    public var shape: [Int]
    /// Byte range relative to the start of the data section.
    public var dataRange: Range<Int>

    public var elementCount: Int { shape.reduce(1, *) }
}

/// A safetensors file, memory-mapped: tensors are views into the mapping (zero copy).
///
/// Opening validates the whole header: its length, its JSON, every dtype, shape and
/// `data_offsets` (inside the data section, matching shape × dtype, not overlapping), so
/// no later access can read outside the file.
public final class SafetensorsFile: @unchecked Sendable {
    /// The path (or a name for in-memory bytes), used in every error.
    public let path: String
    public let storage: ByteStorage
    /// Tensors by name.
    public let tensors: [String: TensorInfo]
    /// The `__metadata__` entry.
    public let metadata: [String: String]
    /// Offset of the data section in the file.
    public let dataOffset: Int

    /// Header length limit (the safetensors reference uses 100 MB).
    public static let maxHeaderBytes = 100_000_000

    /// Maps and validates the file at `path`.
    public convenience init(path: String) throws(CheckpointError) {
        try self.init(storage: ByteStorage(mapping: path), name: path)
    }

    /// Validates bytes already in memory; `name` stands for the file in errors.
    public convenience init(bytes: [UInt8], name: String) throws(CheckpointError) {
        try self.init(storage: ByteStorage(copying: bytes), name: name)
    }

    public init(storage: ByteStorage, name: String) throws(CheckpointError) {
        self.path = name
        self.storage = storage
        let bytes = storage.bytes
        guard bytes.count >= 8 else { throw .truncated(file: name, expectedBytes: 8, actualBytes: bytes.count) }
        let headerLength = bytes.loadUnaligned(as: UInt64.self).littleEndian
        if headerLength > UInt64(Self.maxHeaderBytes) {
            throw .invalidHeader(file: name, reason: "header length \(headerLength) exceeds \(Self.maxHeaderBytes) bytes")
        }
        let headerEnd = 8 + Int(headerLength)
        guard headerEnd <= bytes.count else {
            throw .truncated(file: name, expectedBytes: headerEnd, actualBytes: bytes.count)
        }
        dataOffset = headerEnd
        let parsed = try Self.parseHeader(Data(bytes[8..<headerEnd]), file: name, dataBytes: bytes.count - headerEnd)
        tensors = parsed.tensors
        metadata = parsed.metadata
    }

    /// Tensor names, sorted.
    public var tensorNames: [String] { tensors.keys.sorted() }

    /// A zero-copy view of tensor `name`.
    public func tensor(_ name: String) throws(CheckpointError) -> TensorView {
        guard let info = tensors[name] else { throw .noSuchTensor(file: path, tensor: name) }
        return TensorView(info: info, file: path, storage: storage, byteOffset: dataOffset + info.dataRange.lowerBound)
    }

    static func parseHeader(_ json: Data, file: String, dataBytes: Int) throws(CheckpointError)
        -> (tensors: [String: TensorInfo], metadata: [String: String])
    {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: json, options: [])
        } catch {
            throw .invalidHeader(file: file, reason: "the header is not valid JSON")
        }
        guard let root = object as? [String: Any] else {
            throw .invalidHeader(file: file, reason: "the header is not a JSON object")
        }
        var tensors: [String: TensorInfo] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in root {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else {
                    throw .invalidHeader(file: file, reason: "__metadata__ is not an object")
                }
                for (key, v) in m {
                    guard let s = v as? String else {
                        throw .invalidHeader(file: file, reason: "__metadata__['\(key)'] is not a string")
                    }
                    metadata[key] = s
                }
                continue
            }
            tensors[name] = try parseEntry(name: name, value: value, file: file, dataBytes: dataBytes)
        }
        // Overlap check: sort non-empty ranges by start; each must begin at or after the previous end.
        let ranges = tensors.values.filter { !$0.dataRange.isEmpty }.sorted {
            ($0.dataRange.lowerBound, $0.name) < ($1.dataRange.lowerBound, $1.name)
        }
        for (a, b) in zip(ranges, ranges.dropFirst()) where b.dataRange.lowerBound < a.dataRange.upperBound {
            throw .overlappingTensors(file: file, first: a.name, second: b.name)
        }
        return (tensors, metadata)
    }

    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var out: [Int] = []
        for v in array {
            guard let number = v as? NSNumber, !isJSONBool(number) else { return nil }
            let d = number.doubleValue
            guard d.isFinite, d >= 0, d <= 9.0e15, d == d.rounded() else { return nil }
            out.append(Int(d))
        }
        return out
    }

    private static func parseEntry(name: String, value: Any, file: String, dataBytes: Int) throws(CheckpointError) -> TensorInfo {
        guard let entry = value as? [String: Any] else {
            throw .invalidHeader(file: file, reason: "entry '\(name)' is not an object")
        }
        guard let dtypeName = entry["dtype"] as? String else {
            throw .invalidHeader(file: file, reason: "tensor '\(name)' has no string 'dtype'")
        }
        guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
            throw .unknownDType(file: file, tensor: name, dtype: dtypeName)
        }
        guard let shape = integers(entry["shape"]) else {
            throw .invalidHeader(file: file, reason: "tensor '\(name)': 'shape' must be a list of non-negative integers")
        }
        guard let offsets = integers(entry["data_offsets"]), offsets.count == 2 else {
            throw .invalidHeader(file: file, reason: "tensor '\(name)': 'data_offsets' must be two non-negative integers")
        }
        guard offsets[0] <= offsets[1] else {
            throw .invalidHeader(file: file, reason: "tensor '\(name)': data_offsets \(offsets) end before they begin")
        }
        if offsets[1] > dataBytes {
            throw .tensorOutOfBounds(file: file, tensor: name, offsets: offsets, dataBytes: dataBytes)
        }
        var bytes = dtype.byteSize
        for d in shape {
            let (product, overflow) = bytes.multipliedReportingOverflow(by: d)
            if overflow {
                throw .byteCountMismatch(file: file, tensor: name, expectedBytes: overflow ? Int.max : product,
                                         actualBytes: offsets[1] - offsets[0])
            }
            bytes = product
        }
        if bytes != offsets[1] - offsets[0] {
            throw .byteCountMismatch(file: file, tensor: name, expectedBytes: bytes, actualBytes: offsets[1] - offsets[0])
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, dataRange: offsets[0]..<offsets[1])
    }
}
