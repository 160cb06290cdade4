import ArborCore
import Foundation
import Testing

/// A small log built by hand: an episode whose root is expanded into three children, two iterations backed up,
/// and one real step committed.
private func handBuiltLog() -> [Event] {
    let obs = Blob("page").ref
    return [
        .runStarted(RunStarted(environment: "miniweb", model: "offline", method: "mcts", seed: 7)),
        .episodeStarted(EpisodeStarted(episode: 0, taskID: "t/1", task: "Find the red bike")),
        .observed(Observed(episode: 0, node: .root, observation: obs, reward: 0, terminal: false, success: nil)),
        .stepStarted(StepStarted(episode: 0, step: 0, node: .root)),
        .iterationStarted(IterationStarted(episode: 0, step: 0, iteration: 0)),
        .selected(Selected(episode: 0, path: [.root], levels: [])),
        .expanded(
            Expanded(
                episode: 0, parent: .root,
                children: [
                    ExpandedChild(node: 1, action: "click [4]", prior: 0.5, count: 10),
                    ExpandedChild(node: 2, action: "click [5]", prior: 0.3, count: 6),
                    ExpandedChild(node: 3, action: "scroll down", prior: 0.2, count: 4),
                ], samples: 20, unparseable: 0)),
        .evaluated(Evaluated(episode: 0, node: .root, value: 0.2, method: .single, samples: [0.2])),
        .backedUp(BackedUp(episode: 0, path: [.root], value: 0.2)),
        .iterationStarted(IterationStarted(episode: 0, step: 0, iteration: 1)),
        .selected(Selected(episode: 0, path: [.root, 1], levels: [])),
        .observed(Observed(episode: 0, node: 1, observation: obs, reward: 0, terminal: false, success: nil)),
        .evaluated(Evaluated(episode: 0, node: 1, value: 0.8, method: .debate, samples: [0.7, 1.0, 0.7])),
        .debate(Debate(episode: 0, node: 1, turns: [], value: 0.8)),
        .backedUp(BackedUp(episode: 0, path: [.root, 1], value: 0.8)),
        .iterationStarted(IterationStarted(episode: 0, step: 0, iteration: 2)),
        .selected(Selected(episode: 0, path: [.root, 2], levels: [])),
        .evaluated(Evaluated(episode: 0, node: 2, value: -0.2, method: .single)),
        .backedUp(BackedUp(episode: 0, path: [.root, 2], value: -0.2)),
        .actionCommitted(
            ActionCommitted(episode: 0, step: 0, node: 1, action: "click [4]", stopReason: .iterations, iterations: 3)),
        .stepStarted(StepStarted(episode: 0, step: 1, node: 1)),
    ]
}

private func records(_ events: [Event]) -> [EventRecord] {
    events.enumerated().map { EventRecord(seq: Int64($0.offset + 1), time: Double($0.offset), event: $0.element) }
}

@Test func foldGivesExactStatistics() throws {
    let state = try RunState(records(handBuiltLog()))
    let tree = try #require(state.episodes[0])
    #expect(tree.nodes.count == 4)
    #expect(tree.root.visits == 3)
    // The running mean of 0.2, 0.8, -0.2, step by step, as the engine computes it.
    #expect(tree.root.q == 0.5 + (-0.2 - 0.5) / 3)
    #expect(tree[1].visits == 1 && tree[1].q == 0.8 && tree[1].prior == 0.5 && tree[1].sampleCount == 10)
    #expect(tree[2].visits == 1 && tree[2].q == -0.2 && tree[2].value == -0.2)
    #expect(tree[3].visits == 0 && tree[3].q == 0 && tree[3].prior == 0.2)
    #expect(tree[1].debated && tree[1].evaluationMethod == .debate)
    #expect(tree.root.children == [1, 2, 3])
    #expect(tree[3].depth == 1 && tree[3].parent == .root && tree[3].action == "scroll down")
    #expect(tree.committedPath == [.root, 1])
    #expect(tree[1].committed && !tree[2].committed)
    #expect(tree.step == 1 && tree.iteration == 0)
    #expect(state.eventCount == 21 && state.lastSeq == 21 && state.status == .running)
}

@Test func rewindingTheCommittedPathMarksNodesAbandoned() throws {
    var events = handBuiltLog()
    events.append(.stepStarted(StepStarted(episode: 0, step: 1, node: .root)))
    let tree = try #require(try RunState(records(events)).episodes[0])
    #expect(tree.committedPath == [.root])
    #expect(tree[1].abandoned && !tree[1].committed)
    #expect(tree.root.committed && !tree.root.abandoned)
}

@Test func exclusionFollowsInterventions() throws {
    var events = handBuiltLog()
    events.append(.intervention(Intervention(kind: .exclude, episode: 0, node: 2, author: "ada")))
    let excluded = try #require(try RunState(records(events)).episodes[0])
    #expect(excluded[2].excluded && excluded[2].interventions == 1)
    events.append(.intervention(Intervention(kind: .allow, episode: 0, node: 2, author: "ada")))
    events.append(
        .intervention(Intervention(kind: .exclude, episode: 0, node: 3, author: "ada", outcome: "refused: busy")))
    let allowed = try #require(try RunState(records(events)).episodes[0])
    #expect(!allowed[2].excluded && allowed[2].interventions == 2)
    // The refused exclusion is in the episode's list but not on the node: nothing happened there.
    #expect(!allowed[3].excluded && allowed[3].interventions == 0)
    #expect(allowed.interventions.count == 3)
}

@Test func foldRejectsOutOfOrderEvents() throws {
    var log = records(handBuiltLog())
    log.swapAt(4, 5)
    #expect(throws: FoldError.outOfOrder(seq: 5, after: 6)) { try RunState(log) }
    let error = FoldError.outOfOrder(seq: 5, after: 6)
    #expect(error.description == "event 5 comes after event 6: the log is out of order")
}

@Test func foldRejectsUnknownNodesAndEpisodes() throws {
    var events = handBuiltLog()
    events.append(.evaluated(Evaluated(episode: 0, node: 9, value: 1, method: .single)))
    #expect(throws: FoldError.unknownNode(seq: 22, episode: 0, node: 9)) { try RunState(records(events)) }

    events.removeLast()
    events.append(.backedUp(BackedUp(episode: 3, path: [.root], value: 1)))
    #expect(throws: FoldError.unknownEpisode(seq: 22, episode: 3)) { try RunState(records(events)) }

    events.removeLast()
    events.append(.backedUp(BackedUp(episode: 0, path: [.root, 2, 1], value: 1)))
    #expect(throws: FoldError.brokenPath(seq: 22, episode: 0, path: [.root, 2, 1])) { try RunState(records(events)) }

    events.removeLast()
    events.append(
        .expanded(
            Expanded(
                episode: 0, parent: 1, children: [ExpandedChild(node: 7, action: "go_back", prior: 1, count: 1)],
                samples: 1, unparseable: 0)))
    #expect(throws: FoldError.unexpectedChild(seq: 22, episode: 0, node: 7, expected: 4)) {
        try RunState(records(events))
    }
    #expect(
        FoldError.unknownNode(seq: 22, episode: 0, node: 9).description
            == "event 22 names node n9 of episode 0, which does not exist")
}

@Test func foldRejectsEventsBeforeRunStarted() throws {
    let log = [EventRecord(seq: 1, time: 0, event: .runEnded(RunEnded(status: .finished)))]
    #expect(throws: FoldError.beforeRunStarted(seq: 1, kind: .runEnded)) { try RunState(log) }
}

@Test func committingANonChildIsRejected() throws {
    var events = handBuiltLog()
    events.append(
        .actionCommitted(
            ActionCommitted(episode: 0, step: 1, node: 2, action: "click [5]", stopReason: .iterations, iterations: 1)))
    #expect(throws: FoldError.brokenPath(seq: 22, episode: 0, path: [.root, 1, 2])) { try RunState(records(events)) }
}

@Test func foldingIsIncremental() throws {
    let log = records(handBuiltLog())
    var incremental = RunState()
    for record in log { try incremental.apply(record) }
    #expect(incremental == (try RunState(log)))
}

@Test func aLaterAttemptReplacesAnAbandonedOneAndKeepsIt() throws {
    var events = handBuiltLog()
    events.append(
        .episodeStarted(EpisodeStarted(episode: 0, taskID: "t/1", task: "Find the red bike", attempt: 2)))
    events.append(
        .observed(
            Observed(episode: 0, node: .root, observation: Blob("p").ref, reward: 0, terminal: false, success: nil)))
    events.append(
        .episodeEnded(
            EpisodeEnded(episode: 0, success: true, reward: 1, estimatedSuccess: 0.9, steps: 1, reason: .stopped)))
    let state = try RunState(records(events))
    let tree = try #require(state.episodes[0])
    #expect(tree.attempt == 2 && tree.nodes.count == 1 && tree.outcome?.reason == .stopped)
    let abandoned = try #require(state.abandonedAttempts[0])
    #expect(abandoned.map(\.attempt) == [1])
    #expect(abandoned[0].nodes.count == 4 && abandoned[0].committedPath == [.root, 1] && abandoned[0].outcome == nil)
    // A first attempt's payload says nothing of attempts, as before; a later one names its number.
    let first = String(decoding: try events[1].encodedPayload(), as: UTF8.self)
    #expect(first == #"{"episode":0,"task":"Find the red bike","taskID":"t/1"}"#)
    #expect(String(decoding: try events[21].encodedPayload(), as: UTF8.self).contains(#""attempt":2"#))
}

@Test func startingAnEpisodeAgainWithoutALaterAttemptIsRejected() throws {
    var events = handBuiltLog()
    events.append(.episodeStarted(EpisodeStarted(episode: 0, taskID: "t/1", task: "again", attempt: 1)))
    #expect(throws: FoldError.duplicateEpisode(seq: 22, episode: 0)) { try RunState(records(events)) }
}
