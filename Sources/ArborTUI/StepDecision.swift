import ArborCore

/// One committed step as the log shows it at the moment of commit: the candidates the step's search weighed, the
/// rule that picked the committed one, and what the step cost.
///
/// The candidates' N, P and U are those of the last `selected` event that weighed them; the back-ups that followed
/// it before the commit are added to N and Q, so the figures are the ones the commit rule compared — not the tree's
/// figures of today, which later steps keep changing.
public struct StepDecision: Sendable, Equatable {
    public enum Rule: Sendable, Equatable {
        /// The most visited candidate of this step's search.
        case mostVisits
        /// Tied on visits with the runner-up; the higher Q won.
        case tiedVisitsHigherQ
        /// Tied on visits and Q; the higher prior won.
        case tiedVisitsAndQHigherPrior
        /// The search reached a leaf valued as success and committed the whole path to it.
        case successPath
        /// A person committed it (or a fork replayed it), naming who.
        case person(String)
        /// Not the candidate the figures favour (a lock below the committed node or an exclusion steered the step).
        case notTheRulesPick
        /// No selection weighed this node's siblings before the commit.
        case unaudited
    }

    public var step: Int
    /// The committed node the step searched from, and the child it committed.
    public var from: NodeID
    public var chosen: NodeID
    /// Every candidate at commit, best first by the commit rule (visits, then Q, then prior).
    public var candidates: [Candidate]
    public var rule: Rule
    public var stopReason: StopReason
    /// Iterations and model calls the step's search cost; zero for the later steps of a committed success path.
    public var iterations: Int
    public var modelCalls: Int
    /// The iteration whose selection the candidates come from, when one did.
    public var selectionIteration: Int?

    /// The committed candidate's rank by the commit rule (0 = the rule's pick), nil when it was not weighed.
    public var chosenRank: Int? { candidates.firstIndex { $0.node == chosen } }
}

/// Builds every episode's ``StepDecision``s from the log, one event at a time, so live, replay and tests agree.
struct DecisionLog: Sendable {
    /// Per episode, by committed node.
    private(set) var decisions: [Int: [NodeID: StepDecision]] = [:]
    /// Per episode, the node the latest step searched from: the current real state while it runs.
    private(set) var searchRoots: [Int: NodeID] = [:]
    private var steps: [Int: StepInProgress] = [:]

    /// What the current step of an episode has done so far.
    private struct StepInProgress: Sendable {
        var calls = 0
        var iteration = 0
        /// The latest selection, with the back-ups since, per node whose children it weighed.
        var levels: [NodeID: [Candidate]] = [:]
        var selectionIteration: Int?
        var committedBy: String?
        /// Set after the first commit of a step: further commits follow a success path.
        var committed = false
    }

    /// Takes one event; `state` is the fold with the event already applied.
    mutating func apply(_ event: Event, in state: RunState) {
        switch event {
        case .stepStarted(let e):
            steps[e.episode] = StepInProgress()
            searchRoots[e.episode] = e.node
        case .iterationStarted(let e): steps[e.episode, default: StepInProgress()].iteration = e.iteration
        case .modelCall(let e):
            if let episode = e.episode { steps[episode, default: StepInProgress()].calls += 1 }
        case .selected(let e):
            var step = steps[e.episode, default: StepInProgress()]
            step.levels = [:]
            for (node, level) in zip(e.path, e.levels) where !level.isEmpty { step.levels[node] = level }
            step.selectionIteration = step.iteration
            steps[e.episode] = step
        case .backedUp(let e):
            var step = steps[e.episode, default: StepInProgress()]
            for (parent, child) in zip(e.path, e.path.dropFirst()) {
                guard var level = step.levels[parent], let i = level.firstIndex(where: { $0.node == child }) else {
                    continue
                }
                var stats = VisitStatistics(visits: level[i].visits, q: level[i].q)
                stats.record(e.value)
                level[i].visits = stats.visits
                level[i].q = stats.q
                step.levels[parent] = level
            }
            steps[e.episode] = step
        case .intervention(let e):
            if e.kind == .commit, e.outcome == "done", let episode = e.episode {
                steps[episode, default: StepInProgress()].committedBy = e.author
            }
        case .actionCommitted(let e):
            commit(e, from: state.episodes[e.episode]?.parent(of: e.node) ?? .root)
        default: break
        }
    }

    private mutating func commit(_ e: ActionCommitted, from parent: NodeID) {
        var step = steps[e.episode, default: StepInProgress()]
        let level = step.levels[parent]
        let candidates = (level ?? []).sorted(by: Self.ranksBefore)
        let rule: StepDecision.Rule
        if let author = step.committedBy {
            rule = .person(author)
        } else if e.stopReason == .success {
            rule = .successPath
        } else if candidates.isEmpty {
            rule = .unaudited
        } else if candidates[0].node != e.node {
            rule = .notTheRulesPick
        } else if candidates.count > 1, candidates[1].visits == candidates[0].visits {
            rule = candidates[1].q == candidates[0].q ? .tiedVisitsAndQHigherPrior : .tiedVisitsHigherQ
        } else {
            rule = .mostVisits
        }
        let first = !step.committed
        decisions[e.episode, default: [:]][e.node] = StepDecision(
            step: e.step, from: parent, chosen: e.node, candidates: candidates, rule: rule,
            stopReason: e.stopReason, iterations: first ? e.iterations : 0, modelCalls: first ? step.calls : 0,
            selectionIteration: level == nil ? nil : step.selectionIteration)
        step.committed = true
        step.calls = 0
        step.committedBy = nil
        steps[e.episode] = step
    }

    /// The commit rule's order: more visits, then higher Q, then higher prior, then the earlier node.
    static func ranksBefore(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.visits != b.visits { return a.visits > b.visits }
        if a.q != b.q { return a.q > b.q }
        if a.prior != b.prior { return a.prior > b.prior }
        return a.node < b.node
    }
}
