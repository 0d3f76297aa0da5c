/// The GPU checks of the CUDA module, runnable from Swift Testing (`Tests/CUDATests`) and from
/// the static `quantjit-gpu-selftest` binary on the GPU machine, where no Swift runtime exists
/// for a test bundle. Each check draws fresh random inputs and compares the device's result
/// with a CPU computation.
public enum CUDASelfTest {
    /// One check: a name, and a body that returns a one-line detail or throws.
    public struct Check: Sendable, CustomStringConvertible {
        /// A short kebab-case name, e.g. `vector-add`.
        public let name: String
        /// Runs the check in `context`; returns a detail line for the report.
        public let body: @Sendable (CUDAContext) throws -> String
        public var description: String { name }

        public init(_ name: String, _ body: @escaping @Sendable (CUDAContext) throws -> String) {
            self.name = name
            self.body = body
        }
    }

    /// The outcome of one check.
    public struct Outcome: Sendable {
        public let name: String
        public let passed: Bool
        /// The detail line of a pass, or the error of a failure.
        public let detail: String
        public let milliseconds: Double
    }

    /// Every check, in the order the self-test runs them.
    public static let checks: [Check] = [
        Check("device-properties", SelfTestChecks.deviceProperties),
        Check("memory-round-trip", SelfTestChecks.memoryRoundTrip),
        Check("memset", SelfTestChecks.memset),
        Check("vector-add", SelfTestChecks.vectorAdd),
        Check("saxpy-scalar-argument", SelfTestChecks.saxpy),
        Check("grid-2d", SelfTestChecks.grid2D),
        Check("dynamic-shared-memory", SelfTestChecks.blockSum),
        Check("large-dynamic-shared-memory", SelfTestChecks.largeSharedMemory),
        Check("stream-and-event-timing", SelfTestChecks.eventTiming),
        Check("jit-error-log", SelfTestChecks.jitErrorLog),
        Check("missing-function", SelfTestChecks.missingFunction),
        Check("argument-validation", SelfTestChecks.argumentValidation),
        Check("kernel-attributes", SelfTestChecks.kernelAttributes),
        Check("created-context", SelfTestChecks.createdContext),
        Check("pinned-async-copy", SelfTestChecks.pinnedAsyncCopy),
        Check("graph-replay", SelfTestChecks.graphReplay),
        Check("occupancy", SelfTestChecks.occupancy),
    ]

    /// Runs `checks` (all by default) on device `ordinal`'s primary context, calling `report`
    /// after each one. A check that throws fails; the others still run.
    public static func run(
        ordinal: Int = 0, only checks: [Check] = CUDASelfTest.checks, report: (Outcome) -> Void
    ) throws -> [Outcome] {
        let context = try CUDAContext(device: CUDADevice(ordinal: ordinal))
        var outcomes: [Outcome] = []
        let clock = ContinuousClock()
        for check in checks {
            let start = clock.now
            let outcome: Outcome
            do {
                let detail = try check.body(context)
                outcome = Outcome(name: check.name, passed: true, detail: detail,
                                  milliseconds: milliseconds(clock.now - start))
            } catch {
                outcome = Outcome(name: check.name, passed: false, detail: "\(error)",
                                  milliseconds: milliseconds(clock.now - start))
            }
            report(outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e3 + Double(attoseconds) / 1e15
    }
}

/// A self-test expectation that did not hold.
public struct SelfTestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Throws ``SelfTestFailure`` with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw SelfTestFailure(message()) }
}
