import CUDA
import Compiler
import Kernels

/// Where a selection's config came from.
public enum ConfigSource: Hashable, Sendable, CustomStringConvertible {
    /// A tuning database record for the same key.
    case tuned(TuningRecord)
    /// The generator's default: the database has no record for the key.
    case generatorDefault
    /// The database has a record, but its config no longer validates (a stale database).
    case staleRecord(TuningRecord, reason: String)

    public var description: String {
        switch self {
        case .tuned(let r):
            var s = "tuning database (measured \(r.problem) on \(r.date): \(Self.micro(r.medianSeconds))"
            if let d = r.defaultSeconds { s += " vs default \(Self.micro(d))" }
            return s + ")"
        case .generatorDefault: return "generator default (no tuning record)"
        case .staleRecord(let r, let reason):
            return "generator default (the tuning record's config \(r.configName) is invalid now: \(reason))"
        }
    }

    static func micro(_ s: Double) -> String { "\((s * 1e7).rounded() / 10) µs" }
}

/// A selection together with the tuning key it was looked up under and the config's origin.
public struct TunedSelection: Sendable {
    public var selection: Selection
    public var key: TuningKey
    public var source: ConfigSource
}

extension KernelRegistry {
    /// Picks the kernel for `request` at `m` activation rows, taking the config from
    /// `database` when it holds a record for (device, LLVM version, variant, M bucket).
    /// The registry decides the entry; the database only decides the config.
    public func select(_ request: KernelRequest, m: Int, database: TuningDatabase,
                       device: String, llvm: String = LLVMTargets.version) throws -> TunedSelection {
        let plain = try select(request)
        let key = TuningKey(request: request, entry: plain.entry, m: m, device: device, llvm: llvm)
        guard let record = database.lookup(key) else {
            return TunedSelection(selection: plain, key: key, source: .generatorDefault)
        }
        do {
            return TunedSelection(selection: try select(request, tuned: record.config), key: key, source: .tuned(record))
        } catch {
            return TunedSelection(selection: plain, key: key, source: .staleRecord(record, reason: "\(error)"))
        }
    }

    /// The device id this process tunes for and looks records up under: the host CPU for
    /// `.cpu`; for GPUs the first CUDA device (``GPUAutotune/deviceID(_:)``), or just the
    /// architecture when there is no GPU here (which no tuned record matches).
    public static func device(for target: ExecutionTarget) -> String {
        switch target {
        case .cpu: return CodeTarget.host.deviceID
        case .gpu(let a):
            guard CUDA.isAvailable, let first = try? CUDA.devices().first else { return "gpu-none-\(a.rawValue)" }
            return GPUAutotune.deviceID(first)
        }
    }
}
