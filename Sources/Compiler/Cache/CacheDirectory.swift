import Foundation

/// Where QuantJIT keeps what it caches across runs: compiled kernels and the tuning database.
///
/// The first of: an explicit directory (`--cache-dir`), `$QUANTJIT_CACHE_DIR`,
/// `$XDG_CACHE_HOME/quantjit`, `~/.cache/quantjit`.
public enum CacheDirectory {
    public static func resolve(explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit, !explicit.isEmpty { return URL(fileURLWithPath: explicit, isDirectory: true) }
        if let dir = environment["QUANTJIT_CACHE_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir, isDirectory: true) }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg, isDirectory: true).appendingPathComponent("quantjit", isDirectory: true)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home, isDirectory: true)
            .appendingPathComponent(".cache", isDirectory: true).appendingPathComponent("quantjit", isDirectory: true)
    }
}

/// Writes files so that readers see either nothing or the whole file: the bytes go to a
/// temporary file with a unique name in the same directory, which is then renamed over the
/// destination. Two writers of the same path both succeed; the last rename wins.
public enum AtomicFile {
    public static func replace(_ url: URL, with bytes: [UInt8]) throws {
        let dir = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let temporary = dir.appendingPathComponent(".tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))-\(url.lastPathComponent)")
        let fd = open(temporary.path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, $0.count - written) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                let code = errno
                close(fd)
                unlink(temporary.path)
                throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
            }
            written += n
        }
        close(fd)
        if rename(temporary.path, url.path) != 0 {
            let code = errno
            unlink(temporary.path)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
