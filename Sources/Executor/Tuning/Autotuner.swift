import Compiler
import Foundation

/// How one candidate did.
public struct TuningMeasurement<Config: Sendable>: Sendable {
    public var config: Config
    /// Median seconds per call; `.infinity` when the candidate failed.
    public var seconds: Double
    public var compileSeconds: Double
    /// Why it failed to compile or run, if it did.
    public var failure: String?

    public init(config: Config, seconds: Double, compileSeconds: Double, failure: String? = nil) {
        self.config = config
        self.seconds = seconds
        self.compileSeconds = compileSeconds
        self.failure = failure
    }
}

/// What a tuning run found: every candidate's measurement, in candidate order, and the winner.
public struct TuningOutcome<Config: Sendable>: Sendable {
    public var measurements: [TuningMeasurement<Config>]
    /// Index of the fastest candidate that ran; nil when none did.
    public var winnerIndex: Int?
    /// Seconds spent compiling (wall clock, all candidates concurrently) and timing.
    public var compileWallSeconds: Double
    public var timingWallSeconds: Double

    public var winner: TuningMeasurement<Config>? { winnerIndex.map { measurements[$0] } }
    public var failures: [TuningMeasurement<Config>] { measurements.filter { $0.failure != nil } }
}

/// Progress reported while tuning.
public enum TuningProgress: Sendable {
    case compiled(done: Int, of: Int)
    case timed(index: Int, of: Int, seconds: Double)
}

/// The autotuner: a pure function from candidates and a timer to a choice. It knows nothing
/// of kernels, devices or the database.
public enum Autotuner {
    /// Compiles every candidate concurrently on `threads` threads, then times them one after
    /// another (timing concurrently would make them compete for the cores). A candidate
    /// whose `compile` or `time` throws counts as infinitely slow. The fastest wins; ties go
    /// to the earlier candidate.
    public static func tune<Config: Sendable, Compiled>(
        candidates: [Config], threads: Int,
        compile: @Sendable (Config) throws -> Compiled,
        time: (Config, Compiled) throws -> Double,
        progress: @Sendable (TuningProgress) -> Void = { _ in }
    ) -> TuningOutcome<Config> {
        let done = Counter()
        let compileStart = Timing.now()
        let compiled: [(Result<Compiled, any Error>, Double)] = Parallel.map(candidates, threads: threads) { c in
            let start = Timing.now()
            let r = Result { try compile(c) }
            let seconds = Timing.now() - start
            progress(.compiled(done: done.increment(), of: candidates.count))
            return (r, seconds)
        }
        let compileWall = Timing.now() - compileStart
        let timingStart = Timing.now()
        var measurements: [TuningMeasurement<Config>] = []
        for (i, (c, (result, compileSeconds))) in zip(candidates, compiled).enumerated() {
            var m = TuningMeasurement(config: c, seconds: .infinity, compileSeconds: compileSeconds)
            switch result {
            case .failure(let e): m.failure = "compile: \(e)"
            case .success(let k):
                do {
                    let s = try time(c, k)
                    if s.isFinite && s >= 0 { m.seconds = s } else { m.failure = "run: timer returned \(s)" }
                } catch {
                    m.failure = "run: \(error)"
                }
            }
            measurements.append(m)
            progress(.timed(index: i + 1, of: candidates.count, seconds: m.seconds))
        }
        return TuningOutcome(measurements: measurements, winnerIndex: winner(of: measurements.map(\.seconds)),
                             compileWallSeconds: compileWall, timingWallSeconds: Timing.now() - timingStart)
    }

    /// The index of the smallest finite time (the first among equals), or nil.
    public static func winner(of seconds: [Double]) -> Int? {
        var best: Int?
        for (i, s) in seconds.enumerated() where s.isFinite && (best == nil || s < seconds[best!]) { best = i }
        return best
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int { lock.withLock { value += 1; return value } }
    }
}
