import ArborCore
import TerminalKit
import Testing

@testable import ArborTUI

/// The Calls tab lists a node's model calls with tokens, latency and whether the cache answered, what each cost when a
/// price is known, and how many images each sent when some call sent any.
@Suite struct CallsTabTests {
    static func library(costs: [Double?], images: [Int] = []) -> MemoryLibrary {
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
                        tokensOut: 80, latencyMs: 450, cached: i == 1, costUSD: cost,
                        images: images.indices.contains(i) && images[i] > 0
                            ? (0..<images[i]).map {
                                SentImage(image: BlobRef(rawValue: "ab12cd34ef5\($0)9876"), size: 48_213, detail: "low")
                            } : nil)))
        }
        let records = events.enumerated().map { EventRecord(seq: Int64($0 + 1), time: 0, event: $1) }
        return MemoryLibrary(logs: [1: records], texts: .of([page]))
    }

    func inspector(_ library: MemoryLibrary, expand: Bool = false) -> [String] {
        var session = Session(library: library)
        session.refreshRuns()
        session.perform(.open)
        session.perform(.tab(.calls))
        if expand {
            session.perform(.switchPane)
            session.perform(.open)
        }
        var canvas = Canvas(width: 120, height: 32)
        session.render(into: &canvas, now: 0)
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

    @Test func callsThatSentImagesSayHowMany() {
        let lines = inspector(Self.library(costs: [0.0123, nil], images: [2]))
        let table = lines.drop { !$0.hasPrefix("#") }.prefix(3)
        #expect(
            Array(table) == [
                "#  role          in   out img latency  cached    cost",
                "1  policy      1200    80   2   450ms  no     $0.0123",
                "2  judge       1201    80   0   450ms  yes          –",
            ])
        #expect(
            inspector(Self.library(costs: [nil], images: [0])).contains("#  role          in   out latency  cached"))
    }

    @Test func anOpenedCallNamesTheImagesItSent() {
        let lines = inspector(Self.library(costs: [nil], images: [2]), expand: true)
        let prompt = lines.drop { !$0.hasPrefix("Prompt of call 1") }.prefix(5)
        #expect(
            Array(prompt) == [
                "Prompt of call 1",
                "(not recorded)",
                "with image ab12cd34ef50 (48213 bytes, detail low)",
                "with image ab12cd34ef51 (48213 bytes, detail low)",
                "",
            ])
    }
}
