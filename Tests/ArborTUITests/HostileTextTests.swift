import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// Text from models and pages reaches every view that shows it, and none of it reaches the terminal as itself:
/// escapes, C0/C1 controls, bidi overrides and NULs become visible stand-ins.
@Suite struct HostileTextTests {
    static let hostile = "evil\u{1b}[2J\u{1b}]52;c;cGFzdGU=\u{07}\u{9b}31m\u{202e}txt.exe\u{0}\r\u{8}end"

    static func library() throws -> MemoryLibrary {
        let page = Blob("Page \(hostile)\nsecond line \u{1b}[31mred")
        let turn = Blob("I argue \(hostile)")
        let prompt = Blob("Prompt \(hostile)")
        let lesson = Reflection(
            kind: .policy, taskID: "t/1", task: hostile, state: hostile, action: hostile, expected: hostile,
            happened: hostile, lesson: "Lesson \(hostile)", surprise: 0.7)
        let events: [Event] = [
            .runStarted(
                RunStarted(environment: "env \(hostile)", model: "m\u{1b}[5m", method: "rmcts-debate", seed: 1)),
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "t/1", task: "Task \(hostile)")),
            .observed(
                Observed(episode: 0, node: .root, observation: page.ref, reward: 0, terminal: false, success: nil)),
            .expanded(
                Expanded(
                    episode: 0, parent: .root,
                    children: [
                        ExpandedChild(node: 1, action: "click \(hostile)", prior: 1, count: 1, rationale: turn.ref)
                    ],
                    samples: 1, unparseable: 0)),
            .observed(Observed(episode: 0, node: 1, observation: page.ref, reward: 0, terminal: false, success: nil)),
            .debate(
                Debate(
                    episode: 0, node: 1,
                    turns: [
                        DebateTurn(role: .supporter, text: turn.ref), DebateTurn(role: .opponent, text: turn.ref),
                        DebateTurn(role: .judge, text: turn.ref, vote: "B\u{1b}", order: 0),
                    ], value: 0.85)),
            .evaluated(Evaluated(episode: 0, node: 1, value: 0.85, method: .debate)),
            .backedUp(BackedUp(episode: 0, path: [.root, 1], value: 0.85)),
            .modelCall(
                ModelCallRecord(
                    episode: 0, node: 1, role: .judge, model: "m", tokensIn: 1, tokensOut: 1, latencyMs: 1,
                    error: "bad \(hostile)", prompt: prompt.ref, completion: turn.ref)),
            .reflectionsRetrieved(
                ReflectionsRetrieved(episode: 0, node: 1, kind: .policy, ids: [lesson.id], scores: [2])),
            .intervention(Intervention(kind: .exclude, episode: 0, node: 1, author: "eve\u{1b}[0m", note: hostile)),
            .error(ErrorRecord(episode: 0, node: 1, source: .model, message: "boom \(hostile)")),
            .reflectionCreated(ReflectionCreated(episode: 0, reflection: lesson)),
        ]
        let records = events.enumerated().map { EventRecord(seq: Int64($0 + 1), time: 0, event: $1) }
        return MemoryLibrary(
            logs: [1: records], texts: .of([page, turn, prompt]))
    }

    /// No cell of the canvas holds a control, an escape or a bidi override; the stand-ins are there instead.
    func expectSafe(_ canvas: Canvas, _ what: String) {
        let text = canvas.renderText().joined(separator: "\n")
        let unsafe = text.unicodeScalars.filter {
            ($0.value < 0x20 && $0 != "\n") || (0x7f...0x9f).contains($0.value) || (0x202a...0x202e).contains($0.value)
                || (0x2066...0x2069).contains($0.value)
        }
        #expect(unsafe.isEmpty, "\(what) shows raw controls: \(unsafe.map { String($0.value, radix: 16) })")
    }

    @Test(arguments: InspectorTab.allCases) func everyTabShowsHostileTextSafely(_ tab: InspectorTab) throws {
        var session = Session(library: try Self.library())
        session.refreshRuns()
        var canvas = Canvas(width: 160, height: 48)
        session.render(into: &canvas, now: 0)
        expectSafe(canvas, "the runs list")
        session.perform(.open)
        session.move(to: 1)
        session.perform(.tab(tab))
        if tab == .calls {
            session.perform(.switchPane)
            session.perform(.open)
        }
        session.render(into: &canvas, now: 0)
        expectSafe(canvas, "the \(tab.title) tab")
        // The inspector itself (not only the tree beside it) shows the stand-ins.
        let pane = Layout(canvas.size).inspector
        let inspector = canvas.renderText().dropFirst(pane.y).prefix(pane.height).map { line in
            String(line.dropFirst(pane.x).prefix(pane.width))
        }.joined(separator: "\n")
        #expect(inspector.contains("␛["), "escapes are shown, not obeyed, in the \(tab.title) tab")
        if tab == .observation || tab == .debate || tab == .calls {
            #expect(inspector.contains("⟨U+202E⟩"), "the bidi override is named in the \(tab.title) tab")
        }
    }

    @Test func episodesPageAndSearchAreSafe() throws {
        var session = Session(library: try Self.library())
        session.refreshRuns()
        session.perform(.open)
        session.perform(.back)
        var canvas = Canvas(width: 80, height: 24)
        session.render(into: &canvas, now: 0)
        expectSafe(canvas, "the episodes page")
        session.perform(.open)
        session.handle(.character("/"))
        session.handle(.paste("\u{1b}[31m"))
        session.render(into: &canvas, now: 0)
        expectSafe(canvas, "the search prompt")
    }
}
