import Foundation
import Synchronization

/// A persistent team of worker threads for short data-parallel jobs (a GEMV of a decode step
/// takes tens of microseconds, less than waking threads through Dispatch costs). Workers spin
/// on a generation counter for a while after each job, then sleep on a condition variable;
/// the caller takes part as participant 0. One job runs at a time.
public final class ThreadTeam: @unchecked Sendable {
    /// Participants, the calling thread included.
    public let size: Int
    private let generation = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let callerLock = NSLock()
    private let sleepLock = NSCondition()
    private var sleepers = 0
    private var job: ((Int) -> Void)?
    /// Spin iterations before a worker sleeps (a few milliseconds with the yields).
    private let spinLimit = 20_000

    private static let registry = Mutex<[Int: ThreadTeam]>([:])

    /// The process-wide team of `size` participants.
    public static func shared(size: Int) -> ThreadTeam {
        registry.withLock { teams in
            if let t = teams[size] { return t }
            let t = ThreadTeam(size: size)
            teams[size] = t
            return t
        }
    }

    private init(size: Int) {
        self.size = max(1, size)
        for index in 1..<self.size {
            let thread = Thread { [unowned self] in self.work(index) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    private func work(_ index: Int) {
        var seen = 0
        while true {
            var spins = 0
            while generation.load(ordering: .acquiring) == seen {
                spins += 1
                if spins & 63 == 0 { sched_yield() }  // let a preempted participant run
                if spins < spinLimit { continue }
                sleepLock.lock()
                sleepers += 1
                while generation.load(ordering: .acquiring) == seen { sleepLock.wait() }
                sleepers -= 1
                sleepLock.unlock()
            }
            seen = generation.load(ordering: .acquiring)
            job?(index)
            finished.add(1, ordering: .releasing)
        }
    }

    /// Runs `body(participant)` for every participant `0..<size`, on the team's threads and the
    /// caller's, and returns when all have finished. While the team is busy (another caller, or
    /// a job that runs a job), the participants run one after another on the calling thread.
    public func run(_ body: (Int) -> Void) {
        guard size > 1, callerLock.try() else {
            for participant in 0..<size { body(participant) }
            return
        }
        defer { callerLock.unlock() }
        withoutActuallyEscaping(body) { body in
            job = body
            finished.store(0, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            sleepLock.lock()
            if sleepers > 0 { sleepLock.broadcast() }
            sleepLock.unlock()
            body(0)
            var spins = 0
            while finished.load(ordering: .acquiring) < size - 1 {
                spins += 1
                if spins & 63 == 0 { sched_yield() }
            }
            job = nil
        }
    }
}
