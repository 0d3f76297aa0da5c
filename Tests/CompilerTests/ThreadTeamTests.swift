import Foundation
import Synchronization
import Testing
@testable import Compiler

@Suite struct ThreadTeamTests {
    @Test func everyParticipantRunsOncePerJob() {
        let team = ThreadTeam.shared(size: 3)
        for _ in 0..<1000 {
            let seen = Mutex<[Int]>([])
            team.run { p in seen.withLock { $0.append(p) } }
            #expect(seen.withLock { $0.sorted() } == [0, 1, 2])
        }
    }

    @Test func nestedAndConcurrentJobsFallBackToTheCaller() async {
        let team = ThreadTeam.shared(size: 2)
        let total = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<100 {
                        team.run { _ in team.run { _ in total.value.add(1, ordering: .relaxed) } }
                    }
                }
            }
        }
        #expect(total.value.load(ordering: .relaxed) == 8 * 100 * 2 * 2)
    }
}

final class Counter: Sendable {
    let value = Atomic<Int>(0)
}
