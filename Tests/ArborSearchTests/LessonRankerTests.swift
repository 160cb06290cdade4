import ArborCore
import ArborModels
import Synchronization
import Testing

@testable import ArborSearch

/// A ranker that scores lessons by a fixed table (as an embeddings model would by meaning), or fails.
final class TableRanker: LessonRanker {
    let scores: [String: Double]
    let failure: (any Error)?
    let asked = Mutex<[(pool: [String], floor: Double)]>([])

    init(scores: [String: Double], failure: (any Error)? = nil) {
        self.scores = scores
        self.failure = failure
    }

    struct Down: Error, CustomStringConvertible {
        var description: String { "the embeddings endpoint is down (503 after 3 retries)" }
    }

    func rank(
        _ reflections: [Reflection], query: String, limit: Int, floor: Double, episode: Int?, node: NodeID?
    ) async throws -> AgentReply<[RankedLesson]> {
        asked.withLock { $0.append((reflections.map(\.lesson), floor)) }
        if let failure { throw failure }
        let ranked = reflections.compactMap { r in scores[r.lesson].map { RankedLesson(reflection: r, score: $0) } }
            .filter { $0.score > floor }.sorted { $0.score > $1.score }.prefix(limit)
        let call = ModelCallRecord(
            episode: episode, node: node, role: .embedding, model: "embedder", tokensIn: 7, tokensOut: 0, latencyMs: 1)
        return AgentReply(Array(ranked), calls: [call])
    }
}

/// With a lesson ranker (an embeddings model), it — not BM25 — chooses the lessons an expansion and an evaluation see,
/// its scores are the ones recorded, and its calls are model calls like any other; when it fails, the node gets an
/// error event and BM25 ranks instead.
@Suite struct LessonRankerTests {
    static let state = "You stand at cell 0 of a number line that runs from cell 0 to cell 9."

    func lesson(_ kind: ReflectionKind, _ text: String, state: String) -> Reflection {
        Reflection(
            kind: kind, taskID: "t", task: NumberLine.task(3).intent, state: state, action: "right", expected: "",
            happened: "", lesson: text, surprise: 0.7)
    }

    /// BM25 prefers `close` (it shares the state's words); the ranker prefers `far` and drops `close` below its floor.
    var memory: ReflectionMemory {
        ReflectionMemory([
            lesson(.policy, "close", state: Self.state),
            lesson(.policy, "far", state: "a forum thread"),
            lesson(.value, "judge", state: Self.state),
        ])
    }

    @Test func theRankerChoosesTheLessonsAndItsCallsAreRecorded() async throws {
        let ranker = TableRanker(scores: ["close": 0.2, "far": 0.9, "judge": 0.8])
        let agent = ScriptedAgent(lessonRanker: ranker)
        let config = smallConfig(.rmcts, iterations: 1, maxSteps: 1)
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink, agent: agent, memory: memory)
        await runner.advance()
        await runner.advanceIteration()

        #expect(agent.contexts(.policy).first?.reflections.map(\.lesson) == ["far"])
        #expect(agent.contexts(.value).first?.reflections.map(\.lesson) == ["judge"])
        let retrieved = sink.events.compactMap { if case .reflectionsRetrieved(let e) = $0 { e } else { nil } }
        #expect(retrieved.map(\.kind) == [.policy, .value])
        #expect(retrieved.map(\.scores) == [[0.9], [0.8]])
        #expect(ranker.asked.withLock { $0.map(\.pool) } == [["close", "far"], ["judge"]])
        #expect(ranker.asked.withLock { $0.map(\.floor) } == [0.25, 0.25])
        let embeddings = sink.events.compactMap {
            if case .modelCall(let c) = $0, c.role == .embedding { c } else { nil }
        }
        #expect(embeddings.count == 2)
        #expect(embeddings.map(\.tokensIn) == [7, 7])
        try expectFoldMatches(runner, sink)
    }

    @Test func aFailingRankerIsAnErrorOnTheNodeAndBM25RanksInstead() async throws {
        let ranker = TableRanker(scores: [:], failure: TableRanker.Down())
        let agent = ScriptedAgent(lessonRanker: ranker)
        let config = smallConfig(.rmcts, iterations: 1, maxSteps: 1)
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink, agent: agent, memory: memory)
        await runner.advance()
        await runner.advanceIteration()

        // BM25 ranks the lesson that shares the state's words first.
        #expect(agent.contexts(.policy).first?.reflections.map(\.lesson) == ["close", "far"])
        let errors = sink.events.compactMap { if case .error(let e) = $0 { e } else { nil } }
        #expect(errors.first?.source == .model)
        #expect(errors.first?.node == .root)
        #expect(
            errors.first?.message
                == "ranking lessons by embeddings failed; BM25 ranks them for the rest of this episode: "
                + "the embeddings endpoint is down (503 after 3 retries)")
        // Asked once: the evaluation after it goes straight to BM25, with no second error.
        #expect(ranker.asked.withLock { $0.count } == 1)
        #expect(errors.count == 1)
        #expect(agent.contexts(.value).first?.reflections.map(\.lesson) == ["judge"])
        try expectFoldMatches(runner, sink)
    }
}
