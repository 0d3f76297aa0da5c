/// A bounds-checked little-endian reader over the bytes of a GGUF file.
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    var offset = 0

    var remaining: Int { bytes.count - offset }

    mutating func need(_ count: Int, _ what: @autoclosure () -> String) throws {
        guard count >= 0, count <= remaining else {
            throw GGUFError.truncated(file: file, what: what(), offset: offset, needed: count)
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws -> T {
        try need(MemoryLayout<T>.size, what())
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += MemoryLayout<T>.size
        return value
    }

    /// Reads a count (u64) and checks that `count × minimumElementBytes` can still fit.
    mutating func readCount(_ what: @autoclosure () -> String, minimumElementBytes: Int) throws -> Int {
        let start = offset
        let count = try read(UInt64.self, what())
        guard count <= UInt64(remaining / max(minimumElementBytes, 1)) else {
            throw GGUFError.implausibleCount(file: file, what: what(), count: count, offset: start)
        }
        return Int(count)
    }

    /// Reads a GGUF string: u64 length, then that many UTF-8 bytes.
    mutating func readString(_ what: @autoclosure () -> String) throws -> String {
        let length = try readCount("length of \(what())", minimumElementBytes: 1)
        let start = offset
        let slice = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])
        guard let string = String(validating: slice, as: UTF8.self) else {
            throw GGUFError.invalidString(file: file, what: what(), offset: start)
        }
        offset += length
        return string
    }
}
