import ArborCore
import Foundation

/// Scores a node's children by PUCT or UCT and picks the best, recording every candidate so the choice can be
/// audited in the `selected` event.
public struct ChildSelector: Sendable {
    public var rule: SelectionRule
    /// The exploration constant `c`.
    public var c: Double

    public init(rule: SelectionRule, c: Double) {
        self.rule = rule
        self.c = c
    }

    /// UCT gives an unvisited child this score so it is tried first; infinity would not survive JSON.
    public static let unvisitedUCTScore = Double.greatestFiniteMagnitude

    /// The score of a child with `visits` and mean `q` under a parent visited `parentVisits` times.
    ///
    /// PUCT counts the parent as visited at least once: when statistics start afresh at a real step, the search
    /// root has children but no visits yet, and its priors should still rank them.
    public func score(q: Double, prior: Double, visits: Int, parentVisits: Int) -> Double {
        score(q: q, prior: prior, visits: visits, parentTerm: parentTerm(parentVisits))
    }

    /// The parent's part of every child's score, √N for PUCT and ln N for UCT, worked out once per parent.
    private func parentTerm(_ parentVisits: Int) -> Double {
        let parent = Double(max(parentVisits, 1))
        return rule == .puct ? parent.squareRoot() : log(parent)
    }

    private func score(q: Double, prior: Double, visits: Int, parentTerm: Double) -> Double {
        switch rule {
        case .puct:
            return q + c * prior * parentTerm / Double(1 + visits)
        case .uct:
            guard visits > 0 else { return Self.unvisitedUCTScore }
            return q + c * (parentTerm / Double(visits)).squareRoot()
        }
    }

    /// Every child of `node` that may be selected (excluded ones are skipped), with its score.
    public func candidates(
        of node: NodeID, in tree: SearchTree, statistics: (NodeID) -> VisitStatistics
    ) -> [Candidate] {
        let term = parentTerm(statistics(node).visits)
        let children = tree[node].children
        var candidates: [Candidate] = []
        candidates.reserveCapacity(children.count)
        for id in children {
            guard !tree[id].excluded else { continue }
            let prior = tree[id].prior
            let stats = statistics(id)
            candidates.append(
                Candidate(
                    node: id, visits: stats.visits, q: stats.q, prior: prior,
                    score: score(q: stats.q, prior: prior, visits: stats.visits, parentTerm: term)))
        }
        return candidates
    }

    /// The highest-scoring candidate; ties go to the earliest created child, so selection is deterministic.
    public func choose(_ candidates: [Candidate]) -> Candidate? {
        var best: Candidate?
        for candidate in candidates where best == nil || candidate.score > best!.score {
            best = candidate
        }
        return best
    }
}
