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
        for sample in samples {
            guard let raw = sample.action, let action = ground(raw) else {
                unparseable += 1
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
        // A stable sort by count keeps first-proposed order among equals.
        var ranked = distinct.enumerated().map { (offset: $0.offset, proposal: $0.element) }
        ranked.sort { a, b in
            a.proposal.count != b.proposal.count ? a.proposal.count > b.proposal.count : a.offset < b.offset
        }
        let kept = ranked.prefix(max(branching, 0))
        let total = kept.reduce(0) { $0 + $1.proposal.count }
        proposals = kept.map { entry in
            var proposal = entry.proposal
            proposal.prior = Double(proposal.count) / Double(total)
            return proposal
        }
        self.samples = samples.count
        self.unparseable = unparseable
    }
}
