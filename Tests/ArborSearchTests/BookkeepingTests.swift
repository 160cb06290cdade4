import ArborCore
import ArborModels
import Testing

@testable import ArborSearch

/// The engine's cheaper bookkeeping must answer exactly as the dictionaries and copies it replaced.
@Suite struct BookkeepingTests {
    @Test func manyDistinctActionsAreGroupedByHashingAndRankedStably() {
        // 20 distinct actions (past the linear-search limit), then repeats of some found only through the index.
        let raw = (0..<20).map { "a\($0)" } + ["a18", "a3", "a18", "a19"]
        let plan = ExpansionPlan(samples: raw.map { PolicySampleFixture.sample($0) }, branching: 4) { $0 }
        #expect(plan.proposals.map(\.action) == ["a18", "a3", "a19", "a0"])
        #expect(plan.proposals.map(\.count) == [3, 2, 2, 1])
        #expect(plan.proposals.map(\.prior) == [0.375, 0.25, 0.25, 0.125])
        #expect(plan.proposals.map(\.rationale) == ["why a18", "why a3", "why a19", "why a0"])
        #expect(plan.samples == 24)
    }

    @Test func rankingMatchesAReferenceGroupingAtEverySize() {
        for distinct in [1, 5, 16, 17, 18, 40] {
            // Counts that collide often, so ties and their order matter.
            let raw = (0..<(distinct * 3)).map { "x\(($0 * 7 + $0 / 5) % distinct)" }
            let plan = ExpansionPlan(samples: raw.map { PolicySampleFixture.sample($0) }, branching: 6) { $0 }
            var order: [String] = []
            var counts: [String: Int] = [:]
            for action in raw {
                if counts[action] == nil { order.append(action) }
                counts[action, default: 0] += 1
            }
            let expected = order.enumerated()
                .sorted { a, b in
                    let (ca, cb) = (counts[a.element, default: 0], counts[b.element, default: 0])
                    return ca != cb ? ca > cb : a.offset < b.offset
                }
                .prefix(6).map(\.element)
            #expect(plan.proposals.map(\.action) == expected, "with \(distinct) distinct actions")
        }
    }

    @Test func nodeIndexedValuesDefaultUntilWrittenAndGrowOnWrite() {
        var attempts = NodeIndexed(absent: 0)
        #expect(attempts[NodeID(700)] == 0)
        attempts[NodeID(700)] = 3
        attempts[NodeID(2)] = 1
        #expect(attempts[NodeID(700)] == 3)
        #expect(attempts[NodeID(2)] == 1)
        #expect(attempts[NodeID(699)] == 0)
        #expect(attempts[NodeID(701)] == 0)
        #expect(attempts[NodeID(-1)] == 0)
    }

    @Test func actionsToANodeAreTheRootPathsActionsOldestFirst() {
        var tree = SearchTree()
        let a = tree.addChild(of: .root, action: "click [1]", prior: 1, count: 1, rationale: nil)
        let b = tree.addChild(of: a, action: "scroll down", prior: 1, count: 1, rationale: nil)
        let c = tree.addChild(of: b, action: "stop [\"4\"]", prior: 1, count: 1, rationale: nil)
        #expect(tree.actions(to: .root) == [])
        #expect(tree.actions(to: c) == ["click [1]", "scroll down", "stop [\"4\"]"])
        tree.record(BackedUp(episode: 0, path: [.root, a, b], value: 0.5))
        tree.record(BackedUp(episode: 0, path: [.root, a], value: 1.0, rewards: [0.25, 0]))
        #expect(tree[.root].stats == VisitStatistics(visits: 2, q: 0.875))
        #expect(tree[a].stats == VisitStatistics(visits: 2, q: 0.75))
        #expect(tree[b].stats == VisitStatistics(visits: 1, q: 0.5))
        #expect(tree[c].stats == VisitStatistics())
    }
}
