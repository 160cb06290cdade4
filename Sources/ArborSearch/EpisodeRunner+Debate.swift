import ArborCore
import ArborModels

// The multi-agent-debate value: two debaters argue concurrently, each knowing its side, then judges read both
// arguments, labelled, in both orders. The debate is kept for a value reflection on the node.
extension EpisodeRunner {
    /// What a debate said: both arguments and the judges' verdicts, supporter first then opponent first.
    struct DebateAnswers: Sendable {
        var supporter: AgentReply<String>
        var opponent: AgentReply<String>
        var verdicts: [AgentReply<[JudgeSample]>]
    }

    /// Both debaters' arguments, then the judges' verdicts in both orders.
    static func askDebate(_ agent: any Agent, _ context: AgentContext, samples: Int) async throws -> DebateAnswers {
        let (supporter, opponent) = try await argue(agent, context)
        async let supporterFirst = agent.judge(
            context, first: supporter.value, second: opponent.value, supporterFirst: true, samples: samples)
        async let opponentFirst = agent.judge(
            context, first: opponent.value, second: supporter.value, supporterFirst: false, samples: samples)
        let verdicts = try await [supporterFirst, opponentFirst]
        return DebateAnswers(supporter: supporter, opponent: opponent, verdicts: verdicts)
    }

    /// Both debaters' arguments, asked concurrently. When one fails the other is cancelled, and the failure carries
    /// the calls of both (the sibling's answered or cancelled attempts, each with its error), so that every attempt
    /// is recorded, not only the first to fail.
    static func argue(_ agent: any Agent, _ context: AgentContext) async throws -> (
        supporter: AgentReply<String>, opponent: AgentReply<String>
    ) {
        try await withThrowingTaskGroup(of: (DebateSide, Result<AgentReply<String>, any Error>).self) { group in
            for side in [DebateSide.supporter, .opponent] {
                group.addTask {
                    do {
                        return (side, .success(try await agent.argue(context, side: side)))
                    } catch {
                        return (side, .failure(error))
                    }
                }
            }
            var replies: [DebateSide: AgentReply<String>] = [:]
            var failures: [any Error] = []
            for try await (side, outcome) in group {
                switch outcome {
                case .success(let reply): replies[side] = reply
                case .failure(let error):
                    if failures.isEmpty { group.cancelAll() }
                    failures.append(error)
                }
            }
            guard let first = failures.first else { return (replies[.supporter]!, replies[.opponent]!) }
            var calls: [ModelCallRecord] = []
            var blobs: [Blob] = []
            for failure in failures {
                guard let failed = failure as? AgentCallFailure else { continue }
                calls += failed.calls
                blobs += failed.blobs
            }
            for reply in replies.values {
                calls += reply.calls
                blobs += reply.blobs
            }
            throw AgentCallFailure((first as? AgentCallFailure)?.underlying ?? first, calls: calls, blobs: blobs)
        }
    }

    /// Records the debate about `node` and gives (and sets) its value, the tally of the judges' votes.
    func recordDebate(of node: NodeID, _ answers: DebateAnswers) -> Double {
        let (supporter, opponent, verdicts) = (answers.supporter, answers.opponent, answers.verdicts)
        // Recorded in a fixed order whatever order the calls finished in, so the log is deterministic.
        for reply in [supporter, opponent] { record(reply) }
        for reply in verdicts { record(reply) }
        let supporterText = Blob(supporter.value)
        let opponentText = Blob(opponent.value)
        var turns = [
            DebateTurn(role: .supporter, text: supporterText.ref),
            DebateTurn(role: .opponent, text: opponentText.ref),
        ]
        var blobs = [supporterText, opponentText]
        var votes: [StatusCode?] = []
        for (order, reply) in verdicts.enumerated() {
            for sample in reply.value {
                let text = Blob(sample.text)
                blobs.append(text)
                turns.append(DebateTurn(role: .judge, text: text.ref, vote: sample.vote?.rawValue, order: order))
                votes.append(sample.vote)
            }
        }
        let tally = DebateTally(votes)
        if tally.values.isEmpty {
            emit(
                .error(
                    ErrorRecord(
                        episode: episode, node: node, source: .parser,
                        message:
                            "no judge gave a readable vote (\(tally.unreadable) unreadable); valued 0 (no information)")
                ))
        }
        emit(.debate(Debate(episode: episode, node: node, turns: turns, value: tally.value)), blobs: blobs)
        tree[node].debated = true
        evaluations[node] = Self.transcript(supporter: supporter.value, opponent: opponent.value, verdicts: verdicts)
        setValue(tally.value, of: node, method: .debate, samples: tally.values)
        return tally.value
    }

    /// The debate as a reflector reads it: both arguments, then each judge's answer.
    static func transcript(supporter: String, opponent: String, verdicts: [AgentReply<[JudgeSample]>]) -> String {
        var text = "(SUPPORT) \(supporter)\n\n(OPPOSE) \(opponent)"
        let answers = verdicts.flatMap(\.value)
        for (index, answer) in answers.enumerated() { text += "\n\nJudge \(index + 1): \(answer.text)" }
        return text
    }
}
