/// Device times of repeated runs of some work, from CUDA events, in milliseconds.
public struct CUDATiming: Sendable, CustomStringConvertible {
    /// Each timed repetition, in order.
    public let milliseconds: [Double]

    public init(milliseconds: [Double]) { self.milliseconds = milliseconds }

    /// The median repetition (the number to report).
    public var median: Double {
        let sorted = milliseconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The fastest repetition.
    public var minimum: Double { milliseconds.min() ?? .nan }

    public var description: String {
        "median \(median) ms, min \(minimum) ms over \(milliseconds.count) repetitions"
    }
}

extension CUDAStream {
    /// Times the work that `body(i)` queues on this stream: `warmup` untimed runs, then
    /// `repetitions` runs, each between its own pair of events, so that the median leaves out
    /// outliers. `body` receives the run's index (warm-up runs first), e.g. to rotate among
    /// several input sets so that no run finds its inputs in L2.
    public func time(
        warmup: Int = 3, repetitions: Int = 20, _ body: (_ run: Int) throws -> Void
    ) throws -> CUDATiming {
        guard repetitions > 0, warmup >= 0 else {
            throw CUDAError.invalidArgument("time: \(repetitions) repetitions, \(warmup) warm-up runs")
        }
        for run in 0..<warmup { try body(run) }
        let starts = try (0..<repetitions).map { _ in try CUDAEvent(context: context) }
        let ends = try (0..<repetitions).map { _ in try CUDAEvent(context: context) }
        for index in 0..<repetitions {
            try starts[index].record(on: self)
            try body(warmup + index)
            try ends[index].record(on: self)
        }
        try ends[repetitions - 1].synchronize()
        return CUDATiming(milliseconds: try (0..<repetitions).map { try ends[$0].elapsedMilliseconds(since: starts[$0]) })
    }

    /// Milliseconds per launch back to back: `launches` runs of `body(i)` captured in one CUDA
    /// graph, the graph replayed `replays` times after 2 warm-up replays (each replay between its
    /// own events), the median replay divided by `launches`. Leaves out the per-launch cost that
    /// ``time(warmup:repetitions:_:)`` includes.
    public func timePerLaunchInGraph(launches: Int, replays: Int = 10, _ body: (_ run: Int) throws -> Void) throws -> Double {
        let graph = try CUDAGraph(capturing: self) { for run in 0..<launches { try body(run) } }
        let timing = try time(warmup: 2, repetitions: replays) { _ in try graph.launch(on: self) }
        try synchronize()
        return timing.median / Double(launches)
    }
}
