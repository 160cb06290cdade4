import ArborCore
import TerminalKit

/// The Why tab: the decision card of the step that weighed the node under the cursor — the committed action against
/// the runner-ups with their figures at the moment of commit, the rule, the cost, and what the debate and the
/// retrieved lessons said — and, on the node an episode ended at, its end card.
struct WhyCard {
    var model: RunModel
    var tree: EpisodeTree
    var node: NodeID
    var text: (BlobRef) -> String?
    var lesson: (String) -> StoredLesson?

    func lines(width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        if let outcome = tree.outcome, node == tree.committedNode { lines += endCard(outcome) + [.blank] }
        if node == .root { return lines + overview() }
        // The candidate the cursor's node descends from: the node itself when its parent is on the committed path.
        guard
            let candidate = tree.path(to: node).last(where: { tree.parent(of: $0).map { tree[$0].committed } ?? false }
            ),
            let from = tree.parent(of: candidate)
        else { return lines }
        guard let chosen = tree.children(of: from).first(where: { tree[$0].committed }),
            let decision = model.decision(episode: tree.episode, committed: chosen)
        else {
            lines.append(StyledLine("The step searching from \(from) has not committed yet.", Style(.muted)))
            return lines
        }
        if candidate != node {
            lines.append(
                StyledLine("\(node) was explored below \(candidate), a candidate of this step.", Style(.muted)))
        }
        return lines + decisionCard(decision, width: width)
    }

    /// At the root: every committed step in one line each (the card of a step is on its node).
    private func overview() -> [StyledLine] {
        let steps = tree.committedPath.dropFirst().compactMap { model.decision(episode: tree.episode, committed: $0) }
        guard !steps.isEmpty else { return [StyledLine("No step has been committed yet.", Style(.muted))] }
        var lines = [StyledLine("Committed steps (the cursor on a step's node shows its card)", Style(.title))]
        for d in steps {
            var why = Self.describe(d.rule)
            if d.candidates.count > 1, let chosen = d.candidates.first(where: { $0.node == d.chosen }) {
                let other = d.candidates.first { $0.node != d.chosen }!
                why += " (N \(chosen.visits) vs \(other.visits))"
            }
            lines.append(
                StyledLine([
                    (Figures.right("\(d.step + 1)", 3) + "  ", Style(.muted)),
                    (TerminalText.sanitize(tree[d.chosen].action), Style(.normal, .bold)),
                    ("  \(d.chosen) — ", Style(.muted)),
                    (why, .normal),
                ]))
        }
        return lines
    }

    private func decisionCard(_ d: StepDecision, width: Int) -> [StyledLine] {
        let chosen = tree[d.chosen]
        var lines = [
            StyledLine([
                ("Step \(d.step + 1) committed ", Style(.title)),
                (TerminalText.sanitize(chosen.action), Style(.normal, .bold)), ("  \(d.chosen)", Style(.muted)),
            ]),
            StyledLine([("Rule  ", Style(.muted)), (Self.describe(d.rule), .normal)]),
        ]
        let cost =
            d.iterations == 0 && d.modelCalls == 0
            ? "paid by the step above (one search committed the whole path)"
            : "\(d.iterations) iterations · \(d.modelCalls) model calls · ended by \(Self.describe(d.stopReason))"
        lines.append(StyledLine([("Cost  ", Style(.muted)), (cost, .normal)]))
        lines.append(.blank)
        lines += candidateTable(d, width: width)
        lines += [.blank] + debate(on: d.chosen) + lessons(d)
        return lines
    }

    private func candidateTable(_ d: StepDecision, width: Int) -> [StyledLine] {
        guard !d.candidates.isEmpty else {
            return [StyledLine("No selection weighed these candidates before the commit.", Style(.muted))]
        }
        let actionWidth = max(10, min(40, width - 28))
        var lines = [
            StyledLine(
                Figures.left("  candidate", actionWidth + 2) + Figures.right("N", 5) + Figures.right("Q", 7)
                    + Figures.right("P", 5) + Figures.right("U", 7), Style(.muted))
        ]
        for c in d.candidates {
            let isChosen = c.node == d.chosen
            lines.append(
                StyledLine([
                    (isChosen ? "▸ " : "  ", Style(.accent, .bold)),
                    (
                        Figures.left(TerminalText.sanitize(tree[c.node].action), actionWidth),
                        isChosen ? Style(.normal, .bold) : .normal
                    ),
                    (Figures.right(Figures.count(c.visits), 5), .normal),
                    (
                        Figures.right(Figures.value(c.visits > 0 ? c.q : nil), 7),
                        ValueRamp.style(c.visits > 0 ? c.q : nil)
                    ),
                    (Figures.right(Figures.prior(c.prior), 5), .normal),
                    (Figures.right(c.score > 1e6 ? "∞" : String(format: "%.2f", c.score), 7), .normal),
                ]))
        }
        let at = d.selectionIteration.map { " (iteration \($0))" } ?? ""
        lines.append(
            StyledLine(
                "N and Q as the commit compared them (this step's search); P the prior; U the score the last "
                    + "selection\(at) ranked them by.", Style(.muted)))
        return lines
    }

    private func debate(on id: NodeID) -> [StyledLine] {
        let details = model.details(episode: tree.episode, node: id)
        let name = TerminalText.sanitize(tree[id].action)
        guard let debate = details.debates.last else {
            let how = details.evaluations.last.map { "valued \(Figures.value($0.value)) by \($0.method.rawValue)" }
            return [StyledLine("No debate on \(name)" + (how.map { " (\($0))" } ?? "") + ".", Style(.muted))]
        }
        let tally = VoteTally(debate, evaluation: VoteTally.evaluation(of: debate, in: details))
        var lines = [
            StyledLine([("Debate on \(name)  ", Style(.title))])
        ]
        lines += StyledLine.untrusted(tally.line, indent: "  ")
        if let legend = tally.legendLine {
            lines += StyledLine.untrusted("votes: \(legend); the value is their mean", Style(.muted), indent: "  ")
        }
        return lines
    }

    private func lessons(_ d: StepDecision) -> [StyledLine] {
        let proposing = model.details(episode: tree.episode, node: d.from).retrieved.filter { $0.kind == .policy }
        let valuing = model.details(episode: tree.episode, node: d.chosen).retrieved.filter { $0.kind == .value }
        guard !proposing.isEmpty || !valuing.isEmpty else {
            return [StyledLine("No lessons were retrieved for this choice.", Style(.muted))]
        }
        var lines: [StyledLine] = []
        for (title, retrievals) in [
            ("Lessons when proposing actions", proposing), ("Lessons when valuing it", valuing),
        ]
        where !retrievals.isEmpty {
            lines.append(StyledLine(title, Style(.title)))
            // Each lesson once, with its best score.
            var best: [(id: String, score: Double)] = []
            for r in retrievals {
                for (id, score) in zip(r.ids, r.scores) {
                    if let i = best.firstIndex(where: { $0.id == id }) {
                        best[i].score = max(best[i].score, score)
                    } else {
                        best.append((id, score))
                    }
                }
            }
            for (id, score) in best {
                lines += LessonLines(model: model, lesson: lesson).lines(id: id, score: score, indent: "  ")
            }
        }
        return lines
    }

    private func endCard(_ outcome: EpisodeEnded) -> [StyledLine] {
        let ending = EpisodeEnding(outcome, maxSteps: model.state.started?.config["maxSteps"])
        let last = tree[tree.committedNode]
        var lines = [
            StyledLine([
                ("Episode \(tree.episode + 1) ended", Style(.title)),
                (" after \(outcome.steps) steps: \(ending.sentence)", .normal),
            ])
        ]
        let answer =
            last.action.hasPrefix("stop")
            ? TerminalText.sanitize(last.action) : "none (the last action was \(TerminalText.sanitize(last.action)))"
        lines.append(StyledLine([("Answer   ", Style(.muted)), (answer, .normal)]))
        lines.append(
            StyledLine([
                ("Verdict  ", Style(.muted)),
                (
                    outcome.success ? "✓ success" : "✗ failure",
                    Style(outcome.success ? .success : .failure, .bold)
                ),
                (
                    " · reward \(Figures.value(outcome.reward)) — the environment's check, read after the end",
                    .normal
                ),
            ]))
        lines.append(
            StyledLine([
                ("Believed ", Style(.muted)),
                (
                    "\(Figures.value(outcome.estimatedSuccess)) — the value the agent gave the state it ended in",
                    .normal
                ),
            ]))
        if outcome.reason == .error,
            let error = model.state.errors.last(where: { $0.episode == tree.episode })
        {
            lines += StyledLine.untrusted(
                "\(error.source.rawValue) error: \(error.message)", Style(.failure), indent: "  ")
        }
        return lines
    }

    static func describe(_ rule: StepDecision.Rule) -> String {
        switch rule {
        case .mostVisits: "most visits in this step's search"
        case .tiedVisitsHigherQ: "tied on visits with the runner-up; the higher Q won"
        case .tiedVisitsAndQHigherPrior: "tied on visits and Q with the runner-up; the higher prior won"
        case .successPath: "the search reached a leaf valued as success and committed the whole path to it"
        case .person(let author): "committed by \(TerminalText.sanitize(author)), not by the search's rule"
        case .notTheRulesPick: "not the most visited: a lock or an exclusion steered this step"
        case .unaudited: "no selection weighed the candidates before this commit"
        }
    }

    static func describe(_ reason: StopReason) -> String {
        switch reason {
        case .iterations: "the iteration budget"
        case .wallClock: "the step's time budget"
        case .tokens: "the token budget"
        case .success: "a leaf valued as success"
        case .commanded: "a person's command"
        case .noActions: "no actions left"
        }
    }
}

/// A retrieved lesson's lines: its score and text, and where it came from (this run, or an earlier one the library
/// still holds).
struct LessonLines {
    var model: RunModel
    var lesson: (String) -> StoredLesson?

    func lines(id: String, score: Double, indent: String) -> [StyledLine] {
        let figure = String(format: "%.2f", score)
        if let here = model.state.reflections.first(where: { $0.id == id }) {
            return StyledLine.untrusted("\(figure)  \(here.lesson)", indent: indent)
                + StyledLine.untrusted(
                    "from this run, task \(here.taskID), at \(here.action)", Style(.muted), indent: indent + "      ")
        }
        if let stored = lesson(id) {
            let r = stored.reflection
            return StyledLine.untrusted("\(figure)  \(r.lesson)", indent: indent)
                + StyledLine.untrusted(
                    "from run \(stored.run) episode \(stored.episode + 1), task \(r.taskID), at \(r.action)",
                    Style(.muted), indent: indent + "      ")
        }
        return StyledLine.untrusted(
            "\(figure)  lesson \(id) (from an earlier run whose lessons are not in this file)", Style(.muted),
            indent: indent)
    }
}
