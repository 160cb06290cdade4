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

    /// Groups `samples` by grounded action and keeps the `branching` most frequent; ties go to the action proposed
    /// first, so the same samples always give the same children. Priors are count over the kept total.
    public init(samples: [PolicySample], branching: Int, ground: (String) -> String?) {
        var order: [String] = []
        var counts: [String: Int] = [:]
        var rationales: [String: String] = [:]
        var unparseable = 0
        for sample in samples {
            guard let raw = sample.action, let action = ground(raw) else {
                unparseable += 1
                continue
            }
            if counts[action] == nil {
                order.append(action)
                rationales[action] = sample.rationale
            }
            counts[action, default: 0] += 1
        }
        let ranked = order.enumerated()
            .sorted { a, b in
                let (ca, cb) = (counts[a.element]!, counts[b.element]!)
                return ca != cb ? ca > cb : a.offset < b.offset
            }
            .prefix(max(branching, 0))
            .map(\.element)
        let total = ranked.reduce(0) { $0 + counts[$1]! }
        proposals = ranked.map { action in
            Proposal(
                action: action, count: counts[action]!, prior: Double(counts[action]!) / Double(total),
                rationale: rationales[action]!)
        }
        self.samples = samples.count
        self.unparseable = unparseable
    }
}
