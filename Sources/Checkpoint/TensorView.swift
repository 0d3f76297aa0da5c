import Quantization

/// A zero-copy view of one tensor in a mapped file. The view keeps the mapping alive.
public struct TensorView: @unchecked Sendable {
    public let info: TensorInfo
    /// The file the tensor lives in (for errors).
    public let file: String
    let storage: ByteStorage
    let byteOffset: Int

    init(info: TensorInfo, file: String, storage: ByteStorage, byteOffset: Int) {
        self.info = info
        self.file = file
        self.storage = storage
        self.byteOffset = byteOffset
    }

    public var name: String { info.name }
    public var dtype: SafetensorsDType { info.dtype }
    public var shape: [Int] { info.shape }
    public var elementCount: Int { info.elementCount }

    /// Calls `body` with the tensor's raw bytes (inside the mapping; valid during the call).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let all = storage.bytes
        return try body(UnsafeRawBufferPointer(rebasing: all[byteOffset..<(byteOffset + info.dataRange.count)]))
    }

    /// The raw bytes, copied.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    private func load<T>(_ type: T.Type, _ transform: (T) -> Float) -> [Float] {
        withUnsafeBytes { raw in
            (0..<elementCount).map { transform(raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
        }
    }

    /// Every element converted to `Float` (exact for all float dtypes up to float32; integers
    /// up to 2^24).
    public func floats() -> [Float] {
        switch dtype {
        case .float32: return load(UInt32.self) { Float(bitPattern: UInt32(littleEndian: $0)) }
        case .float16: return load(UInt16.self) { Float16Bits.decode(UInt16(littleEndian: $0)) }
        case .bfloat16: return load(UInt16.self) { BFloat16Bits.decode(UInt16(littleEndian: $0)) }
        case .float64: return load(UInt64.self) { Float(Double(bitPattern: UInt64(littleEndian: $0))) }
        case .float8E4M3: return load(UInt8.self) { MiniFloat.float8E4M3FN.decode($0) }
        case .float8E5M2: return load(UInt8.self) { MiniFloat.float8E5M2.decode($0) }
        case .bool, .uint8: return load(UInt8.self) { Float($0) }
        case .int8: return load(Int8.self) { Float($0) }
        case .int16: return load(Int16.self) { Float(Int16(littleEndian: $0)) }
        case .uint16: return load(UInt16.self) { Float(UInt16(littleEndian: $0)) }
        case .int32: return load(Int32.self) { Float(Int32(littleEndian: $0)) }
        case .uint32: return load(UInt32.self) { Float(UInt32(littleEndian: $0)) }
        case .int64: return load(Int64.self) { Float(Int64(littleEndian: $0)) }
        case .uint64: return load(UInt64.self) { Float(UInt64(littleEndian: $0)) }
        }
    }

    /// Integer elements as `Int64`; throws for float dtypes.
    public func integers() throws(CheckpointError) -> [Int64] {
        func read<T: FixedWidthInteger>(_: T.Type) -> [Int64] {
            withUnsafeBytes { raw in
                (0..<elementCount).map { Int64(truncatingIfNeeded: T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self))) }
            }
        }
        switch dtype {
        case .bool, .uint8: return read(UInt8.self)
        case .int8: return read(Int8.self)
        case .int16: return read(Int16.self)
        case .uint16: return read(UInt16.self)
        case .int32: return read(Int32.self)
        case .uint32: return read(UInt32.self)
        case .int64: return read(Int64.self)
        case .uint64: return read(UInt64.self)
        default:
            throw .dtypeMismatch(file: file, tensor: name, expected: ["an integer dtype"], actual: dtype.rawValue)
        }
    }

    /// Elements as `Int32`: I32 as stored, other integer dtypes converted with a range check.
    public func int32s() throws(CheckpointError) -> [Int32] {
        if dtype == .int32 {
            return withUnsafeBytes { raw in
                (0..<elementCount).map { Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)) }
            }
        }
        let wide = try integers()
        var out: [Int32] = []
        out.reserveCapacity(wide.count)
        for (i, v) in wide.enumerated() {
            guard let narrow = Int32(exactly: v) else {
                throw .configContradictsTensors(file: file, tensor: name, reason: "element \(i) = \(v) does not fit in 32 bits")
            }
            out.append(narrow)
        }
        return out
    }
}
