import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// The Children tab shows, under the children, the actions the environment refused and the samples that gave no
/// action, each with why, so a weak model's expansions can be read.
@Suite struct ChildrenTabTests {
    static func library() -> MemoryLibrary {
        let page = Blob("You are in the hall.")
        let refusal = Blob(Observed.refusalMark + "the environment refused dance: 'dance' is not an action here")
        let after = Blob("You go north.")
        let events: [Event] = [
            .runStarted(RunStarted(environment: "text-adventure", model: "small", method: "mcts", seed: 1)),
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "treasure/1", task: "Find the coin and take it.")),
            .observed(
                Observed(episode: 0, node: .root, observation: page.ref, reward: 0, terminal: false, success: nil)),
            .expanded(
                Expanded(
                    episode: 0, parent: .root,
                    children: [
                        ExpandedChild(node: 1, action: "go north", prior: 0.5, count: 2, rationale: nil),
                        ExpandedChild(node: 2, action: "dance", prior: 0.5, count: 2, rationale: nil),
                    ], samples: 7, unparseable: 3,
                    rejected: [
                        RejectedSample(text: "I am not sure what to do.", reason: "no action line", count: 2),
                        RejectedSample(text: "fly", reason: "not an action this state accepts", count: 1),
                    ])),
            .observed(Observed(episode: 0, node: 1, observation: after.ref, reward: 0, terminal: false, success: nil)),
            .observed(
                Observed(episode: 0, node: 2, observation: refusal.ref, reward: 0, terminal: true, success: false)),
        ]
        let records = events.enumerated().map { EventRecord(seq: Int64($0 + 1), time: 0, event: $1) }
        return MemoryLibrary(
            logs: [1: records], texts: .of([page, refusal, after]))
    }

    @Test func refusedActionsAndRejectedSamplesAreShownWithTheirReasons() {
        var session = Session(library: Self.library())
        session.refreshRuns()
        session.perform(.open)
        session.perform(.tab(.children))
        var canvas = Canvas(width: 140, height: 32)
        session.render(into: &canvas, now: 0)
        let pane = Layout(canvas.size).inspector
        let lines = canvas.renderText().dropFirst(pane.y).prefix(pane.height).map { line in
            String(String(line.dropFirst(pane.x).prefix(pane.width)).reversed().drop { $0 == " " }.reversed())
        }
        let below = Array(lines.drop { $0 != "Refused by the environment" })
        #expect(
            Array(below.prefix(7)) == [
                "Refused by the environment",
                "dance — the environment refused dance: 'dance' is not an action here",
                "",
                "Samples that gave no action (3)",
                "2× I am not sure what to do. — no action line",
                "1× fly — not an action this state accepts",
                "",
            ])
    }
}
