import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// The Calls tab lists a node's model calls with tokens, latency and whether the cache answered, and what each cost
/// when a price is known.
@Suite struct CallsTabTests {
    static func library(costs: [Double?]) -> MemoryLibrary {
        let page = Blob("A page")
        var events: [Event] = [
            .runStarted(RunStarted(environment: "miniweb", model: "gpt-x", method: "rmcts", seed: 1)),
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "t/1", task: "Find the price")),
            .observed(
                Observed(episode: 0, node: .root, observation: page.ref, reward: 0, terminal: false, success: nil)),
        ]
        for (i, cost) in costs.enumerated() {
            events.append(
                .modelCall(
                    ModelCallRecord(
                        episode: 0, node: .root, role: i == 0 ? .policy : .judge, model: "gpt-x", tokensIn: 1200 + i,
                        tokensOut: 80, latencyMs: 450, cached: i == 1, costUSD: cost)))
        }
        let records = events.enumerated().map { EventRecord(seq: Int64($0 + 1), time: 0, event: $1) }
        return MemoryLibrary(logs: [1: records], texts: .of([page]))
    }

    func inspector(_ library: MemoryLibrary) -> [String] {
        var session = Session(library: library)
        session.refreshRuns()
        session.perform(.open)
        session.perform(.tab(.calls))
        var canvas = Canvas(width: 120, height: 32)
        Screen.render(&session, into: &canvas, now: 0)
        let pane = Layout(canvas.size).inspector
        return canvas.renderText().dropFirst(pane.y).prefix(pane.height).map { line in
            String(String(line.dropFirst(pane.x).prefix(pane.width)).reversed().drop { $0 == " " }.reversed())
        }
    }

    @Test func pricedCallsShowWhatEachCost() {
        let lines = inspector(Self.library(costs: [0.0123, nil]))
        let table = lines.drop { !$0.hasPrefix("#") }.prefix(3)
        #expect(
            Array(table) == [
                "#  role          in   out latency  cached    cost",
                "1  policy      1200    80   450ms  no     $0.0123",
                "2  judge       1201    80   450ms  yes          –",
            ])
    }

    @Test func unpricedCallsHaveNoCostColumn() {
        let lines = inspector(Self.library(costs: [nil, nil]))
        let table = lines.drop { !$0.hasPrefix("#") }.prefix(3)
        #expect(
            Array(table) == [
                "#  role          in   out latency  cached",
                "1  policy      1200    80   450ms  no",
                "2  judge       1201    80   450ms  yes",
            ])
    }
}
