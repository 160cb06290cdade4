import ArborCore
import ArborEnvironments
import Testing

@testable import ArborModels
@testable import ArborOfflineAgent

/// The greedy offline agent (no search) on MiniWeb's train tasks: it must solve some and fall for traps in others,
/// or search, debate and reflection would have nothing to add. Prints the figure.
@Suite struct OfflineAgentOnMiniWebTests {
    @Test func greedyAgentOnMiniWeb() async throws {
        let web = MiniWeb(seed: 1)
        let agent = OfflineAgent(seed: 1, rambleRate: 0)
        var solved = 0
        var total = 0
        for task in try await web.tasks(.train) {
            total += 1
            var observation = try await web.reset(task)
            var previous: [String] = []
            for step in 0..<8 where !observation.done {
                let context = AgentContext(
                    episode: total, node: NodeID(step), task: task.intent, observation: observation.text,
                    previousActions: previous, actionGrammar: web.actionGrammar)
                let reply = try await agent.propose(context, samples: 1, temperature: 0.01)
                guard let action = reply.value.first?.action, let grounded = web.ground(action) else {
                    previous.append(reply.value.first?.action ?? "?")
                    break
                }
                previous.append(grounded)
                observation = try await web.step(grounded)
            }
            let outcome = try await web.outcome()
            if outcome.success { solved += 1 }
        }
        print("greedy offline agent on MiniWeb train: \(solved)/\(total)")
        #expect(solved > 0)
        #expect(solved < total)
    }
}
