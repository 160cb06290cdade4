/// Every number the engine uses. Defaults follow the paper's VisualWebArena code.
public struct SearchConfig: Sendable, Codable, Equatable {
    public var method: SearchMethod = .rmctsDebate
    /// The exploration constant `c` of PUCT and UCT.
    public var cPuct: Double = 1.0
    public var selection: SelectionRule = .puct
    /// Policy samples drawn per expansion.
    public var samples: Int = 20
    public var temperature: Double = 1.0
    /// Children kept per expansion: the most frequently proposed distinct actions.
    public var branching: Int = 5
    /// Expansions a node may have in all: a node whose expansions gave no child the environment accepts (no sample
    /// parsed, or every action was refused) is asked again, up to this many times, instead of ending the search.
    public var maxExpansions: Int = 3
    public var iterationsPerStep: Int = 20
    /// Seconds of search per real step; nil for no limit.
    public var wallClockPerStep: Double? = nil
    public var maxSteps: Int = 5
    /// Tokens (in plus out) an episode may spend on model calls; nil for no limit.
    public var tokenBudget: Int? = nil
    /// Judgements sampled by the single-agent value.
    public var valueSamples: Int = 20
    /// Judge samples per argument order in the debate (so twice this many votes in all).
    public var judgeSamplesPerOrder: Int = 3
    /// A leaf valued at least this much ends the step's search and commits its whole path.
    public var successValue: Double = 1.0
    /// Keep visit statistics from one real step's search to the next (the paper searches afresh).
    public var carryStatistics: Bool = false
    /// Who values a terminal node during the search. The paper's agent never sees the benchmark's check while it
    /// searches (`evaluator`: the value function or the debate judges the final answer, and the check is read once,
    /// when the episode ends); `environment` asks the check at every terminal, for environments whose reward is
    /// part of what an agent observes (games, puzzles, MiniWoB): a success is worth ``successValue``, any other
    /// terminal the method's failure value, raised by its reward r when 0 < r < 1 (partial credit) to
    /// failure + r·(``successValue`` − failure) on the method's ``ValueScale``.
    public var terminalVerdict: TerminalVerdict = .evaluator
    /// ExACT's in-search horizon: a node the search reaches at depth `maxSteps` (other than a `stop`) is a dead end
    /// valued 0, since the episode could not go on from it; off, only committed steps count against the limit.
    public var searchHorizon = true
    /// ExACT's `repeating_action_failure_th`: a path whose last `repeatLimit` actions are one action repeated, or that
    /// types the same text this many times, is a dead end valued 0 in the search and ends the episode when committed;
    /// 0 for no limit.
    public var repeatLimit = 5
    /// ExACT ends the episode once the search commits a path whose leaf was valued at `successValue`; off, the search
    /// goes on from that leaf while real steps remain.
    public var endOnSuccessPath = true
    /// How much the rewards an environment reports at non-terminal steps count in the search: each node's backed-up
    /// value is the leaf's value plus this times the step rewards from the node down to the leaf. 0 (ExACT: its search
    /// drops the reward `step` returns; VisualWebArena rewards only the end) records them on the steps and nothing
    /// more; 1 adds them as they are, for environments with shaped rewards on the value's scale.
    public var stepRewardWeight: Double = 0
    /// Simulations in flight at once within a step (K): each selection puts a virtual loss on its path so the next
    /// one spreads elsewhere, and their model calls run concurrently. 1 is the paper's one-at-a-time search.
    public var simulations = 1
    /// How many instances of an environment without snapshots parallel simulations may hold at once (each in-flight
    /// simulation leases one); nil for one per simulation (K). 1 lets the episode's own environment serve every
    /// simulation in turn.
    public var environments: Int?
    public var reflection = ReflectionConfig()

    public init() {}

    public init(method: SearchMethod) {
        self.method = method
    }

    /// The configuration as names and values, for ``ArborCore/RunStarted/config``.
    public var flattened: [String: String] {
        var result: [String: String] = [
            "method": method.rawValue,
            "cPuct": "\(cPuct)",
            "selection": selection.rawValue,
            "samples": "\(samples)",
            "temperature": "\(temperature)",
            "branching": "\(branching)",
            "maxExpansions": "\(maxExpansions)",
            "iterationsPerStep": "\(iterationsPerStep)",
            "wallClockPerStep": wallClockPerStep.map { "\($0)" } ?? "none",
            "maxSteps": "\(maxSteps)",
            "tokenBudget": tokenBudget.map { "\($0)" } ?? "none",
            "valueSamples": "\(valueSamples)",
            "judgeSamplesPerOrder": "\(judgeSamplesPerOrder)",
            "successValue": "\(successValue)",
            "carryStatistics": "\(carryStatistics)",
            "terminalVerdict": terminalVerdict.rawValue,
            "searchHorizon": "\(searchHorizon)",
            "repeatLimit": "\(repeatLimit)",
            "endOnSuccessPath": "\(endOnSuccessPath)",
        ]
        // Recorded only when set, so the configuration of a run that ignores step rewards reads as before.
        if stepRewardWeight != 0 { result["stepRewardWeight"] = "\(stepRewardWeight)" }
        // Recorded only when more than one, so a one-at-a-time run's log is the same bytes as before the option existed.
        if simulations > 1 { result["simulations"] = "\(simulations)" }
        if let environments { result["environments"] = "\(environments)" }
        for (key, value) in reflection.flattened { result["reflection.\(key)"] = value }
        return result
    }

    private enum CodingKeys: String, CodingKey {
        case method, cPuct, selection, samples, temperature, branching, iterationsPerStep, wallClockPerStep
        case maxSteps, tokenBudget, valueSamples, judgeSamplesPerOrder, successValue, carryStatistics, reflection
        case terminalVerdict, searchHorizon, repeatLimit, endOnSuccessPath, maxExpansions, stepRewardWeight, simulations
        case environments
    }

    /// Missing keys take their defaults, so a configuration file names only what it changes.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = SearchConfig()
        method = try c.decodeIfPresent(SearchMethod.self, forKey: .method) ?? d.method
        cPuct = try c.decodeIfPresent(Double.self, forKey: .cPuct) ?? d.cPuct
        selection = try c.decodeIfPresent(SelectionRule.self, forKey: .selection) ?? d.selection
        samples = try c.decodeIfPresent(Int.self, forKey: .samples) ?? d.samples
        temperature = try c.decodeIfPresent(Double.self, forKey: .temperature) ?? d.temperature
        branching = try c.decodeIfPresent(Int.self, forKey: .branching) ?? d.branching
        maxExpansions = try c.decodeIfPresent(Int.self, forKey: .maxExpansions) ?? d.maxExpansions
        iterationsPerStep = try c.decodeIfPresent(Int.self, forKey: .iterationsPerStep) ?? d.iterationsPerStep
        wallClockPerStep = try c.decodeIfPresent(Double.self, forKey: .wallClockPerStep)
        maxSteps = try c.decodeIfPresent(Int.self, forKey: .maxSteps) ?? d.maxSteps
        tokenBudget = try c.decodeIfPresent(Int.self, forKey: .tokenBudget)
        valueSamples = try c.decodeIfPresent(Int.self, forKey: .valueSamples) ?? d.valueSamples
        judgeSamplesPerOrder = try c.decodeIfPresent(Int.self, forKey: .judgeSamplesPerOrder) ?? d.judgeSamplesPerOrder
        successValue = try c.decodeIfPresent(Double.self, forKey: .successValue) ?? d.successValue
        carryStatistics = try c.decodeIfPresent(Bool.self, forKey: .carryStatistics) ?? d.carryStatistics
        reflection = try c.decodeIfPresent(ReflectionConfig.self, forKey: .reflection) ?? d.reflection
        terminalVerdict = try c.decodeIfPresent(TerminalVerdict.self, forKey: .terminalVerdict) ?? d.terminalVerdict
        searchHorizon = try c.decodeIfPresent(Bool.self, forKey: .searchHorizon) ?? d.searchHorizon
        repeatLimit = try c.decodeIfPresent(Int.self, forKey: .repeatLimit) ?? d.repeatLimit
        endOnSuccessPath = try c.decodeIfPresent(Bool.self, forKey: .endOnSuccessPath) ?? d.endOnSuccessPath
        stepRewardWeight = try c.decodeIfPresent(Double.self, forKey: .stepRewardWeight) ?? d.stepRewardWeight
        simulations = try c.decodeIfPresent(Int.self, forKey: .simulations) ?? d.simulations
        environments = try c.decodeIfPresent(Int.self, forKey: .environments)
    }
}

/// Who values a terminal node while the search runs: the agent's own evaluator, or the environment's check.
public enum TerminalVerdict: String, Sendable, Codable, CaseIterable {
    case evaluator, environment
}

/// What reflection takes as the episode's outcome.
public enum SuccessSource: String, Sendable, Codable, CaseIterable {
    /// The agent's own estimate (ExACT's default, `use_gt_success=False`): the mean Q of the committed actions above
    /// ``ReflectionConfig/successThreshold``. The environment's check never reaches reflection.
    case estimate
    /// The environment's success check, read when the episode ends (ExACT's `use_gt_success=True`): learning from
    /// labels.
    case outcome
}

/// How contrastive reflection makes and retrieves lessons.
public struct ReflectionConfig: Sendable, Codable, Equatable {
    /// Where reflection learns whether the episode succeeded.
    public var successSource: SuccessSource = .estimate
    /// The estimate counts an episode a success when the mean Q of its committed actions is above this (ExACT: 0.7,
    /// on the evaluator's own scale, ``ValueScale``).
    public var successThreshold: Double = 0.7
    /// A committed step becomes a lesson only when |V(next) − Q(step)| exceeds this.
    public var surpriseThreshold: Double = 0.5
    public var maxPolicyReflections: Int = 3
    public var maxValueReflections: Int = 1
    /// Lessons injected before each expansion.
    public var policyTopK: Int = 2
    /// Lessons injected before each evaluation.
    public var valueTopK: Int = 1
    /// A lesson is retrieved only when its BM25 score is above this.
    public var relevanceFloor: Double = 1.0
    /// The same for lessons ranked by an embeddings model: the cosine similarity of lesson and state must be above it
    /// (ExACT's `min_retrieval_score`).
    public var similarityFloor: Double = 0.25

    public init() {}

    var flattened: [String: String] {
        [
            "successSource": successSource.rawValue,
            "successThreshold": "\(successThreshold)",
            "surpriseThreshold": "\(surpriseThreshold)",
            "maxPolicyReflections": "\(maxPolicyReflections)",
            "maxValueReflections": "\(maxValueReflections)",
            "policyTopK": "\(policyTopK)",
            "valueTopK": "\(valueTopK)",
            "relevanceFloor": "\(relevanceFloor)",
            "similarityFloor": "\(similarityFloor)",
        ]
    }

    private enum CodingKeys: String, CodingKey {
        case surpriseThreshold, maxPolicyReflections, maxValueReflections, policyTopK, valueTopK, relevanceFloor
        case similarityFloor, successSource, successThreshold
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ReflectionConfig()
        surpriseThreshold = try c.decodeIfPresent(Double.self, forKey: .surpriseThreshold) ?? d.surpriseThreshold
        maxPolicyReflections =
            try c.decodeIfPresent(Int.self, forKey: .maxPolicyReflections) ?? d.maxPolicyReflections
        maxValueReflections = try c.decodeIfPresent(Int.self, forKey: .maxValueReflections) ?? d.maxValueReflections
        policyTopK = try c.decodeIfPresent(Int.self, forKey: .policyTopK) ?? d.policyTopK
        valueTopK = try c.decodeIfPresent(Int.self, forKey: .valueTopK) ?? d.valueTopK
        relevanceFloor = try c.decodeIfPresent(Double.self, forKey: .relevanceFloor) ?? d.relevanceFloor
        similarityFloor = try c.decodeIfPresent(Double.self, forKey: .similarityFloor) ?? d.similarityFloor
        successSource = try c.decodeIfPresent(SuccessSource.self, forKey: .successSource) ?? d.successSource
        successThreshold = try c.decodeIfPresent(Double.self, forKey: .successThreshold) ?? d.successThreshold
    }
}
