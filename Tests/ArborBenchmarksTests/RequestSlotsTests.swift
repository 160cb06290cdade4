import Synchronization
import Testing

@testable import ArborBenchmarks

/// How many requests are being served, the most at once, and how many were served.
private final class Tally: Sendable {
    let counts = Mutex((now: 0, most: 0, served: 0))
}

@Suite struct RequestSlotsTests {
    /// The stand-in server of `arbor bench wall` never serves more requests at once than it has slots, and serves
    /// every one in the end.
    @Test func noMoreRequestsAtOnceThanSlotsAndEveryOneServed() async {
        let slots = RequestSlots(3)
        let tally = Tally()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await slots.acquire()
                    tally.counts.withLock { c in
                        c.now += 1
                        c.most = max(c.most, c.now)
                    }
                    try? await Task.sleep(for: .milliseconds(2))
                    tally.counts.withLock { c in
                        c.now -= 1
                        c.served += 1
                    }
                    await slots.release()
                }
            }
        }
        let final = tally.counts.withLock { $0 }
        #expect(final.most <= 3)
        #expect(final.served == 20)
        #expect(final.now == 0)
    }
}
