#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Read-only bytes that stay valid as long as this object lives: a memory-mapped file
/// (zero copy) or an owned heap buffer (for bytes already in memory).
public final class ByteStorage: @unchecked Sendable {
    /// The bytes. Never written to; valid until `deinit`.
    public let bytes: UnsafeRawBufferPointer
    private let unmap: Bool

    /// Maps `path` read-only. An empty file maps to an empty buffer.
    public init(mapping path: String) throws(CheckpointError) {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
        if (info.st_mode & S_IFMT) != S_IFREG { throw .unreadable(file: path, reason: "not a regular file") }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            unmap = false
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw .unreadable(file: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
        unmap = true
    }

    /// Copies `data` into an owned buffer.
    public init(copying data: some Collection<UInt8>) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(data.count, 1), alignment: 16)
        buffer.copyBytes(from: data)
        bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<data.count])
        unmap = false
        ownedBase = buffer.baseAddress
    }

    private var ownedBase: UnsafeMutableRawPointer?

    deinit {
        if unmap, let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
        ownedBase?.deallocate()
    }
}
