import ArborCore
import Testing

@testable import ArborTUI

/// A tree built through the fold: root → 1,2,3; 1 → 4,5; 2 → 6. Visits: 2 has the most, then 1, then 3.
private func sampleTree() throws -> EpisodeTree {
    func expand(_ parent: NodeID, _ ids: [Int]) -> Event {
        .expanded(
            Expanded(
                episode: 0, parent: parent,
                children: ids.map { ExpandedChild(node: NodeID($0), action: "a\($0)", prior: 0.5, count: 1) },
                samples: ids.count, unparseable: 0))
    }
    func backup(_ path: [NodeID], _ v: Double) -> Event { .backedUp(BackedUp(episode: 0, path: path, value: v)) }
    let events: [Event] = [
        .runStarted(RunStarted(environment: "e", model: "m", method: "mcts", seed: 0)),
        .episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "t")),
        expand(.root, [1, 2, 3]), expand(1, [4, 5]), expand(2, [6]),
        backup([.root, 2], 0.1), backup([.root, 2, 6], 0.3), backup([.root, 2], 0.2),
        backup([.root, 1, 5], 0.9), backup([.root, 1, 4], 0.1),
    ]
    let state = try RunState(events.enumerated().map { EventRecord(seq: Int64($0 + 1), time: 0, event: $1) })
    return try #require(state.episodes[0])
}

@Test func rowsFollowVisitOrderDepthFirst() throws {
    var outline = TreeOutline()
    outline.update(try sampleTree())
    #expect(outline.rowCount == 7)
    let rows = outline.rows(from: 0, count: 10)
    // 2 (3 visits) before 1 (2 visits) before 3; under 1, node 5 (Q 0.9) before 4 (Q 0.1) at equal visits.
    #expect(rows.map(\.node.rawValue) == [0, 2, 6, 1, 5, 4, 3])
    #expect(rows.map(\.depth) == [0, 1, 2, 1, 2, 2, 1])
    #expect(rows[2].continues == [true] && rows[2].isLastSibling)
    #expect(rows[6].isLastSibling && !rows[6].hasChildren)
}

@Test func rowsFromTheMiddleMatchAFullWalk() throws {
    var outline = TreeOutline()
    outline.update(try sampleTree())
    let all = outline.rows(from: 0, count: 7)
    for start in 0..<7 {
        #expect(outline.rows(from: start, count: 3) == Array(all[start..<min(7, start + 3)]))
    }
    #expect(outline.rows(from: 7, count: 3).isEmpty)
}

@Test func foldingHidesSubtreesAndRowOfUnfolds() throws {
    var outline = TreeOutline()
    outline.update(try sampleTree())
    outline.setFolded(2, true)
    #expect(outline.rowCount == 6)
    #expect(outline.rows(from: 0, count: 10).map(\.node.rawValue) == [0, 2, 1, 5, 4, 3])
    #expect(outline.rows(from: 1, count: 1).first?.isFolded == true)
    // Asking for a hidden node's row unfolds its ancestors.
    #expect(outline.row(of: 6) == 2)
    #expect(!outline.isFolded(2) && outline.rowCount == 7)
    #expect(outline.row(of: 4) == 5)
    #expect(outline.row(of: 99) == nil)
}

@Test func foldBelowDepthShowsTopLevels() throws {
    var outline = TreeOutline()
    outline.update(try sampleTree())
    outline.fold(below: 1)
    #expect(outline.rows(from: 0, count: 10).map(\.node.rawValue) == [0, 2, 1, 3])
    // Leaves cannot be folded.
    outline.setFolded(3, true)
    #expect(!outline.isFolded(3))
}

@Test func foldsKeepTheSameRowsAsCountingAfresh() throws {
    let tree = try sampleTree()
    var outline = TreeOutline()
    outline.update(tree)
    // Each fold updates the counts of the node and its ancestors only; recounting the whole tree must agree.
    func expectRows(_ nodes: [Int]) {
        var fresh = outline
        fresh.update(tree)
        #expect(outline.rowCount == nodes.count && fresh.rowCount == nodes.count)
        #expect(outline.rows(from: 0, count: 10).map(\.node.rawValue) == nodes)
        for start in nodes.indices {
            #expect(outline.rows(from: start, count: 2) == fresh.rows(from: start, count: 2))
        }
    }
    outline.setFolded(1, true)
    expectRows([0, 2, 6, 1, 3])
    outline.setFolded(2, true)
    expectRows([0, 2, 1, 3])
    outline.setFolded(.root, true)
    expectRows([0])
    // Unfolding inside a folded subtree shows nothing yet, and counts once the root opens.
    outline.setFolded(2, false)
    expectRows([0])
    outline.setFolded(.root, false)
    expectRows([0, 2, 6, 1, 3])
    // Folding twice, or unfolding what is open, changes nothing.
    outline.setFolded(1, true)
    outline.setFolded(2, false)
    expectRows([0, 2, 6, 1, 3])
    // Revealing a hidden node unfolds each folded ancestor.
    outline.setFolded(.root, true)
    #expect(outline.row(of: 4) == 5)
    expectRows([0, 2, 6, 1, 5, 4, 3])
}
