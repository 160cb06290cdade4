import ArborCore
import Testing

@testable import ArborTUI

/// With several simulations in flight, the tree marks each leaf being expanded and evaluated until its back-up.
@Suite struct InFlightTests {
    @Test func aLeafInFlightIsMarkedUntilItsSimulationIsBackedUp() throws {
        let children = [
            ExpandedChild(node: 1, action: "click [1]", prior: 0.5, count: 1),
            ExpandedChild(node: 2, action: "click [2]", prior: 0.5, count: 1),
        ]
        var events: [Event] = [
            .runStarted(RunStarted(environment: "e", model: "m", method: "mcts", seed: 1)),
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "task")),
            .stepStarted(StepStarted(episode: 0, step: 0, node: .root)),
            .expanded(Expanded(episode: 0, parent: .root, children: children, samples: 2, unparseable: 0)),
            .iterationStarted(IterationStarted(episode: 0, step: 0, iteration: 1, simulation: 1)),
            .selected(Selected(episode: 0, path: [.root, 1], levels: [], simulation: 1)),
            .iterationStarted(IterationStarted(episode: 0, step: 0, iteration: 2, simulation: 2)),
            .selected(Selected(episode: 0, path: [.root, 2], levels: [], simulation: 2)),
            .backedUp(BackedUp(episode: 0, path: [.root, 1], value: 0.5, simulation: 1)),
        ]
        func view() throws -> TreeView {
            let records = events.enumerated().map { EventRecord(seq: Int64($0 + 1), time: 0, event: $1) }
            let tree = try #require(try RunState(records).episodes[0])
            return TreeView(tree: tree, rows: [], cursor: .root, active: nil, focused: true)
        }
        #expect(try view().tree.inFlight == [2])
        #expect(try view().badges(2) == "◌")
        #expect(try view().badges(1) == "")
        events.append(.backedUp(BackedUp(episode: 0, path: [.root, 2], value: 0.5, simulation: 2)))
        #expect(try view().badges(2) == "")
        #expect(try view().tree.inFlight.isEmpty)
    }
}
