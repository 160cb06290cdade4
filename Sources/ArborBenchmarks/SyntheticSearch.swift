import ArborCore

/// A made-up R-MCTS search that emits a realistic, foldable log without an environment or a model: expansions,
/// selections with every candidate, observations and debate turns as blobs (drawn from a fixed set, so blobs
/// repeat as real pages do), model calls, episode ends and reflections. For benchmarks, crash tests and tests.
public struct SyntheticSearch {
    /// The run this search pretends to be.
    public static func runStarted(seed: UInt64) -> RunStarted {
        RunStarted(
            environment: "synthetic", model: "offline", method: "rmcts-debate", seed: seed,
            config: ["iterations": "20", "branching": "5", "c_puct": "1.0", "max_steps": "5"])
    }

    private var random: SplitMix64
    private let pages: [Blob]
    private let arguments: [Blob]
    private var queue: [(Event, [Blob])] = []
    private var queueIndex = 0

    // The episode being searched.
    private var episode = -1
    private var parents: [NodeID?] = []
    private var children: [[NodeID]] = []
    private var committed: NodeID = .root
    private var step = 0
    private var iteration = 0

    public static let iterationsPerStep = 20
    public static let stepsPerEpisode = 5

    public init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        var pageRandom = SplitMix64(seed: seed ^ 0x5eed)
        pages = (0..<64).map { Blob(Self.page($0, &pageRandom)) }
        arguments = (0..<32).map { i in
            Blob(
                "Argument \(i): the agent " + (i % 2 == 0 ? "is" : "is not") + " closer to the goal, because "
                    + String(repeating: "the page shows the item in the requested colour and price range; ", count: 4))
        }
    }

    /// The next event and the blobs it refers to.
    public mutating func next() -> (event: Event, blobs: [Blob]) {
        if queueIndex == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueIndex = 0
            produce()
        }
        defer { queueIndex += 1 }
        return queue[queueIndex]
    }

    private mutating func emit(_ event: Event, _ blobs: [Blob] = []) { queue.append((event, blobs)) }

    /// Emits the next few events: a whole iteration, or an episode's start or end.
    private mutating func produce() {
        if episode < 0 || step == Self.stepsPerEpisode {
            if episode >= 0 { endEpisode() }
            startEpisode()
            return
        }
        if iteration == 0 {
            emit(.stepStarted(StepStarted(episode: episode, step: step, node: committed)))
        }
        iterate()
        iteration += 1
        if iteration == Self.iterationsPerStep { commitStep() }
    }

    private mutating func startEpisode() {
        episode += 1
        parents = [nil]
        children = [[]]
        committed = .root
        step = 0
        iteration = 0
        emit(
            .episodeStarted(
                EpisodeStarted(
                    episode: episode, taskID: "shopping/cheapest-in-colour/\(episode)",
                    task: "Find the cheapest red bicycle under $200 and add it to the cart.")))
    }

    private mutating func iterate() {
        emit(.iterationStarted(IterationStarted(episode: episode, step: step, iteration: iteration)))
        var path = [committed]
        var levels: [[Candidate]] = []
        while let kids = Optional(children[path.last!.rawValue]), !kids.isEmpty {
            let candidates = kids.map { kid in
                Candidate(
                    node: kid, visits: Int(random.next() % 20), q: random.unit() * 2 - 1, prior: random.unit(),
                    score: random.unit() * 3)
            }
            levels.append(candidates)
            path.append(candidates.max { $0.score < $1.score }!.node)
        }
        emit(.selected(Selected(episode: episode, path: path, levels: levels)))

        let leaf = path.last!
        let first = children.count
        let expandedChildren = (0..<5).map { i in
            ExpandedChild(
                node: NodeID(first + i),
                action: [
                    "click [12]", "type [7] \"red bike\"", "scroll down", "go_back",
                    "click [31]",
                ][i], prior: [0.4, 0.25, 0.15, 0.1, 0.1][i], count: [8, 5, 3, 2, 2][i],
                rationale: i == 0 ? arguments[Int(random.next() % 32)].ref : nil)
        }
        for child in expandedChildren {
            parents.append(leaf)
            children.append([])
            children[leaf.rawValue].append(child.node)
        }
        emit(
            .expanded(Expanded(episode: episode, parent: leaf, children: expandedChildren, samples: 20, unparseable: 1))
        )
        let prompt = pages[Int(random.next() % 64)]
        let completion = arguments[Int(random.next() % 32)]
        emit(
            .modelCall(
                ModelCallRecord(
                    episode: episode, node: leaf, role: .policy, model: "offline", tokensIn: 1800, tokensOut: 60,
                    latencyMs: 412.5, prompt: prompt.ref, completion: completion.ref)), [prompt, completion])

        let child = NodeID(first)
        let page = pages[Int(random.next() % 64)]
        emit(
            .observed(
                Observed(
                    episode: episode, node: child, observation: page.ref, reward: 0, terminal: false, success: nil)),
            [page])
        let value = random.unit() * 2 - 1
        if iteration % 3 == 0 {
            let turns = [DebateRole.supporter, .opponent, .judge, .judge].enumerated().map { i, role in
                DebateTurn(
                    role: role, text: arguments[(i * 7 + Int(random.next() % 32)) % 32].ref,
                    vote: role == .judge ? ["A", "B", "C", "D", "E"][Int(random.next() % 5)] : nil,
                    order: role == .judge ? i - 2 : nil)
            }
            let texts = turns.map { turn in arguments.first { $0.ref == turn.text }! }
            emit(.debate(Debate(episode: episode, node: child, turns: turns, value: value)), texts)
            emit(.evaluated(Evaluated(episode: episode, node: child, value: value, method: .debate, samples: [value])))
        } else {
            emit(
                .evaluated(
                    Evaluated(
                        episode: episode, node: child, value: value, method: .single,
                        samples: [value, value * 0.9, value * 1.1])))
        }
        emit(
            .modelCall(
                ModelCallRecord(
                    episode: episode, node: child, role: .value, model: "offline", tokensIn: 2100, tokensOut: 40,
                    latencyMs: 388, cached: iteration % 4 == 0)))
        emit(.backedUp(BackedUp(episode: episode, path: path + [child], value: value)))
    }

    private mutating func commitStep() {
        let options = children[committed.rawValue]
        let chosen = options[Int(random.next() % UInt64(options.count))]
        emit(
            .actionCommitted(
                ActionCommitted(
                    episode: episode, step: step, node: chosen, action: "click [12]", stopReason: .iterations,
                    iterations: Self.iterationsPerStep)))
        committed = chosen
        step += 1
        iteration = 0
    }

    private mutating func endEpisode() {
        let success = random.next() % 2 == 0
        emit(
            .episodeEnded(
                EpisodeEnded(
                    episode: episode, success: success, reward: success ? 1 : 0, estimatedSuccess: random.unit(),
                    steps: step, reason: .maxSteps)))
        let reflection = Reflection(
            kind: episode % 2 == 0 ? .policy : .value, taskID: "shopping/cheapest-in-colour/\(episode)",
            task: "Find the cheapest red bicycle under $200.", state: "search results, sorted by relevance",
            action: "click [12]", expected: "the cheapest item", happened: "an item at $450",
            lesson: "Sort by price before choosing (episode \(episode)).",
            hint: ReflectionHint(prefer: ["sort"], avoid: ["first result"], valueShift: -0.2), surprise: 0.7)
        emit(.reflectionCreated(ReflectionCreated(episode: episode, reflection: reflection)))
    }

    private static func page(_ index: Int, _ random: inout SplitMix64) -> String {
        var lines = ["RootWebArea 'Classifieds — page \(index)' focused: True"]
        for element in 0..<30 {
            let price = 50 + Int(random.next() % 900)
            lines.append(
                "[\(element + 1)] link 'Bicycle \(index)-\(element), \(["red", "blue", "green"][element % 3]), $\(price)'"
            )
        }
        return lines.joined(separator: "\n")
    }
}
