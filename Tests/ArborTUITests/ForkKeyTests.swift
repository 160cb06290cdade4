import ArborCore
import Foundation
import TerminalKit
import Testing

@testable import ArborTUI

/// `F` in a replay: a prompt prefilled with the run's settings, edited, then Enter asks for the fork; the replay
/// waits for it and comes back where it was.
@Suite struct ForkKeyTests {
    func replaySession() async throws -> Session {
        let library = try await RecordedSearch.make()
        var session = Session(library: library)
        session.replay(run: 1)
        session.forkSettings = { "--method \($0.method) --seed \($0.seed)" }
        return session
    }

    func type(_ text: String, into session: inout Session) {
        for ch in text { session.handle(.character(ch)) }
    }

    @Test func fOpensAPromptWithTheSettingsAndEnterAsksForTheFork() async throws {
        var session = try await replaySession()
        let tree = try #require(session.tree)
        let node = try #require(tree.nodes.first { $0.depth == 2 && !$0.terminal })
        session.move(to: node.id)
        session.handle(.character("F"))
        let method = try #require(session.model?.state.started?.method)
        #expect(session.prompt == .command("fork #\(node.id.rawValue) --method \(method) --seed 7"))
        type(" --iterations 3", into: &session)
        let request = ForkRequest(
            run: 1, episode: tree.episode, node: node.id,
            settings: ["--method", method, "--seed", "7", "--iterations", "3"])
        // The fork only: the replay waits for it, it does not end.
        #expect(session.handle(.key(.enter)) == [.fork(request)])
        #expect(
            request.arguments
                == [
                    "--run", "1", "--episode", "\(tree.episode + 1)", "--node", "#\(node.id.rawValue)", "--method",
                    method,
                    "--seed", "7", "--iterations", "3",
                ])
    }

    @Test func escapeCancelsAndATerminalNodeIsRefused() async throws {
        var session = try await replaySession()
        session.handle(.character("F"))
        #expect(session.prompt != nil)
        #expect(session.handle(.key(.escape)) == [])
        #expect(session.prompt == nil)

        let tree = try #require(session.tree)
        if let terminal = tree.nodes.first(where: \.terminal) {
            session.move(to: terminal.id)
            session.handle(.character("F"))
            #expect(session.prompt == nil)
            #expect(
                session.notice
                    == "\(terminal.id) is terminal: a fork from it would have nothing to search; choose a node above it"
            )
        }
        #expect(session.run(command: "fork n99999") == [])
        #expect(session.notice == "no node n99999 in this episode")
    }

    @Test func outsideAReplayFTogglesFollowAndForkIsRefused() async throws {
        let library = try await RecordedSearch.make()
        var session = Session(library: library)
        session.open(run: 1)
        let follow = session.follow
        session.handle(.character("F"))
        #expect(session.follow == !follow)
        session.run(command: "fork")
        #expect(session.notice == "only a replay forks (arbor replay DB, then F on a node)")
    }

    @Test func theReplayComesBackWhereItWasAndSaysHowTheForkWent() async throws {
        var session = try await replaySession()
        session.replay(.backEvent)
        let position = session.timeline?.position
        let tree = try #require(session.tree)
        let node = try #require(tree.nodes.first { $0.depth == 2 && !$0.terminal })
        session.move(to: node.id)
        #expect(session.run(command: "fork").map(\.forkedNode) == [node.id])
        let command = ["/bin/arbor", "fork", "runs.db", "--run", "1"]

        session.forkEnded(.success(.init(status: 0, passedOn: nil, errorOutput: "")), command: command)
        #expect(session.cursor == node.id && session.timeline?.position == position && session.page == .tree)
        #expect(session.notice == "the fork ran; back in the replay (Esc twice lists the runs)")

        let said = "arbor: --iterations takes a number\nUsage: arbor fork <database> [--run <run>]\n"
        session.forkEnded(.success(.init(status: 2, passedOn: nil, errorOutput: said)), command: command)
        #expect(
            session.notice
                == "the fork ended with status 2: Usage: arbor fork <database> [--run <run>]; back in the replay")
        #expect(session.messages.suffix(2).first == "fork: arbor: --iterations takes a number")

        session.forkEnded(.failure(.programNotStarted(path: "/bin/arbor", errno: ENOENT)), command: command)
        #expect(
            session.notice
                == "could not start /bin/arbor: No such file or directory; run it by hand: arbor fork runs.db --run 1")
    }

    @Test func theHelpListsF() {
        let lines = HelpOverlay.lines().map { $0.spans.map(\.text).joined() }
        #expect(lines.contains { $0.hasPrefix("  F") && $0.hasSuffix("fork a new run from here") })
    }
}

/// The runs list says where a fork came from, numbering episodes as the front end does, and only when the file
/// holds a fork.
@Test func theRunsListShowsWhereAForkCameFrom() async throws {
    var library = try await RecordedSearch.make()
    var records = try #require(library.logs[1])
    guard case .runStarted(var started) = records[0].event else {
        Issue.record("the log does not start with runStarted")
        return
    }
    let size = TerminalSize(width: 120, height: 35)
    var single = Session(library: library)
    single.refreshRuns()
    #expect(!renderScreen(&single, size).renderText()[2].contains("from"))
    started.parent = RunOrigin(run: 1, episode: 1, node: NodeID(14))
    records[0].event = .runStarted(started)
    library.logs[2] = records
    var session = Session(library: library)
    session.refreshRuns()
    let lines = renderScreen(&session, size).renderText()
    #expect(lines[2].contains("success  from                      model"), "\(lines[2])")
    #expect(lines[3].hasPrefix("   2  "))
    #expect(lines[3].contains("  fork of run 1 ep 2 n14    offline"), "\(lines[3])")
    #expect(lines[4].contains("  –                         offline"), "\(lines[4])")
}

/// The fork prompt is longer than the status bar at 80 columns: Ctrl-A shows its start, Left and Right move the
/// cursor, typing goes in at the cursor, Ctrl-E goes back to the end.
@Test func theForkPromptShowsItsStartAndTheCursorMoves() async throws {
    var session = Session(library: try await RecordedSearch.make())
    session.replay(run: 1)
    session.forkSettings = { "--method \($0.method) --seed 7 --iterations 6 --samples 10 --value-samples 6 --judge 3" }
    let tree = try #require(session.tree)
    let node = try #require(tree.nodes.first { $0.depth == 2 && !$0.terminal })
    session.move(to: node.id)
    session.handle(.character("F"))
    let size = TerminalSize(width: 80, height: 24)
    func status() -> String { renderScreen(&session, size).renderText().last ?? "" }
    let prefilled = status()
    #expect(prefilled.hasPrefix("…") && prefilled.contains("--judge 3▏"), "\(prefilled)")
    session.handle(.control("a"))
    let start = status()
    #expect(start.hasPrefix(":▏fork #\(node.id.rawValue) --method "), "\(start)")
    #expect(start.trimmingCharacters(in: .whitespaces).hasSuffix("…"), "\(start)")
    for _ in 0..<5 { session.handle(.key(.right)) }
    session.handle(.key(.left))
    for ch in "!" { session.handle(.character(ch)) }
    #expect(status().hasPrefix(":fork!▏ #"), "\(status())")
    session.handle(.key(.backspace))
    session.handle(.control("e"))
    for ch in " --max-steps 4" { session.handle(.character(ch)) }
    #expect(status().contains("--judge 3 --max-steps 4▏"), "\(status())")
    let asked = session.handle(.key(.enter))
    guard case .fork(let request) = asked.first else {
        Issue.record("Enter asked for \(asked), not a fork")
        return
    }
    #expect(request.settings.suffix(2) == ["--max-steps", "4"])
}

extension SessionEffect {
    /// The node a fork starts from, nil for any other effect.
    fileprivate var forkedNode: NodeID? {
        if case .fork(let request) = self { request.node } else { nil }
    }
}
