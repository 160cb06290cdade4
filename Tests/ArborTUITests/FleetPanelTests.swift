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

    @Test func liveWorkersComeFirstAndThoseThatDoNotFitAreCounted() {
        func worker(_ id: Int64, stopped: Bool) -> FleetWorker {
            FleetWorker(
                id: id, host: "h\(id)", pid: Int(id), claimed: [], heartbeatAge: 1, done: 0, failures: 0,
                stopped: stopped)
        }
        /// The panel's lines under its header: a worker's as `ID HOST`, the count line whole.
        func lines(_ workers: [FleetWorker], height: Int) -> [String] {
            var canvas = Canvas(width: FleetPanel.width, height: height)
            FleetPanel(fleet: Fleet(waiting: 0, running: 0, done: 0, failed: 0, workers: workers, timeout: 10))
                .draw(into: &canvas)
            return canvas.renderText().dropFirst(3).map { line in
                let text = line.trimmingCharacters(in: .whitespaces)
                return text.hasPrefix("+") ? text : text.split(separator: " ").prefix(2).joined(separator: " ")
            }
        }
        // Eight workers stopped long ago, then two live ones started today.
        let history =
            (1...8).map { worker($0, stopped: true) } + [worker(9, stopped: false), worker(10, stopped: false)]
        #expect(lines(history, height: 9) == ["9 h9", "10 h10", "8 h8", "7 h7", "6 h6", "+ 5 more workers, stopped"])
        #expect(lines(history, height: 13) == ["9 h9", "10 h10"] + (1...8).reversed().map { "\($0) h\($0)" })
        let mixed = (1...5).map { worker($0, stopped: $0 == 2) }
        #expect(lines(mixed, height: 6) == ["1 h1", "3 h3", "+ 3 more workers, 1 of them stopped"])
        #expect(lines(mixed, height: 7) == ["1 h1", "3 h3", "4 h4", "+ 2 more workers, 1 of them stopped"])
        #expect(lines(Array(mixed.prefix(2)), height: 4) == ["+ 2 more workers, 1 of them stopped"])
    }

    @Test func heartbeatAgesReadAsPeopleSayThem() {
        #expect(FleetPanel.age(0.44) == "0.4s")
        #expect(FleetPanel.age(31) == "31s")
        #expect(FleetPanel.age(185) == "3:05")
    }
}
