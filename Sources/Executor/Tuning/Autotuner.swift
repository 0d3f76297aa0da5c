import Compiler
import Foundation

/// How one candidate did.
public struct TuningMeasurement<Config: Sendable>: Sendable {
    public var config: Config
    /// Median seconds per call over all timed samples; `.infinity` when the candidate failed.
    public var seconds: Double
    public var compileSeconds: Double
    /// Timed calls the median is taken over.
    public var samples: Int
    /// Why it failed to compile, check or run, if it did.
    public var failure: String?

    public init(config: Config, seconds: Double, compileSeconds: Double, samples: Int = 0, failure: String? = nil) {
        self.config = config
        self.seconds = seconds
        self.compileSeconds = compileSeconds
        self.samples = samples
        self.failure = failure
    }
}

/// What a tuning run found: every candidate's measurement, in candidate order, and the winner.
public struct TuningOutcome<Config: Sendable>: Sendable {
    public var measurements: [TuningMeasurement<Config>]
    /// Index of the fastest candidate that ran; nil when none did.
    public var winnerIndex: Int?
    /// Seconds spent compiling (wall clock, all candidates concurrently) and checking + timing.
    public var compileWallSeconds: Double
    public var timingWallSeconds: Double

    public var winner: TuningMeasurement<Config>? { winnerIndex.map { measurements[$0] } }
    public var failures: [TuningMeasurement<Config>] { measurements.filter { $0.failure != nil } }
}

/// Progress reported while tuning.
public enum TuningProgress: Sendable {
    case compiled(done: Int, of: Int)
    case timed(round: Int, of: Int)
}

/// How many rounds of samples to take.
public struct TuningSchedule: Sendable {
    /// Rounds whose samples are discarded (the first calls of fresh code, cold TLBs).
    public var warmupRounds: Int
    /// Rounds whose samples count.
    public var rounds: Int

    public init(warmupRounds: Int = 1, rounds: Int = 10) {
        self.warmupRounds = max(0, warmupRounds)
        self.rounds = max(1, rounds)
    }
}

/// The autotuner: a pure function from candidates and a timer to a choice. It knows nothing
/// of kernels, devices or the database.
public enum Autotuner {
    /// Compiles every candidate concurrently on `threads` threads; checks each (in candidate
    /// order, so a check can compare against the first candidate's results); then samples
    /// them round-robin — every round takes one sample of each candidate still standing — so
    /// a machine whose load drifts during tuning slows every candidate alike. A candidate's
    /// time is the median of all its sampled calls. One whose `compile`, `check` or `sample`
    /// throws counts as infinitely slow. The fastest wins; ties go to the earlier candidate.
    ///
    /// - Parameter sample: times some calls and returns the seconds of each.
    public static func tune<Config: Sendable, Compiled>(
        candidates: [Config], threads: Int, schedule: TuningSchedule = TuningSchedule(),
        compile: @Sendable (Config) throws -> Compiled,
        check: (Config, Compiled) throws -> Void = { _, _ in },
        sample: (Config, Compiled) throws -> [Double],
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
        var measurements = zip(candidates, compiled).map { TuningMeasurement(config: $0, seconds: .infinity, compileSeconds: $1.1) }
        var kernels: [Compiled?] = compiled.map { try? $0.0.get() }
        for (i, (result, _)) in compiled.enumerated() {
            if case .failure(let e) = result { measurements[i].failure = "compile: \(e)"; continue }
            do { try check(candidates[i], kernels[i]!) } catch {
                measurements[i].failure = "check: \(error)"
                kernels[i] = nil
            }
        }
        var times = [[Double]](repeating: [], count: candidates.count)
        let total = schedule.warmupRounds + schedule.rounds
        for round in 0..<total {
            for i in candidates.indices {
                guard let k = kernels[i] else { continue }
                do {
                    let s = try sample(candidates[i], k)
                    guard s.allSatisfy({ $0.isFinite && $0 >= 0 }) else { throw TimerError(seconds: s) }
                    if round >= schedule.warmupRounds { times[i] += s }
                } catch {
                    measurements[i].failure = "run: \(error)"
                    kernels[i] = nil
                }
            }
            progress(.timed(round: round + 1, of: total))
        }
        for i in candidates.indices where kernels[i] != nil && !times[i].isEmpty {
            measurements[i].seconds = Timing.median(times[i])
            measurements[i].samples = times[i].count
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

    struct TimerError: Error, CustomStringConvertible {
        var seconds: [Double]
        var description: String { "the timer returned \(seconds)" }
    }

    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int { lock.withLock { value += 1; return value } }
    }
}
