import ArborCore
import ArborExport
import Foundation
import Testing

/// A run whose episodes commit the given actions, one task each: every step expands the committed node with the
/// action taken and a decoy, and commits the first.
func plantedRun(_ episodes: [(task: String, actions: [String], success: Bool)]) throws -> RunState {
    var events: [Event] = [.runStarted(RunStarted(environment: "e", model: "m", method: "mcts", seed: 1))]
    for (index, episode) in episodes.enumerated() {
        events.append(.episodeStarted(EpisodeStarted(episode: index, taskID: episode.task, task: "do " + episode.task)))
        var at = NodeID.root
        var next = 1
        for (step, action) in episode.actions.enumerated() {
            events.append(.stepStarted(StepStarted(episode: index, step: step, node: at)))
            let chosen = NodeID(next)
            events.append(
                .expanded(
                    Expanded(
                        episode: index, parent: at,
                        children: [
                            ExpandedChild(node: chosen, action: action, prior: 0.5, count: 1),
                            ExpandedChild(node: NodeID(next + 1), action: "decoy", prior: 0.5, count: 1),
                        ],
                        samples: 2, unparseable: 0)))
            events.append(
                .modelCall(
                    ModelCallRecord(
                        episode: index, node: at, role: .policy, model: "m", tokensIn: 10,
                        tokensOut: 2, latencyMs: 1)))
            events.append(
                .actionCommitted(
                    ActionCommitted(
                        episode: index, step: step, node: chosen, action: action, stopReason: .iterations,
                        iterations: 1)))
            at = chosen
            next += 2
        }
        events.append(
            .episodeEnded(
                EpisodeEnded(
                    episode: index, success: episode.success, reward: episode.success ? 1 : 0,
                    estimatedSuccess: 0.5, steps: episode.actions.count, reason: .stopped)))
    }
    events.append(.runEnded(RunEnded(status: .finished)))
    return try RunState(events.enumerated().map { EventRecord(seq: Int64($0.offset + 1), time: 0, event: $0.element) })
}

@Suite("diff finds where two runs part")
struct RunDiffTests {
    @Test("a divergence planted at step 2 is found, with both actions; equal, shorter and unmatched tasks too")
    func planted() throws {
        let a = try plantedRun([
            ("shop/1", ["click [1]", "type [2] \"bike\"", "click [5]", "stop [\"$4\"]"], true),
            ("forum/2", ["click [3]", "stop [\"yes\"]"], false),
            ("shop/3", ["click [1]"], true),
            ("only/a", ["click [9]"], false),
        ])
        let b = try plantedRun([
            ("forum/2", ["click [3]", "stop [\"yes\"]"], false),
            ("shop/1", ["click [1]", "type [2] \"bike\"", "click [7]"], false),
            ("shop/3", ["click [1]", "click [2]"], true),
            ("only/b", ["scroll down"], true),
        ])
        let diff = RunDiff(a, b)
        #expect(diff.tasks.map(\.taskID) == ["shop/1", "forum/2", "shop/3", "only/a", "only/b"])
        #expect(diff.tasks[0].divergence == Divergence(step: 2, actionA: "click [5]", actionB: "click [7]"))
        #expect(diff.tasks[0].a?.episode == 0)
        #expect(diff.tasks[0].b?.episode == 1)
        #expect(diff.tasks[1].divergence == nil)
        #expect(diff.tasks[2].divergence == Divergence(step: 1, actionA: nil, actionB: "click [2]"))
        #expect(diff.tasks[3].b == nil)
        #expect(diff.tasks[4].a == nil)
        #expect((diff.successesA, diff.episodesA, diff.successesB, diff.episodesB) == (2, 4, 2, 4))
        #expect(diff.tasks[0].a?.modelCalls == 4)
        #expect(
            diff.table(nameA: "a.db:1", nameB: "b.db:2") == """
                A = a.db:1
                B = b.db:2

                TASK     A        B        STEPS A/B  CALLS A/B  FIRST DIVERGENCE
                shop/1   success  failure  4/3        4/3        step 2: click [5] | click [7]
                forum/2  failure  failure  2/2        2/2        same
                shop/3   success  success  1/2        1/2        step 1: (ended) | click [2]
                only/a   failure  -        1/-        1/-        only in A
                only/b   -        success  -/1        -/1        only in B

                successes: A 2/4 · B 2/4

                """)
    }

    @Test("a task that repeats is matched in order")
    func repeated() throws {
        let a = try plantedRun([("t", ["x"], true), ("t", ["y"], false)])
        let b = try plantedRun([("t", ["x"], true), ("t", ["z"], true)])
        let diff = RunDiff(a, b)
        #expect(diff.tasks.map(\.divergence) == [nil, Divergence(step: 0, actionA: "y", actionB: "z")])
    }
}
