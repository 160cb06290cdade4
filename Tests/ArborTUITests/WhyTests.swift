import ArborCore
import ArborSearch
import TerminalKit
import Testing

@testable import ArborTUI

/// The front end answers "why": a decision card for every committed step with its figures at the moment of commit,
/// an end card for every ended episode, the debate's tally, and retrieved lessons with their text and origin.
@Suite(.serialized) struct WhyTests {
    static let sizes = [TerminalSize(width: 80, height: 24), TerminalSize(width: 120, height: 35)]

    /// A step searched from the root over two children in three iterations, committed, then a second step whose
    /// back-ups pass through the committed child.
    static func twoSteps() -> [EventRecord] {
        func c(_ node: NodeID, _ visits: Int, _ q: Double, _ prior: Double, _ score: Double) -> Candidate {
            Candidate(node: node, visits: visits, q: q, prior: prior, score: score)
        }
        let call = Event.modelCall(
            ModelCallRecord(episode: 0, node: .root, role: .policy, model: "m", tokensIn: 1, tokensOut: 1, latencyMs: 0)
        )
        let events: [Event] = [
            .runStarted(RunStarted(environment: "e", model: "m", method: "mcts", seed: 1)),
            .episodeStarted(EpisodeStarted(episode: 0, taskID: "t", task: "task")),
            .stepStarted(StepStarted(episode: 0, step: 0, node: .root)),
            .iterationStarted(IterationStarted(episode: 0, step: 0, iteration: 1)),
            call,
            .expanded(
                Expanded(
                    episode: 0, parent: .root,
                    children: [
                        ExpandedChild(node: 1, action: "click [1]", prior: 0.4, count: 2),
                        ExpandedChild(node: 2, action: "click [2]", prior: 0.6, count: 3),
                    ], samples: 5, unparseable: 0)),
            .selected(
                Selected(episode: 0, path: [.root, 1], levels: [[c(1, 0, 0, 0.4, 0.4), c(2, 0, 0, 0.6, 0.6)], []])),
            .backedUp(BackedUp(episode: 0, path: [.root, 1], value: 0.6)),
            .iterationStarted(IterationStarted(episode: 0, step: 0, iteration: 2)),
            call,
            .selected(
                Selected(
                    episode: 0, path: [.root, 2], levels: [[c(1, 1, 0.6, 0.4, 0.88), c(2, 0, 0, 0.6, 0.85)], []])
            ),
            .backedUp(BackedUp(episode: 0, path: [.root, 2], value: 0.2)),
            .iterationStarted(IterationStarted(episode: 0, step: 0, iteration: 3)),
            .selected(
                Selected(
                    episode: 0, path: [.root, 1], levels: [[c(1, 1, 0.6, 0.4, 0.95), c(2, 1, 0.2, 0.6, 0.72)], []])),
            .backedUp(BackedUp(episode: 0, path: [.root, 1], value: 0.8)),
            .actionCommitted(
                ActionCommitted(
                    episode: 0, step: 0, node: 1, action: "click [1]", stopReason: .iterations, iterations: 3)),
            .stepStarted(StepStarted(episode: 0, step: 1, node: 1)),
            .iterationStarted(IterationStarted(episode: 0, step: 1, iteration: 1)),
            call,
            .expanded(
                Expanded(
                    episode: 0, parent: 1,
                    children: [ExpandedChild(node: 3, action: "stop [\"4\"]", prior: 1, count: 1)],
                    samples: 1, unparseable: 0)),
            .selected(Selected(episode: 0, path: [1, 3], levels: [[c(3, 0, 0, 1, 1)], []])),
            .backedUp(BackedUp(episode: 0, path: [1, 3], value: 0.1)),
        ]
        return events.enumerated().map { EventRecord(seq: Int64($0.offset + 1), time: 0, event: $0.element) }
    }

    @Test func aDecisionKeepsTheFiguresOfTheMomentOfCommit() throws {
        var model = RunModel(run: 1)
        for record in Self.twoSteps() { try model.apply(record) }
        let decision = try #require(model.decision(episode: 0, committed: 1))
        // The last selection saw n1 at 1 visit, Q 0.6; the back-up of 0.8 that followed makes it 2 visits, Q 0.7.
        #expect(decision.candidates.map(\.node) == [1, 2])
        #expect(decision.candidates.map(\.visits) == [2, 1])
        #expect(decision.candidates.map(\.q) == [0.7, 0.2])
        #expect(decision.candidates.map(\.score) == [0.95, 0.72])
        #expect(decision.rule == .mostVisits)
        #expect(decision.iterations == 3)
        #expect(decision.modelCalls == 2)
        #expect(decision.selectionIteration == 3)
        #expect(decision.from == .root)
        #expect(decision.chosenRank == 0)
        // Today the tree has n1 at 3 visits (the second step backed up through it); the card keeps 2.
        #expect(model.state.episodes[0]?.statistics(of: 1).visits == 3)
        #expect(model.decision(episode: 0, committed: 3) == nil)
    }

    /// One more back-up through n2 just before the commit ties the visits at 2 each: with `value`, Q breaks the tie
    /// for n1, or Q ties too and the prior favours n2 — which the card then says the rule did not pick.
    @Test(arguments: [
        (0.5, StepDecision.Rule.tiedVisitsHigherQ, [NodeID(1), 2], [0.7, 0.35]),
        (1.2, .notTheRulesPick, [2, 1], [0.7, 0.7]),
    ])
    func tiesSayWhichFigureBrokeThem(value: Double, rule: StepDecision.Rule, order: [NodeID], qs: [Double]) throws {
        var records = Self.twoSteps()
        let commit = try #require(records.firstIndex { $0.event.kind == .actionCommitted })
        records.insert(
            EventRecord(seq: 0, time: 0, event: .backedUp(BackedUp(episode: 0, path: [.root, 2], value: value))),
            at: commit)
        records = records.enumerated().map { EventRecord(seq: Int64($0.offset + 1), time: 0, event: $0.element.event) }
        var model = RunModel(run: 1)
        for record in records { try model.apply(record) }
        let decision = try #require(model.decision(episode: 0, committed: 1))
        #expect(decision.candidates.map(\.visits) == [2, 2])
        #expect(decision.candidates.map(\.node) == order)
        #expect(decision.candidates.map(\.q) == qs)
        #expect(decision.rule == rule)
    }

    /// In the recorded search every step that ran to its iteration budget committed the rule's pick, and the
    /// rebuilt visits add up to the step's iterations: each iteration backs up through one candidate at most.
    @Test func everyRecordedDecisionIsTheRulesPick() async throws {
        let library = try await RecordedSearch.make()
        let records = try #require(library.logs[1])
        var model = RunModel(run: 1)
        for record in records { try model.apply(record) }
        var audited = 0
        for tree in model.state.orderedEpisodes {
            for node in tree.committedPath.dropFirst() {
                let d = try #require(model.decision(episode: tree.episode, committed: node))
                if d.rule == .successPath { continue }
                #expect([.mostVisits, .tiedVisitsHigherQ, .tiedVisitsAndQHigherPrior].contains(d.rule))
                #expect(d.chosenRank == 0)
                // The step's first iteration backs up through no candidate when it had to expand the search root.
                let rootExpanded = tree.nodes.contains { $0.parent == d.from && $0.createdAtStep == d.step }
                #expect(d.candidates.map(\.visits).reduce(0, +) == d.iterations - (rootExpanded ? 1 : 0))
                audited += 1
            }
        }
        #expect(audited >= 3)
        // A replay seeking anywhere tells the same decisions.
        let timeline = try Timeline(run: 1, records: records, spacing: 40)
        let replayed = timeline.model(at: records.count)
        for tree in model.state.orderedEpisodes {
            for node in tree.committedPath.dropFirst() {
                #expect(
                    replayed.decision(episode: tree.episode, committed: node)
                        == model.decision(episode: tree.episode, committed: node))
            }
        }
    }

    @Test func tallyTiesEachVoteToTheValue() throws {
        let ref = BlobRef(rawValue: "x")
        let debate = Debate(
            episode: 0, node: 1,
            turns: [
                DebateTurn(role: .supporter, text: ref), DebateTurn(role: .opponent, text: ref),
                DebateTurn(role: .judge, text: ref, vote: "B", order: 0),
                DebateTurn(role: .judge, text: ref, vote: "C", order: 0),
                DebateTurn(role: .judge, text: ref, vote: "B", order: 1),
                DebateTurn(role: .judge, text: ref, vote: nil, order: 1),
            ], value: 0.8166666666666667)
        let evaluated = Evaluated(
            episode: 0, node: 1, value: 0.8166666666666667, method: .debate, samples: [0.85, 0.75, 0.85])
        var details = NodeDetails()
        details.evaluations = [Evaluated(episode: 0, node: 1, value: 0.3, method: .single, samples: [0.3]), evaluated]
        let tally = VoteTally(debate, evaluation: VoteTally.evaluation(of: debate, in: details))
        #expect(tally.line == "2×B 1×C 1×? → 0.82")
        #expect(tally.legendLine == "B = 0.85  C = 0.75")
        #expect(VoteTally(debate, evaluation: nil).legendLine == nil)
    }

    func openedEpisode(_ index: Int) async throws -> Session {
        var session = Session(library: try await RecordedSearch.make())
        session.refreshRuns()
        session.perform(.open)
        session.run(command: "episode \(index + 1)")
        return session
    }

    @Test func decisionCardOfACommittedStep() async throws {
        var session = try await openedEpisode(0)
        let tree = try #require(session.tree)
        // The first committed step: the cursor on its node, `:why` opens the card.
        session.move(to: tree.committedPath[1])
        session.run(command: "why")
        #expect(session.inspector.tab == .why)
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "why-step-\(size.width)x\(size.height)")
        }
    }

    @Test func endCardWhereTheEpisodeEnded() async throws {
        var session = try await openedEpisode(1)
        let tree = try #require(session.tree)
        session.move(to: tree.committedNode)
        session.run(command: "why")
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "why-end-\(size.width)x\(size.height)")
        }
        // At the root: every step in a line.
        session.move(to: .root)
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "why-root-\(size.width)x\(size.height)")
        }
    }

    @Test func episodeListSaysWhyEachEnded() async throws {
        var session = try await openedEpisode(0)
        session.perform(.back)
        #expect(session.page == .episodes)
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "episodes-ended-\(size.width)x\(size.height)")
        }
    }

    @Test func debateTabShowsTheTally() async throws {
        var session = try await openedEpisode(1)
        let tree = try #require(session.tree)
        let debated = try #require(tree.nodes.first { $0.debated && $0.parent != nil })
        session.move(to: debated.id)
        session.perform(.tab(.debate))
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "debate-tally-\(size.width)x\(size.height)")
        }
    }

    @Test func whyOutsideAnEpisodeSaysWhatToDo() async throws {
        var session = Session(library: try await RecordedSearch.make())
        session.refreshRuns()
        session.run(command: "why")
        #expect(session.notice == ":why shows a step's decision: open an episode first")
    }

    /// A run that starts with an earlier run's lessons shows each retrieved lesson's text and the run and episode
    /// that made it, read through the library (as a store keeps the lessons of every run).
    @Test func lessonsOfAnEarlierRunShowTheirTextAndOrigin() async throws {
        let task = "What is the price of the cheapest green dining table on Classifieds?"
        let lessons = [
            Reflection(
                kind: .policy, taskID: "classifieds-cheapest-1", task: task,
                state: "Classifieds search results for green dining table, price", action: "stop [\"$168\"]",
                expected: "the first listing is the cheapest",
                happened: "a cheaper green dining table was further down",
                lesson: "Sort green dining table results by price before answering the cheapest.", surprise: 0.6),
            Reflection(
                kind: .value, taskID: "classifieds-cheapest-1", task: task,
                state: "Classifieds green dining table listing price", action: "click [11]",
                expected: "the listing answers the task", happened: "the price was not the cheapest",
                lesson: "One green dining table listing is no proof of the cheapest price; value it below 0.5.",
                surprise: 0.5),
        ]
        let (records, texts) = try await RecordedSearch.record(.rmctsDebate, memory: ReflectionMemory(lessons))
        var library = MemoryLibrary(logs: [4: records], texts: texts)
        for lesson in lessons { library.lessons[lesson.id] = StoredLesson(reflection: lesson, run: 3, episode: 1) }
        var session = Session(library: library)
        session.open(run: 4)
        session.run(command: "episode 1")
        let tree = try #require(session.tree)
        let model = try #require(session.model)
        let retrieving = try #require(
            tree.nodes.first { node in
                model.details(episode: 0, node: node.id).retrieved.contains { !$0.ids.isEmpty }
            })
        session.move(to: retrieving.id)
        session.perform(.tab(.reflections))
        for size in Self.sizes {
            try expectGolden(renderScreen(&session, size), "reflections-earlier-run-\(size.width)x\(size.height)")
        }
    }
}
