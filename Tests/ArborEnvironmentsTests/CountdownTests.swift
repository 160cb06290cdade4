import ArborCore
import Testing

@testable import ArborEnvironments

@Suite struct CountdownTests {
    @Test func everyTaskIsSolvedByItsConstruction() async throws {
        let env = Countdown(seed: 9)
        let tasks = try await env.tasks(.train) + env.tasks(.test)
        #expect(tasks.count == 30)
        for task in tasks {
            var observation = try await env.reset(task)
            #expect(!observation.done)
            for move in env.solution {
                #expect(env.ground(move) == move)
                observation = try await env.step(move)
            }
            #expect(observation.done && observation.reward == 1, "\(task.id)\n\(observation.text)")
            #expect(try await env.outcome() == Outcome(success: true, reward: 1))
        }
    }

    @Test func pageGroundingAndInvalidMoves() async throws {
        let env = Countdown(seed: 9)
        let task = try #require(env.taskSpecs(.train).first)
        let start = try await env.reset(task)
        let numbers = try #require(start.text.split(separator: "\n").first).split(separator: " ").dropFirst()
            .compactMap { Int($0) }
        #expect(numbers.count == 4)
        let (a, b) = (numbers[0], numbers[1])
        #expect(env.ground("Combine \(min(a, b))*\(max(a, b))") == "combine \(max(a, b)) * \(min(a, b))")
        #expect(env.ground("combine \(a) x \(b)") == "combine \(max(a, b)) * \(min(a, b))")
        #expect(env.ground("combine 999 + \(a)") == nil)
        #expect(env.ground("combine \(a) plus \(b)") == nil)
        #expect(env.ground("stop") == "stop")
        await #expect(throws: EnvironmentError.self) { try await env.step("combine 999 + 1") }
        let saved = try await env.snapshot()
        let after = try await env.step("combine \(a) + \(b)")
        #expect(after.text.contains("Moves: \(max(a, b)) + \(min(a, b)) = \(a + b)"))
        try await env.restore(saved)
        #expect(try await env.step("stop").done)
        #expect(try await env.outcome() == Outcome(success: false, reward: 0))
        #expect(env.ground("stop") == nil)
    }

    @Test func trainAndTestAreDisjointAndDeterministic() async throws {
        let train = try await Countdown(seed: 4).tasks(.train)
        #expect(train == (try await Countdown(seed: 4).tasks(.train)))
        #expect(Set(train.map(\.id)).isDisjoint(with: try await Countdown(seed: 4).tasks(.test).map(\.id)))
        #expect(train.map(\.intent) != (try await Countdown(seed: 5).tasks(.train)).map(\.intent))
    }
}
