import ArborCore
import ArborModels

/// What a batch of policy samples proposes: distinct grounded actions, most frequent first, with priors.
public struct ExpansionPlan: Sendable, Equatable {
    /// One distinct action: how many samples proposed it, its prior, and the first sample's reasoning.
    public struct Proposal: Sendable, Equatable {
        public var action: String
        public var count: Int
        public var prior: Double
        public var rationale: String
    }

    public var proposals: [Proposal]
    public var samples: Int
    /// Samples with no parseable action, or whose action the environment could not ground.
    public var unparseable: Int
    /// Those samples and why, alike ones counted together, in the order first met.
    public var rejected: [RejectedSample]

    /// Distinct actions up to this many are found by comparing strings; past it, by hashing. An expansion draws
    /// a few dozen samples at most, and comparing a handful of short strings costs less than hashing each one.
    static let linearSearchLimit = 16

    /// Groups `samples` by grounded action and keeps the `branching` most frequent; ties go to the action proposed
    /// first, so the same samples always give the same children. Priors are count over the kept total.
    public init(samples: [PolicySample], branching: Int, ground: (String) -> String?) {
        // Distinct actions in the order first proposed, each with its count and first rationale.
        var distinct: [Proposal] = []
        distinct.reserveCapacity(min(samples.count, Self.linearSearchLimit))
        var index: [String: Int] = [:]
        var unparseable = 0
        var rejected: [RejectedSample] = []
        func reject(_ text: String, _ reason: String) {
            unparseable += 1
            if let same = rejected.firstIndex(where: { $0.text == text && $0.reason == reason }) {
                rejected[same].count += 1
            } else {
                rejected.append(RejectedSample(text: text, reason: reason, count: 1))
            }
        }
        for sample in samples {
            guard let raw = sample.action else {
                let lastLine = sample.raw.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
                reject(String(lastLine.prefix(Self.shownLength)), sample.problem ?? "no action could be read")
                continue
            }
            guard let action = ground(raw) else {
                reject(String(raw.prefix(Self.shownLength)), "not an action this state accepts")
                continue
            }
            let found =
                distinct.count <= Self.linearSearchLimit
                ? distinct.firstIndex { $0.action == action } : index[action]
            if let found {
                distinct[found].count += 1
                continue
            }
            distinct.append(Proposal(action: action, count: 1, prior: 0, rationale: sample.rationale))
            if distinct.count == Self.linearSearchLimit + 1 {
                for (position, proposal) in distinct.enumerated() { index[proposal.action] = position }
            } else if distinct.count > Self.linearSearchLimit + 1 {
                index[action] = distinct.count - 1
            }
        }
        // Most proposed first; a stable sort keeps first-proposed order among equals.
        Self.sortByCount(&distinct)
        distinct.removeLast(max(0, distinct.count - max(branching, 0)))
        let total = distinct.reduce(0) { $0 + $1.count }
        for position in distinct.indices {
            distinct[position].prior = Double(distinct[position].count) / Double(total)
        }
        proposals = distinct
        self.samples = samples.count
        self.unparseable = unparseable
        self.rejected = rejected
    }

    /// How much of a rejected sample's text is kept to show.
    static let shownLength = 120

    /// Sorts `proposals` by count, highest first, equals in their given order. A few distinct actions, usually
    /// already in order, are sorted by insertion in place; many by the standard library with their offsets.
    private static func sortByCount(_ proposals: inout [Proposal]) {
        guard proposals.count > linearSearchLimit else {
            for position in proposals.indices.dropFirst() {
                var place = position
                while place > 0, proposals[place - 1].count < proposals[place].count {
                    proposals.swapAt(place - 1, place)
                    place -= 1
                }
            }
            return
        }
        proposals = proposals.enumerated()
            .sorted { a, b in
                a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
            }
            .map(\.element)
    }
}
