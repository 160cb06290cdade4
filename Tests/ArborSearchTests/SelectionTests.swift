import ArborCore
import ArborModels
import Foundation
import Testing

@testable import ArborSearch

@Suite struct SelectionTests {
    /// Root with three children: n1 (P 0.5, N 3, Q 0.4), n2 (P 0.3, N 1, Q 0.9), n3 (P 0.2, unvisited).
    func handBuiltTree() -> (SearchTree, [NodeID: VisitStatistics]) {
        var tree = SearchTree()
        let a = tree.addChild(of: .root, action: "a", prior: 0.5, count: 5, rationale: nil)
        let b = tree.addChild(of: .root, action: "b", prior: 0.3, count: 3, rationale: nil)
        _ = tree.addChild(of: .root, action: "c", prior: 0.2, count: 2, rationale: nil)
        var stats: [NodeID: VisitStatistics] = [.root: VisitStatistics(visits: 4, q: 0.5)]
        stats[a] = VisitStatistics(visits: 3, q: 0.4)
        stats[b] = VisitStatistics(visits: 1, q: 0.9)
        return (tree, stats)
    }

    @Test func puctScoresEveryChild() {
        let (tree, stats) = handBuiltTree()
        let selector = ChildSelector(rule: .puct, c: 1.0)
        let candidates = selector.candidates(of: .root, in: tree) { stats[$0] ?? VisitStatistics() }
        // U = Q + c·P·√N(parent)/(1+N(child)), √4 = 2.
        let expected: [Double] = [0.4 + 0.5 * 2 / 4, 0.9 + 0.3 * 2 / 2, 0 + 0.2 * 2 / 1]
        #expect(candidates.map(\.score) == expected)
        #expect(candidates.map(\.score) == [0.65, 1.2, 0.4])
        #expect(candidates.map(\.visits) == [3, 1, 0])
        #expect(candidates.map(\.prior) == [0.5, 0.3, 0.2])
        #expect(selector.choose(candidates)?.node == NodeID(2))
    }

    @Test func puctWithLargerExplorationPrefersPriors() {
        let (tree, stats) = handBuiltTree()
        let selector = ChildSelector(rule: .puct, c: 10.0)
        let candidates = selector.candidates(of: .root, in: tree) { stats[$0] ?? VisitStatistics() }
        let expected: [Double] = [0.4 + 10 * 0.5 * 2 / 4, 0.9 + 10 * 0.3 * 2 / 2, 10 * 0.2 * 2]
        #expect(candidates.map(\.score) == expected)
        #expect(selector.choose(candidates)?.node == NodeID(3))
    }

    @Test func uctTriesUnvisitedFirstThenBalances() {
        let (tree, stats) = handBuiltTree()
        let selector = ChildSelector(rule: .uct, c: 1.0)
        let candidates = selector.candidates(of: .root, in: tree) { stats[$0] ?? VisitStatistics() }
        #expect(candidates[0].score == 0.4 + (log(4.0) / 3).squareRoot())
        #expect(candidates[1].score == 0.9 + (log(4.0) / 1).squareRoot())
        #expect(candidates[2].score == Double.greatestFiniteMagnitude)
        #expect(selector.choose(candidates)?.node == NodeID(3))
    }

    @Test func excludedChildrenAreSkippedAndTiesGoToTheEarliest() {
        var (tree, _) = handBuiltTree()
        tree[NodeID(2)].excluded = true
        let selector = ChildSelector(rule: .puct, c: 1.0)
        let candidates = selector.candidates(of: .root, in: tree) { _ in VisitStatistics() }
        #expect(candidates.map(\.node) == [NodeID(1), NodeID(3)])
        let tied = [
            Candidate(node: 5, visits: 0, q: 0, prior: 0.5, score: 0.5),
            Candidate(node: 6, visits: 0, q: 0, prior: 0.5, score: 0.5),
        ]
        #expect(selector.choose(tied)?.node == NodeID(5))
        #expect(selector.choose([]) == nil)
    }

    @Test func unvisitedParentStillRanksByPrior() {
        let selector = ChildSelector(rule: .puct, c: 1.0)
        #expect(selector.score(q: 0, prior: 0.25, visits: 0, parentVisits: 0) == 0.25)
    }
}

@Suite struct ExpansionPlanTests {
    @Test func keepsTheMostFrequentGroundedActionsWithPriors() {
        let raw: [String?] = ["a", "B ", "a", nil, "bad", "c", "b", "a", "d"]
        let samples = raw.map { PolicySampleFixture.sample($0) }
        let plan = ExpansionPlan(samples: samples, branching: 2) { action in
            action == "bad" ? nil : action.trimmingCharacters(in: .whitespaces).lowercased()
        }
        #expect(plan.proposals.map(\.action) == ["a", "b"])
        #expect(plan.proposals.map(\.count) == [3, 2])
        #expect(plan.proposals.map(\.prior) == [0.6, 0.4])
        #expect(plan.proposals.map(\.rationale) == ["why a", "why B "])
        #expect(plan.samples == 9)
        #expect(plan.unparseable == 2)
    }

    @Test func tiesGoToTheActionProposedFirst() {
        let samples = ["x", "y", "y", "x", "z"].map { PolicySampleFixture.sample($0) }
        let plan = ExpansionPlan(samples: samples, branching: 5) { $0 }
        #expect(plan.proposals.map(\.action) == ["x", "y", "z"])
        #expect(plan.proposals.map(\.prior) == [0.4, 0.4, 0.2])
    }

    @Test func allUnparseableGivesNoChildren() {
        let plan = ExpansionPlan(samples: [nil, nil].map { PolicySampleFixture.sample($0) }, branching: 5) { $0 }
        #expect(plan.proposals.isEmpty)
        #expect(plan.unparseable == 2)
    }
}

enum PolicySampleFixture {
    static func sample(_ action: String?) -> PolicySample {
        PolicySample(raw: action ?? "??", action: action, rationale: "why \(action ?? "?")")
    }
}

@Suite struct DebateTallyTests {
    @Test func votesKeepExACTsValuesAndUnreadableAreSkipped() {
        let tally = DebateTally([.a, .e, nil, .c, .b, .d])
        #expect(tally.values == [1.0, -1.0, 0.5, 0.7, -0.2])
        #expect(tally.unreadable == 1)
        let mean: Double = (1.0 - 1.0 + 0.5 + 0.7 - 0.2) / 5
        #expect(tally.value == mean)
    }

    @Test func noReadableVoteIsTheDebateScalesNeutralZero() {
        let tally = DebateTally([nil, nil])
        #expect(tally.values.isEmpty)
        #expect(tally.unreadable == 2)
        #expect(tally.value == 0)
        #expect(SearchMethod.rmctsDebate.valueScale == ValueScale(failure: -1, neutral: 0, success: 1))
        #expect(SearchMethod.rmcts.valueScale == ValueScale(failure: 0, neutral: 0.5, success: 1))
    }
}
