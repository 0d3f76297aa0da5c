import Foundation

/// A persistent store of compiled kernels (object code, PTX) on disk, one file per entry.
///
/// Each entry holds a header — magic, the full key digest, the payload length and the
/// payload's SHA-256 — then the payload. Loading checks all four; an entry that fails is
/// deleted and reported as a miss, never returned. Writes are atomic (``AtomicFile``), so
/// threads and processes filling the same entry at once all succeed and readers never see a
/// partial file.
public final class CompileCache: @unchecked Sendable {
    /// The directory holding `compile/<artifact>/…` (usually ``CacheDirectory/resolve(explicit:environment:)``).
    public let root: URL
    private let lock = NSLock()
    private var counters = Counters()

    /// What this instance has seen since it was created.
    public struct Counters: Sendable, Equatable {
        public var hits = 0, misses = 0, stores = 0, corrupt = 0
    }

    static let magic = Array("QJCACHE1".utf8)
    static let headerSize = magic.count + 64 + 8 + 32

    public init(root: URL) { self.root = root }

    /// The cache in the resolved cache directory.
    public convenience init(explicitDirectory: String? = nil) {
        self.init(root: CacheDirectory.resolve(explicit: explicitDirectory))
    }

    public var sessionCounters: Counters { lock.withLock { counters } }

    var compileDirectory: URL { root.appendingPathComponent("compile", isDirectory: true) }

    /// The file an entry lives in.
    public func path(for key: CompileCacheKey) -> URL {
        compileDirectory.appendingPathComponent(key.artifact.rawValue, isDirectory: true)
            .appendingPathComponent(Self.sanitize(key.fileStem) + ".qjc")
    }

    /// The payload stored under `key`, or nil (missing, or corrupt and now removed).
    public func load(_ key: CompileCacheKey) -> [UInt8]? {
        let url = path(for: key)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            count { $0.misses += 1 }
            return nil
        }
        guard let payload = Self.decode([UInt8](data), digest: key.digest) else {
            unlink(url.path)
            count { $0.corrupt += 1; $0.misses += 1 }
            return nil
        }
        count { $0.hits += 1 }
        return payload
    }

    /// Stores a payload atomically under `key`.
    public func store(_ payload: [UInt8], for key: CompileCacheKey) throws {
        try AtomicFile.replace(path(for: key), with: Self.encode(payload, digest: key.digest))
        count { $0.stores += 1 }
    }

    /// The payload under `key`, or `make()`'s result, stored for next time. A failure to
    /// store is not an error: the cache is an optimization.
    public func payload(for key: CompileCacheKey, make: () throws -> [UInt8]) rethrows -> (bytes: [UInt8], hit: Bool) {
        if let cached = load(key) { return (cached, true) }
        let bytes = try make()
        try? store(bytes, for: key)
        return (bytes, false)
    }

    /// Deletes every compiled entry (and stray temporary files); the tuning database stays.
    public func clear() throws {
        if FileManager.default.fileExists(atPath: compileDirectory.path) {
            try FileManager.default.removeItem(at: compileDirectory)
        }
    }

    /// Counts and checks what is on disk now.
    public func statistics(verify: Bool = true) -> CacheStatistics {
        var stats = CacheStatistics(directory: compileDirectory.path)
        let fm = FileManager.default
        for artifact in CompileCacheKey.Artifact.allCases {
            let dir = compileDirectory.appendingPathComponent(artifact.rawValue, isDirectory: true)
            let names = (try? fm.contentsOfDirectory(atPath: dir.path)) ?? []
            var row = CacheStatistics.Row()
            for name in names {
                let file = dir.appendingPathComponent(name).path
                let size = ((try? fm.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
                if name.hasPrefix(".tmp-") { stats.temporaryFiles += 1; continue }
                guard name.hasSuffix(".qjc") else { continue }
                row.entries += 1
                row.bytes += size
                if verify, let data = fm.contents(atPath: file), Self.decode([UInt8](data), digest: nil) == nil { row.corrupt += 1 }
            }
            stats.rows[artifact] = row
        }
        return stats
    }

    // MARK: Entry format

    static func encode(_ payload: [UInt8], digest: String) -> [UInt8] {
        var out = magic
        out.reserveCapacity(headerSize + payload.count)
        out += Array(digest.utf8.prefix(64)) + [UInt8](repeating: 0x20, count: max(0, 64 - digest.utf8.count))
        var length = UInt64(payload.count).littleEndian
        withUnsafeBytes(of: &length) { out += $0 }
        out += SHA256.hash(payload)
        out += payload
        return out
    }

    /// The payload if the entry is whole and (when `digest` is given) belongs to that key.
    static func decode(_ entry: [UInt8], digest: String?) -> [UInt8]? {
        guard entry.count >= headerSize, Array(entry[0..<8]) == magic else { return nil }
        if let digest, Array(entry[8..<72]) != Array(digest.utf8.prefix(64)) + [UInt8](repeating: 0x20, count: max(0, 64 - digest.utf8.count)) {
            return nil
        }
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(entry[72 + i]) << (8 * UInt64(i)) }
        guard length == UInt64(entry.count - headerSize) else { return nil }
        let payload = Array(entry[headerSize...])
        guard SHA256.hash(payload) == Array(entry[80..<112]) else { return nil }
        return payload
    }

    static func sanitize(_ stem: String) -> String {
        String(stem.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." ? $0 : "_" })
    }

    private func count(_ update: (inout Counters) -> Void) { lock.withLock { update(&counters) } }
}

/// What `quantjit cache stats` prints.
public struct CacheStatistics: Sendable, CustomStringConvertible {
    public struct Row: Sendable { public var entries = 0, bytes = 0, corrupt = 0 }
    public var directory: String
    public var rows: [CompileCacheKey.Artifact: Row] = [:]
    public var temporaryFiles = 0

    public var entries: Int { rows.values.reduce(0) { $0 + $1.entries } }
    public var bytes: Int { rows.values.reduce(0) { $0 + $1.bytes } }
    public var corrupt: Int { rows.values.reduce(0) { $0 + $1.corrupt } }

    public var description: String {
        var s = "compile cache: \(directory)\n"
        for a in CompileCacheKey.Artifact.allCases {
            let r = rows[a] ?? Row()
            s += "  \(a.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(r.entries) entries, \(Self.size(r.bytes))"
            s += r.corrupt > 0 ? ", \(r.corrupt) corrupt (removed when next loaded)\n" : "\n"
        }
        s += "  total   \(entries) entries, \(Self.size(bytes))"
        if temporaryFiles > 0 { s += "\n  \(temporaryFiles) temporary files (a write in progress, or one that died)" }
        return s
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1 << 20 ? String(format: "%.1f KiB", Double(bytes) / 1024) : String(format: "%.1f MiB", Double(bytes) / 1048576)
    }
}
