import Foundation
import Kernels

/// One problem to tune: a kernel request and the matmul shape it will run at.
public struct TuningProblem: Hashable, Sendable, CustomStringConvertible {
    public var request: KernelRequest
    /// Activation rows (1 for decode), output features, input features.
    public var m: Int, n: Int, k: Int

    public init(request: KernelRequest, m: Int, n: Int, k: Int) {
        self.request = request
        self.m = m
        self.n = n
        self.k = k
    }

    public var description: String { "\(request), M=\(m) N=\(n) K=\(k)" }
}

/// A finished tuning run (CPU or GPU).
public struct TuningReport: Sendable {
    public var problem: TuningProblem
    public var key: TuningKey
    /// The registry entry that serves the problem.
    public var entry: String
    /// Candidates in measured order (the generator default first) with their variant names.
    public var variantNames: [String]
    public var outcome: TuningOutcome<TileConfig>
    public var defaultConfig: TileConfig
    public var bytesPerCall: Int

    /// The default config's measurement (always candidate 0).
    public var defaultMeasurement: TuningMeasurement<TileConfig> { outcome.measurements[0] }

    /// The record to store, or nil when nothing ran.
    public func record(date: Date = Date()) -> TuningRecord? {
        guard let w = outcome.winner else { return nil }
        let d = defaultMeasurement.seconds
        return TuningRecord(key: key, config: w.config, medianSeconds: w.seconds, defaultSeconds: d.isFinite ? d : nil,
                            problem: "M=\(problem.m) N=\(problem.n) K=\(problem.k)", candidates: outcome.measurements.count,
                            failed: outcome.failures.count, date: ISO8601DateFormatter().string(from: date))
    }
}

