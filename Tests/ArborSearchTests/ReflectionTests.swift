import ArborCore
import ArborModels
import Testing

@testable import ArborSearch

@Suite struct ReflectionTests {
    func lesson(_ kind: ReflectionKind, task: String, state: String) -> Reflection {
        Reflection(
            kind: kind, taskID: task, task: task, state: state, action: "click [1]", expected: "", happened: "",
            lesson: "lesson for \(state)", surprise: 0.7)
    }

    @Test func bm25RanksTheCloserStateFirstWithinKindAndAboveTheFloor() {
        let memory = ReflectionMemory([
            lesson(.policy, task: "buy a red bike", state: "shopping cart page with red bike and checkout button"),
            lesson(.policy, task: "post on the forum", state: "forum thread list with reply button"),
            lesson(.value, task: "buy a red bike", state: "shopping cart page with red bike and checkout button"),
        ])
        let query = "buy a blue bike: shopping cart page with blue bike"
        let found = memory.retrieve(kind: .policy, query: query, limit: 2, floor: 0)
        #expect(found.map(\.reflection.task) == ["buy a red bike", "post on the forum"])
        #expect(found[0].score > 1)
        #expect(found[1].score < 1)
        let relevant = memory.retrieve(kind: .policy, query: query, limit: 2, floor: 1)
        #expect(relevant.map(\.reflection.task) == ["buy a red bike"])
        let both = memory.retrieve(kind: .policy, query: "page with button", limit: 5, floor: 0)
        #expect(both.count == 2)
        #expect(memory.retrieve(kind: .policy, query: "page with button", limit: 5, floor: 100).isEmpty)
        #expect(memory.retrieve(kind: .value, query: "red bike", limit: 5, floor: 0).count == 1)
        memory.add(memory.reflections[0])
        #expect(memory.reflections.count == 3)
    }

    @Test func aMemoryReusingAnEarlierOneHoldsAndRanksExactlyWhatAFreshOneWould() {
        let bike = lesson(.policy, task: "buy a red bike", state: "shopping cart page with red bike")
        let forum = lesson(.policy, task: "post on the forum", state: "forum thread list with reply button")
        let cart = lesson(.policy, task: "empty the cart", state: "shopping cart page with checkout button")
        let earlier = ReflectionMemory([forum, bike])
        // Another worker's lesson came first in the store's order; one held earlier is no longer read.
        let lessons = [cart, bike]
        let reused = ReflectionMemory(lessons, reusing: earlier)
        let fresh = ReflectionMemory(lessons)
        #expect(reused.reflections == lessons)
        for query in ["shopping cart page with red bike", "checkout button", "forum reply", "bike"] {
            let found = reused.retrieve(kind: .policy, query: query, limit: 5, floor: 0)
            #expect(found == fresh.retrieve(kind: .policy, query: query, limit: 5, floor: 0))
        }
        #expect(
            reused.retrieve(kind: .policy, query: "cart page", limit: 5, floor: 0).map(\.reflection) == [cart, bike])
    }

    /// Right looks good at cell 1 (0.9) but everything after it is worth 0: a surprise of 0.6 on the first step.
    /// A new agent for each test: the agent remembers every context it is shown, and tests run concurrently, so a
    /// shared one would let one test read the contexts of another.
    static func deceptive() -> ScriptedAgent {
        ScriptedAgent(
            policy: { context in
                (ScriptedAgent.cell(context) >= 1 ? ["stop", "stop", "stop"] : ["right", "right", "right"])
                    + ["left", "left"]
            },
            value: { context in ScriptedAgent.cell(context) >= 1 ? [0.9] : [0.0] })
    }

    @Test func aLessonFromOneTaskIsInjectedInASimilarStateOfAnother() async throws {
        var config = smallConfig(.rmcts, iterations: 2, maxSteps: 2)
        config.reflection.relevanceFloor = 1.0
        let memory = ReflectionMemory()
        let sink = runSink(config)
        let agent = Self.deceptive()
        let first = makeRunner(config, sink: sink, agent: agent, memory: memory, episode: 0)
        let ended = await first.run()
        #expect(ended.reason == .stopped)
        #expect(ended.success == false)
        let made = sink.events.compactMap { if case .reflectionCreated(let e) = $0 { e.reflection } else { nil } }
        #expect(made.map(\.kind) == [.policy, .value])
        #expect(made.map(\.action) == ["right", "right"])
        #expect(abs(made[0].surprise - 0.6) < 1e-12)
        #expect(made[0].state == "You stand at cell 0 of a number line that runs from cell 0 to cell 9.")
        #expect(agent.reflectionRequests.map(\.expectedValue) == [0.9, 0.9])
        #expect(memory.reflections.map(\.id) == made.map(\.id))

        // Another task starts in the same state: the policy lesson reaches the proposal, the value lesson the judge.
        let second = makeRunner(
            config, sink: sink, agent: agent, memory: memory, episode: 1, task: NumberLine.task(4, id: "numberline/4"))
        await second.advance()
        await second.advanceIteration()
        let proposal = try #require(agent.contexts(.policy).last)
        #expect(proposal.episode == 1)
        #expect(proposal.reflections == [made[0]])
        #expect(agent.contexts(.value).last?.reflections == [made[1]])
        let retrieved = sink.events.compactMap {
            if case .reflectionsRetrieved(let e) = $0, e.episode == 1 { e } else { nil }
        }
        #expect(retrieved.map(\.kind) == [.policy, .value])
        #expect(retrieved.map(\.ids) == [[made[0].id], [made[1].id]])
        #expect(retrieved.allSatisfy { $0.scores[0] > 1.0 })
        try expectFoldMatches(second, sink)
        #expect(try fold(sink, episode: 1)[.root].reflectionsUsed == 2)
    }

    /// The episode runs out of steps on a state the search valued 0.9; it failed all the same. Reflecting on the
    /// outcome (learning from labels, `--reflect-on outcome`), reflection takes it as the final step's V(next): a
    /// surprise of 0.9, not 0. (Without the search horizon, so that the search values the last state at all.)
    @Test func anEpisodeThatRanOutOfStepsIsJudgedByItsOutcomeWhenAsked() async throws {
        var config = smallConfig(.rmcts, iterations: 2, maxSteps: 1)
        config.reflection.successSource = .outcome
        config.searchHorizon = false
        let sink = runSink(config)
        let agent = ScriptedAgent(
            policy: { _ in ["right", "right", "right", "left", "left"] },
            value: { context in ScriptedAgent.cell(context) >= 1 ? [0.9] : [0.0] })
        let runner = makeRunner(config, sink: sink, agent: agent)
        let ended = await runner.run()
        #expect(ended.reason == .maxSteps)
        #expect(ended.success == false)
        let made = sink.events.compactMap { if case .reflectionCreated(let e) = $0 { e.reflection } else { nil } }
        #expect(made.map(\.kind) == [.policy, .value])
        #expect(made.map(\.action) == ["right", "right"])
        #expect(made.map(\.surprise) == [0.9, 0.9])
        #expect(agent.reflectionRequests.map(\.expectedValue) == [0.9, 0.9])
        #expect(agent.reflectionRequests.map(\.nextValue) == [0, 0])
    }

    @Test func mctsNeitherRetrievesNorReflects() async throws {
        let memory = ReflectionMemory([
            lesson(.policy, task: NumberLine.task(3).intent, state: "You stand at cell 0 of a number line")
        ])
        let sink = runSink()
        let runner = makeRunner(
            smallConfig(.mcts, iterations: 2, maxSteps: 2), sink: sink, agent: Self.deceptive(),
            memory: memory)
        await runner.run()
        #expect(sink.events(.reflectionsRetrieved).isEmpty)
        #expect(sink.events(.reflectionCreated).isEmpty)
    }
}

@Suite struct RunDriverTests {
    @Test func parallelEpisodesMatchTheirSequentialRuns() async throws {
        let tasks = [NumberLine.task(3), NumberLine.task(2), NumberLine.task(1)]
        func run(parallel: Int) async -> (MemorySink, [EpisodeEnded]) {
            let sink = runSink()
            let driver = RunDriver(
                config: smallConfig(iterations: 4), agent: ScriptedAgent(), sink: sink, parallel: parallel,
                clock: TickingClock(),
                environment: { task in NumberLine(goal: Int(task.id.split(separator: "/")[1]) ?? 3) })
            return (sink, await driver.run(tasks))
        }
        let (parallelSink, parallelEnded) = await run(parallel: 2)
        let (sequentialSink, sequentialEnded) = await run(parallel: 1)
        #expect(parallelEnded == sequentialEnded)
        #expect(parallelEnded.map(\.episode) == [0, 1, 2])
        let state = try RunState(parallelSink.records)
        #expect(state.episodes.keys.sorted() == [0, 1, 2])
        for episode in 0..<3 {
            let mine = try parallelSink.events.filter { $0.episode == episode }.map { try $0.encodedPayload() }
            let theirs = try sequentialSink.events.filter { $0.episode == episode }.map { try $0.encodedPayload() }
            #expect(mine == theirs)
            #expect(state.episodes[episode]?.outcome == parallelEnded[episode])
        }
    }
}
