#if canImport(Glibc)
import Glibc
#endif

/// Bench settings read from the environment (to narrow a sweep for a short device call).
enum BenchEnvironment {
    /// The value of `name`, or nil when it is not set.
    static func value(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }

    /// The comma-separated config names in `name` (`QUANTJIT_GEMV_CONFIGS=r16w8c1u4pmi,…`), or nil
    /// when it is not set: the sweep then times every candidate.
    static func names(_ name: String) -> Set<String>? { value(name).map { Set($0.split(separator: ",").map(String.init)) } }
}
