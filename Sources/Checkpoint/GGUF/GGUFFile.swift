import Foundation
import Quantization

/// A parsed GGUF file (versions 2 and 3, little-endian): metadata, tensor infos and
/// memory-mapped tensor data.
///
/// Everything is bounds-checked while parsing; a malformed file throws a ``GGUFError`` naming
/// the file and what was expected, never reads out of bounds.
public struct GGUFFile: Sendable {
    /// The path (or the name given for in-memory files), used in errors.
    public let fileName: String
    /// The GGUF version (2 or 3).
    public let version: UInt32
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Metadata values by key.
    public let metadata: [String: GGUFMetadataValue]
    /// Tensor infos in file order.
    public let tensors: [GGUFTensorInfo]
    /// The data alignment (`general.alignment`, default 32).
    public let alignment: Int
    /// Byte offset of the data section in the file.
    public let dataOffset: Int

    private let storage: GGUFStorage
    private let tensorPositions: [String: Int]

    var storageBytes: UnsafeRawBufferPointer { storage.bytes }
    func tensorIndex(of name: String) -> Int? { tensorPositions[name] }

    /// The default alignment when `general.alignment` is absent.
    public static let defaultAlignment = 32
    /// Arrays nested deeper than this are rejected.
    static let maximumArrayDepth = 16
    /// GGML's maximum number of dimensions.
    static let maximumDimensions = 4

    /// Opens and memory-maps the file at `path`.
    public init(path: String) throws {
        try self.init(storage: GGUFStorage(mapping: path), fileName: path)
    }

    /// Parses an in-memory GGUF image (copied); `name` appears in errors.
    public init(data: Data, name: String = "<memory>") throws {
        try self.init(storage: GGUFStorage(copying: data), fileName: name)
    }

    private init(storage: GGUFStorage, fileName: String) throws {
        self.storage = storage
        self.fileName = fileName
        var cursor = GGUFCursor(bytes: storage.bytes, file: fileName)
        try cursor.need(4, "magic")
        let magic = [UInt8](storage.bytes[0..<4])
        guard magic == Array("GGUF".utf8) else { throw GGUFError.badMagic(file: fileName, found: magic) }
        cursor.offset = 4
        version = try cursor.read(UInt32.self, "version")
        guard version == 2 || version == 3 else { throw GGUFError.unsupportedVersion(file: fileName, version: version) }
        // A tensor info takes at least 24 bytes (name length, n_dims, type, offset); a kv 13.
        let tensorCount = try cursor.readCount("tensor_count", minimumElementBytes: 24)
        let kvCount = try cursor.readCount("metadata_kv_count", minimumElementBytes: 13)

        var keys: [String] = []
        var values: [String: GGUFMetadataValue] = [:]
        keys.reserveCapacity(kvCount)
        for index in 0..<kvCount {
            let key = try cursor.readString("key of metadata entry \(index)")
            let rawType = try cursor.read(UInt32.self, "value type of \"\(key)\"")
            guard let type = GGUFValueType(rawValue: rawType) else {
                throw GGUFError.unknownValueType(file: fileName, key: key, type: rawType)
            }
            let value = try Self.readValue(type, key: key, depth: 0, cursor: &cursor)
            guard values.updateValue(value, forKey: key) == nil else { throw GGUFError.duplicateKey(file: fileName, key: key) }
            keys.append(key)
        }
        metadataKeys = keys
        metadata = values

        var alignment = Self.defaultAlignment
        if let value = values["general.alignment"] {
            guard case .uint32(let a) = value else {
                throw GGUFError.wrongMetadataType(file: fileName, key: "general.alignment", expected: "uint32", found: value.type.description)
            }
            guard a > 0, a & (a - 1) == 0 else { throw GGUFError.badAlignment(file: fileName, alignment: UInt64(a)) }
            alignment = Int(a)
        }
        self.alignment = alignment

        var infos: [(name: String, type: GGMLType, dimensions: [Int], offset: UInt64, bytes: Int)] = []
        infos.reserveCapacity(tensorCount)
        var index: [String: Int] = [:]
        for position in 0..<tensorCount {
            let name = try cursor.readString("name of tensor \(position)")
            let dimensionCount = try cursor.read(UInt32.self, "dimension count of tensor \"\(name)\"")
            guard (1...UInt32(Self.maximumDimensions)).contains(dimensionCount) else {
                throw GGUFError.badTensor(file: fileName, tensor: name, reason: "\(dimensionCount) dimensions (expected 1…\(Self.maximumDimensions))")
            }
            var dimensions: [Int] = []
            var elements = 1
            for d in 0..<Int(dimensionCount) {
                let extent = try cursor.read(UInt64.self, "dimension \(d) of tensor \"\(name)\"")
                guard extent <= UInt64(Int64.max), case let (product, overflow) = elements.multipliedReportingOverflow(by: Int(extent)), !overflow else {
                    throw GGUFError.badTensor(file: fileName, tensor: name, reason: "dimension \(d) = \(extent) overflows the element count")
                }
                elements = product
                dimensions.append(Int(extent))
            }
            let rawType = try cursor.read(UInt32.self, "type of tensor \"\(name)\"")
            guard let type = GGMLType(rawValue: rawType) else {
                throw GGUFError.unknownTensorType(file: fileName, tensor: name, type: rawType)
            }
            let offset = try cursor.read(UInt64.self, "data offset of tensor \"\(name)\"")
            guard dimensions[0] % type.layout.valuesPerBlock == 0, let bytes = type.layout.bytes(forValues: elements) else {
                throw GGUFError.badTensor(file: fileName, tensor: name,
                                          reason: "row length \(dimensions[0]) is not a multiple of the \(type.name) block of \(type.layout.valuesPerBlock) values")
            }
            guard offset % UInt64(alignment) == 0 else {
                throw GGUFError.badTensor(file: fileName, tensor: name, reason: "data offset \(offset) is not a multiple of the alignment \(alignment)")
            }
            guard index.updateValue(position, forKey: name) == nil else { throw GGUFError.duplicateTensor(file: fileName, tensor: name) }
            infos.append((name, type, dimensions, offset, bytes))
        }
        tensorPositions = index

        let padded = (cursor.offset + alignment - 1) / alignment * alignment
        dataOffset = padded
        let dataSize = UInt64(max(storage.bytes.count - padded, 0))
        tensors = try infos.map { info in
            guard info.offset <= dataSize, UInt64(info.bytes) <= dataSize - info.offset else {
                throw GGUFError.tensorOutOfRange(file: fileName, tensor: info.name, offset: info.offset, bytes: UInt64(info.bytes), dataSize: dataSize)
            }
            return GGUFTensorInfo(name: info.name, type: info.type, dimensions: info.dimensions, offset: Int(info.offset), byteCount: info.bytes)
        }
    }

    private static func readValue(_ type: GGUFValueType, key: String, depth: Int, cursor: inout GGUFCursor) throws -> GGUFMetadataValue {
        let what = "value of \"\(key)\""
        switch type {
        case .uint8: return .uint8(try cursor.read(UInt8.self, what))
        case .int8: return .int8(try cursor.read(Int8.self, what))
        case .uint16: return .uint16(try cursor.read(UInt16.self, what))
        case .int16: return .int16(try cursor.read(Int16.self, what))
        case .uint32: return .uint32(try cursor.read(UInt32.self, what))
        case .int32: return .int32(try cursor.read(Int32.self, what))
        case .uint64: return .uint64(try cursor.read(UInt64.self, what))
        case .int64: return .int64(try cursor.read(Int64.self, what))
        case .float32: return .float32(Float(bitPattern: try cursor.read(UInt32.self, what)))
        case .float64: return .float64(Double(bitPattern: try cursor.read(UInt64.self, what)))
        case .bool:
            let byte = try cursor.read(UInt8.self, what)
            guard byte <= 1 else {
                throw GGUFError.wrongMetadataType(file: cursor.file, key: key, expected: "bool 0 or 1", found: "byte \(byte)")
            }
            return .bool(byte == 1)
        case .string: return .string(try cursor.readString(what))
        case .array:
            guard depth < maximumArrayDepth else {
                throw GGUFError.implausibleCount(file: cursor.file, what: "array nesting depth of \"\(key)\"", count: UInt64(depth + 1), offset: cursor.offset)
            }
            let rawElementType = try cursor.read(UInt32.self, "element type of \"\(key)\"")
            guard let elementType = GGUFValueType(rawValue: rawElementType) else {
                throw GGUFError.unknownValueType(file: cursor.file, key: key, type: rawElementType)
            }
            // Strings take ≥ 8 bytes (their length), arrays ≥ 12 (type and count).
            let minimum = elementType.fixedSize ?? (elementType == .string ? 8 : 12)
            let count = try cursor.readCount("element count of \"\(key)\"", minimumElementBytes: minimum)
            var elements: [GGUFMetadataValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count {
                elements.append(try readValue(elementType, key: key, depth: depth + 1, cursor: &cursor))
            }
            return .array(elementType: elementType, values: elements)
        }
    }
}
