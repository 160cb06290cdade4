import ArborCore
import ArborModels
import Testing

@testable import ArborSearch

/// Learning without labels: reflection takes the agent's own estimate of success unless the run asks for the
/// environment's check.
@Suite struct SuccessSourceTests {
    /// Right to cell 1, then stop there: the value agent rates every state from cell 1 on at 0.6, so the committed
    /// actions' mean Q is 0.6, below the estimate's 0.7. The goal is cell 3: an honest check says the episode failed.
    static func agent() -> ScriptedAgent {
        ScriptedAgent(
            policy: { context in
                (ScriptedAgent.cell(context) >= 1 ? ["stop", "stop", "stop"] : ["right", "right", "right"])
                    + ["left", "left"]
            },
            value: { context in ScriptedAgent.cell(context) >= 1 ? [0.6] : [0.0] })
    }

    struct Episode {
        var ended: EpisodeEnded
        var lessons: [Reflection]
        var requests: [ReflectionRequest]
        var events: [Event]
    }

    /// One episode whose environment's check reports `checkSays` (nil: the truth).
    func episode(_ source: SuccessSource?, checkSays: Bool?) async -> Episode {
        var config = smallConfig(.rmcts, iterations: 2, maxSteps: 2)
        config.terminalVerdict = .evaluator
        if let source { config.reflection.successSource = source }
        let sink = runSink(config)
        let environment = NumberLine(goal: 3)
        environment.checkSays = checkSays
        let agent = Self.agent()
        let ended = await makeRunner(config, sink: sink, environment: environment, agent: agent).run()
        let lessons = sink.events.compactMap { if case .reflectionCreated(let e) = $0 { e.reflection } else { nil } }
        return Episode(ended: ended, lessons: lessons, requests: agent.reflectionRequests, events: sink.events)
    }

    @Test func byDefaultTheCheckNeverReachesReflection() async throws {
        let honest = await episode(nil, checkSays: nil)
        let lying = await episode(nil, checkSays: true)
        // The record keeps both verdicts: the check (read once, at the end) and the agent's own estimate.
        #expect(honest.ended.success == false)
        #expect(lying.ended.success == true)
        #expect(honest.ended.estimate == SuccessEstimate(meanQ: 0.6, succeeded: false))
        #expect(lying.ended.estimate == honest.ended.estimate)
        #expect(honest.ended.reason == .stopped)
        // Whatever the check says, reflection learns the same lessons, from the estimate: the final stop was
        // expected to be worth 0.6 and the episode, by the agent's own judgement, failed.
        #expect(honest.lessons.map(\.kind) == [.policy, .value])
        #expect(honest.lessons.map(\.action) == ["stop", "stop"])
        #expect(honest.lessons.map(\.surprise) == [0.6, 0.6])
        #expect(honest.requests.map(\.episodeSucceeded) == [false, false])
        #expect(honest.requests.map(\.nextValue) == [0, 0])
        #expect(lying.requests == honest.requests)
        #expect(lying.lessons.map(\.lesson) == honest.lessons.map(\.lesson))
        // And the check is read only after the last lesson: the first event that carries it comes later.
        for run in [honest, lying] {
            let lastLesson = try #require(run.events.lastIndex { $0.kind == .reflectionCreated })
            let firstVerdict = try #require(
                run.events.firstIndex { if case .observed(let e) = $0 { e.success != nil } else { false } })
            #expect(lastLesson < firstVerdict)
        }
    }

    @Test func reflectingOnTheOutcomeLearnsFromTheCheck() async throws {
        let honest = await episode(.outcome, checkSays: nil)
        let lying = await episode(.outcome, checkSays: true)
        #expect(honest.lessons.map(\.action) == ["stop", "stop"])
        #expect(honest.requests.map(\.episodeSucceeded) == [false, false])
        // A check that says success turns the final step from a disappointment (0.6 → 0) into no surprise
        // (0.6 → 1, below the 0.5 threshold): no lesson at all.
        #expect(lying.lessons.isEmpty)
        #expect(lying.ended.estimate == SuccessEstimate(meanQ: 0.6, succeeded: false))
    }

    @Test func theEstimateIsTheMeanQOfTheSearchedCommitsAboveTheThreshold() async throws {
        var config = smallConfig(.rmcts, iterations: 2, maxSteps: 2)
        config.terminalVerdict = .evaluator
        config.reflection.successThreshold = 0.5
        let sink = runSink(config)
        let runner = makeRunner(config, sink: sink, environment: NumberLine(goal: 3), agent: Self.agent())
        let ended = await runner.run()
        #expect(ended.estimate == SuccessEstimate(meanQ: 0.6, succeeded: true))
        // Above 0.5 the episode counts as a success, so the final stop (0.6 → 1) surprises no one.
        #expect(sink.events(.reflectionCreated).isEmpty)
        try expectFoldMatches(runner, sink)
        #expect(try fold(sink).outcome?.estimate == ended.estimate)
    }

    @Test func theRunsConfigurationRecordsWhichSourceReflectionUsed() {
        var config = SearchConfig()
        #expect(config.flattened["reflection.successSource"] == "estimate")
        #expect(config.flattened["reflection.successThreshold"] == "0.7")
        config.reflection.successSource = .outcome
        #expect(config.flattened["reflection.successSource"] == "outcome")
    }
}
