import ArborCore
import Testing

@testable import ArborEnvironments

/// Every template's reference solution succeeds through the agent-facing API, and a wrong ending fails.
@Suite struct TemplateSolutionTests {
    static let indices = Array(MiniWeb.trainIndices) + Array(MiniWeb.testIndices)

    /// Plays `steps` through `ground` and `step`, as an agent would, and returns the last observation.
    static func play(_ steps: [ScriptStep], in env: MiniWeb, from start: Observation) async throws -> Observation {
        var observation = start
        for step in steps {
            let action = try #require(
                step.action(on: observation.text), "no element for \(step) on\n\(observation.text)")
            #expect(env.ground(action) == action)
            observation = try await env.step(action)
        }
        return observation
    }

    @Test func thereAreAtLeastFortyTemplatesOnThreeSites() {
        #expect(TaskTemplate.all.count == 41)
        #expect(Set(TaskTemplate.all.map { "\($0.site)/\($0.name)" }).count == 41)
        #expect(Set(TaskTemplate.all.map(\.site)) == Set(MiniWebSite.allCases))
    }

    @Test(arguments: TaskTemplate.all.map { "\($0.site.rawValue)/\($0.name)" })
    func solutionSucceedsAndWrongEndingFails(template: String) async throws {
        let env = MiniWeb(seed: 11)
        for index in Self.indices {
            let id = "\(template)/\(index)"
            let task = try env.makeTask(id)
            #expect(task.solution.count >= 2 && task.solution.count <= 8, "\(id) takes \(task.solution.count) steps")
            let start = try await env.reset(TaskSpec(id: id, intent: task.spec.intent))
            let end = try await Self.play(task.solution, in: env, from: start)
            #expect(end.done)
            #expect(end.reward == 0, "a step never shows the check: \(id)")
            #expect(try await env.outcome() == Outcome(success: true, reward: 1))

            // The same path with a wrong answer, or without its last state change, fails.
            var wrong = Array(task.solution.dropLast())
            if case .answer(let expected) = task.goal {
                wrong.append(.stop(Self.wrongAnswer(expected)))
            } else {
                wrong.removeLast()
                wrong.append(.stop(nil))
            }
            let again = try await env.reset(TaskSpec(id: id, intent: task.spec.intent))
            let failed = try await Self.play(wrong, in: env, from: again)
            #expect(failed.done && failed.reward == 0, "\(id) succeeded with \(wrong)")
            #expect(try await env.outcome() == Outcome(success: false, reward: 0))
        }
    }

    static func wrongAnswer(_ expected: String) -> String {
        if let n = AnswerNormaliser.firstNumber(expected) { return expected.hasPrefix("$") ? "$\(n + 1)" : "\(n + 1)" }
        return expected + " 2"
    }

    @Test func answersAreComparedAfterNormalising() {
        #expect(AnswerNormaliser.matches("$1,200", expected: "$1,200"))
        #expect(AnswerNormaliser.matches("1200 dollars", expected: "$1,200"))
        #expect(AnswerNormaliser.matches(" 'Milofox42'. ", expected: "milofox42"))
        #expect(AnswerNormaliser.matches("4.3 stars", expected: "4.3"))
        #expect(!AnswerNormaliser.matches("4.2", expected: "4.3"))
        #expect(!AnswerNormaliser.matches("milofox4", expected: "milofox42"))
        #expect(!AnswerNormaliser.matches("no idea", expected: "$120"))
    }
}
