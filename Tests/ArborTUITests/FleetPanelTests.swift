import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// The fleet beside (160 columns) or under (80) the runs list of a store with a queue: the queue's counts and a line per worker.
@Suite(.serialized) struct FleetPanelTests {
    static let fleet = Fleet(
        waiting: 3, running: 2, done: 14, failed: 1,
        workers: [
            FleetWorker(
                id: 1, host: "gpu-a", pid: 4121, claimed: [(run: 1, episode: 4)], heartbeatAge: 0.4, done: 6,
                failures: 0, stopped: false),
            FleetWorker(
                id: 2, host: "gpu-b\u{1b}[2J", pid: 977, claimed: [(run: 1, episode: 5)], heartbeatAge: 31, done: 5,
                failures: 1, stopped: false),
            FleetWorker(
                id: 3, host: "laptop", pid: 30_112, claimed: [], heartbeatAge: 200, done: 3, failures: 0, stopped: true),
        ], timeout: 10)

    @Test func theRunsListShowsTheWorkersAndTheQueueUnderTheRuns() async throws {
        var library = try await RecordedSearch.make()
        library.workers = Self.fleet
        var session = Session(library: library)
        session.refreshRuns()
        for size in ScreenTests.sizes {
            try expectGolden(renderScreen(&session, size), "fleet-\(size.width)x\(size.height)")
        }
        let text = renderScreen(&session, TerminalSize(width: 80, height: 24)).renderText()
        // A host name from the store reaches the screen sanitised, never as a terminal control.
        #expect(text.contains { $0.contains("gpu-b") && !$0.contains("\u{1b}") })
        #expect(text.contains { $0.hasPrefix("queue  waiting 3  running 2  done 14  failed 1") })
    }

    @Test func aStoreWithoutWorkersSaysHowToStartOne() async throws {
        var library = try await RecordedSearch.make()
        library.workers = Fleet(waiting: 2, running: 0, done: 0, failed: 0, workers: [], timeout: 10)
        var session = Session(library: library)
        session.refreshRuns()
        let text = renderScreen(&session, TerminalSize(width: 80, height: 24)).renderText()
        #expect(text.contains { $0.hasPrefix("No workers yet. Start one with `arbor worker --db URL`.") })
    }

    @Test func heartbeatAgesReadAsPeopleSayThem() {
        #expect(FleetPanel.age(0.44) == "0.4s")
        #expect(FleetPanel.age(31) == "31s")
        #expect(FleetPanel.age(185) == "3:05")
    }
}
