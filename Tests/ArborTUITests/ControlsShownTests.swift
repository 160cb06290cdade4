import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// What a person watching sees of steering: who did what (two controllers told apart in the Notes tab), that the
/// search is held (from the log, as a watcher in another process knows it), and a status line that keeps the
/// steering message whole in a narrow window.
@Suite struct ControlsShownTests {
    /// The recorded search without its `runEnded`, so it reads as a run still being written.
    static func runningSession() async throws -> (Session, last: Int64) {
        let finished = try await RecordedSearch.make()
        var records = try #require(finished.logs[1])
        guard case .runEnded = try #require(records.last).event else {
            Issue.record("the recorded log ends with runEnded")
            return (Session(library: finished), 0)
        }
        records.removeLast()
        var session = Session(library: MemoryLibrary(logs: [1: records], texts: finished.texts))
        session.open(run: 1, live: true)
        return (session, try #require(records.last).seq)
    }

    static func control(
        _ seq: Int64, _ kind: InterventionKind, _ episode: Int, _ node: NodeID?, by author: String,
        _ outcome: String = "done"
    ) -> EventRecord {
        EventRecord(
            seq: seq, time: 1_764_000_100,
            event: .intervention(
                Intervention(kind: kind, episode: episode, node: node, author: author, outcome: outcome)))
    }

    /// The inspector pane's text.
    static func inspector(_ session: inout Session, _ width: Int, _ height: Int) -> [String] {
        var canvas = Canvas(width: width, height: height)
        session.render(into: &canvas, now: 1_764_000_200)
        let pane = Layout(canvas.size).inspector
        return canvas.renderText().dropFirst(pane.y).prefix(pane.height).map { line in
            String(line.dropFirst(pane.x).prefix(pane.width)).trimmingCharacters(in: .whitespaces)
        }
    }

    @Test func twoControllersAreToldApartAndAPauseInTheLogHoldsTheView() async throws {
        var (session, last) = try await Self.runningSession()
        let episode = try #require(session.tree?.episode)
        #expect(session.mode == .live)

        session.receive([
            Self.control(last + 1, .pause, episode, nil, by: "ada"),
            // The engine records a refusal for a node the episode lacks without the node (the fold would reject it).
            Self.control(last + 2, .expand, episode, nil, by: "bo", "refused: episode \(episode + 1) has no node n99"),
            Self.control(last + 3, .exclude, episode, NodeID(1), by: "bo"),
        ])
        #expect(session.mode == .paused, "a watcher sees the pause another controller made")
        #expect(session.notice == "exclude n1 by bo: done")

        session.move(to: .root)
        session.perform(.tab(.notes))
        let notes = Self.inspector(&session, 160, 48)
        let start = try #require(notes.firstIndex(of: "Controls in this episode, newest first (3)"))
        #expect(
            Array(notes[(start + 1)...(start + 3)]) == [
                "bo: exclude n1 — done", "bo: expand — refused: episode \(episode + 1) has no node n99",
                "ada: pause — done",
            ])

        session.receive([Self.control(last + 4, .resume, episode, nil, by: "bo")])
        #expect(session.mode == .live)
    }

    @Test func aFailedFollowStopsTheHeaderSayingLive() async throws {
        var (session, _) = try await Self.runningSession()
        func header(_ session: inout Session) -> String {
            var canvas = Canvas(width: 100, height: 30)
            session.render(into: &canvas, now: 1_764_000_200)
            return canvas.renderText()[0]
        }
        #expect(header(&session).hasSuffix(" ● LIVE"))
        session.followFailed("runs.db: disk I/O error")
        #expect(header(&session).hasSuffix(" NOT FOLLOWING"))
        #expect(session.notice == "stopped following the run: runs.db: disk I/O error")
        session.open(run: 1, live: true)
        #expect(header(&session).hasSuffix(" ● LIVE"), "opening the run again follows it again")
    }

    @Test func aNarrowStatusBarKeepsTheSteeringMessageWhole() async throws {
        var (session, _) = try await Self.runningSession()
        let panel = SteeringPanel()
        panel.update(paused: true, line: "PAUSED · next: expand n4")
        session.steering = panel
        for (width, height) in [(80, 24), (120, 32), (160, 48)] {
            var canvas = Canvas(width: width, height: height)
            session.render(into: &canvas, now: 1_764_000_200)
            let status = try #require(canvas.renderText().last)
            #expect(status.contains("PAUSED · next: expand n4"), "\(width)×\(height): \(status)")
            #expect(status.hasPrefix(" ep 2/2 · step "), "\(width)×\(height): \(status)")
            #expect(status.contains(" · iter "), "\(width)×\(height): \(status)")
        }
        // Wide enough, every figure stays and the hint shows beside the message.
        var canvas = Canvas(width: 160, height: 48)
        session.render(into: &canvas, now: 1_764_000_200)
        let wide = try #require(canvas.renderText().last)
        #expect(wide.contains(" nodes · ") && wide.contains(" calls · ") && wide.contains(" tok · "))
        #expect(wide.hasSuffix("? help  q quit"))
    }
}
