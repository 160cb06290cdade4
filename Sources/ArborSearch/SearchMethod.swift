/// The search methods the one engine runs, from the ReAct baseline to the paper's full R-MCTS.
public enum SearchMethod: String, Sendable, Codable, CaseIterable {
    /// ReAct-style: one policy call per step, take the most proposed action; no search, no value.
    case greedy
    /// MCTS with a single-agent value and no reflection.
    case mcts
    /// R-MCTS: reflection plus a single-agent value.
    case rmcts
    /// The paper's full method: reflection plus the multi-agent-debate value.
    case rmctsDebate = "rmcts-debate"

    /// Whether steps are chosen by tree search (everything but greedy).
    public var searches: Bool { self != .greedy }
    /// Whether lessons are retrieved before expansion and evaluation and created after each episode.
    public var reflects: Bool { self == .rmcts || self == .rmctsDebate }
    /// Whether nodes are valued by debate rather than by single-agent judgements.
    public var debates: Bool { self == .rmctsDebate }
}

/// The score a selection step ranks children by.
public enum SelectionRule: String, Sendable, Codable, CaseIterable {
    /// `Q + c·P·√N(parent)/(1+N(child))`, the paper's rule.
    case puct
    /// `Q + c·√(ln N(parent)/N(child))`, priors ignored.
    case uct
}
