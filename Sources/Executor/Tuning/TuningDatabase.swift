import Compiler
import Foundation
import Kernels

/// One tuned choice: the winning config for a key, with the measurement behind it.
public struct TuningRecord: Hashable, Codable, Sendable {
    public var key: TuningKey
    public var config: TileConfig
    /// The winner's median time per call.
    public var medianSeconds: Double
    /// The generator default's median in the same run (nil if it failed or was not measured).
    public var defaultSeconds: Double?
    /// The problem that was timed: `M=1 N=4096 K=4096, 2 threads`.
    public var problem: String
    /// Candidates measured, and how many of them failed to compile or run.
    public var candidates: Int
    public var failed: Int
    /// When it was measured (ISO 8601).
    public var date: String

    /// The config's name as its target spells it (`m1n4v16u1` on the CPU, `m1n1t256u2` on GPUs).
    public var configName: String { config.name(gpu: key.isGPU) }

    public init(key: TuningKey, config: TileConfig, medianSeconds: Double, defaultSeconds: Double?, problem: String,
                candidates: Int, failed: Int, date: String) {
        self.key = key
        self.config = config
        self.medianSeconds = medianSeconds
        self.defaultSeconds = defaultSeconds
        self.problem = problem
        self.candidates = candidates
        self.failed = failed
        self.date = date
    }
}

/// The tuning database: a plain value holding at most one record per ``TuningKey``. Stored as
/// JSON by ``TuningStore``; the autotuner produces records, selection reads them.
public struct TuningDatabase: Hashable, Codable, Sendable {
    public static let formatVersion = 1
    public var version = TuningDatabase.formatVersion
    /// Sorted by key, so the JSON file diffs cleanly.
    public private(set) var records: [TuningRecord] = []

    public init(records: [TuningRecord] = []) {
        for r in records { insert(r) }
    }

    public func lookup(_ key: TuningKey) -> TuningRecord? { records.first { $0.key == key } }

    /// Adds a record, replacing any with the same key.
    public mutating func insert(_ record: TuningRecord) {
        records.removeAll { $0.key == record.key }
        records.append(record)
        records.sort { $0.key < $1.key }
    }

    public mutating func remove(_ key: TuningKey) { records.removeAll { $0.key == key } }

    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try e.encode(self)
    }

    public static func decode(_ data: Data) throws -> TuningDatabase {
        let db = try JSONDecoder().decode(TuningDatabase.self, from: data)
        guard db.version == formatVersion else { throw TuningError.unsupportedDatabaseVersion(db.version) }
        return TuningDatabase(records: db.records)
    }
}

/// Errors of the tuning database and the autotuner.
public enum TuningError: Error, CustomStringConvertible, Equatable {
    case unsupportedDatabaseVersion(Int)
    case unreadableDatabase(path: String, message: String)
    case noCandidateRan(variant: String, failures: [String])
    /// The GPU autotuner needs a CUDA device and driver, and there is none.
    case gpuUnavailable(reason: String)
    /// An autotuner was given a problem for another kind of target.
    case wrongTarget(tuner: String, target: String)

    public var description: String {
        switch self {
        case .unsupportedDatabaseVersion(let v): "tuning database format \(v) is not \(TuningDatabase.formatVersion)"
        case .unreadableDatabase(let path, let message): "cannot read the tuning database \(path): \(message)"
        case .noCandidateRan(let variant, let failures):
            "no candidate config of \(variant) compiled and ran:\n" + failures.map { "  " + $0 }.joined(separator: "\n")
        case .gpuUnavailable(let reason):
            "the GPU autotuner times PTX variants on a CUDA device, and there is none here (\(reason)); autotune with --target cpu"
        case .wrongTarget(let tuner, let target): "the \(tuner) autotuner cannot tune kernels for \(target)"
        }
    }
}

/// The tuning database's file, `tuning.json` in the cache directory. Updates hold an
/// exclusive `flock` on a side lock file and write atomically, so concurrent autotune runs
/// each add their record and none is lost.
public struct TuningStore: Sendable {
    public var url: URL

    public init(url: URL) { self.url = url }

    /// `tuning.json` in the resolved cache directory (`--cache-dir`, `$QUANTJIT_CACHE_DIR`, XDG).
    public init(cacheDirectory explicit: String? = nil) {
        url = CacheDirectory.resolve(explicit: explicit).appendingPathComponent("tuning.json")
    }

    /// The stored database; empty when there is no file yet.
    public func load() throws -> TuningDatabase {
        guard let data = FileManager.default.contents(atPath: url.path) else { return TuningDatabase() }
        do {
            return try TuningDatabase.decode(data)
        } catch {
            throw TuningError.unreadableDatabase(path: url.path, message: "\(error)")
        }
    }

    public func save(_ db: TuningDatabase) throws {
        try AtomicFile.replace(url, with: [UInt8](try db.encoded()))
    }

    /// Reads, changes and writes the database under an exclusive lock. An unreadable file is
    /// replaced rather than blocking tuning forever.
    @discardableResult
    public func update(_ change: (inout TuningDatabase) throws -> Void) throws -> TuningDatabase {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fd = open(url.path + ".lock", O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        flock(fd, LOCK_EX)
        defer { flock(fd, LOCK_UN) }
        var db = (try? load()) ?? TuningDatabase()
        try change(&db)
        try save(db)
        return db
    }
}
