import ArborCore
import ArborModels

// The multi-agent-debate value: two debaters argue concurrently, then judges read both arguments in both orders.
extension EpisodeRunner {
    func debate(_ node: NodeID, _ context: AgentContext) async throws -> Double {
        let agent = self.agent
        let samples = config.judgeSamplesPerOrder
        async let supporting = agent.argue(context, side: .supporter)
        async let opposing = agent.argue(context, side: .opponent)
        let (supporter, opponent) = try await (supporting, opposing)
        async let supporterFirst = agent.judge(
            context, first: supporter.value, second: opponent.value, supporterFirst: true, samples: samples)
        async let opponentFirst = agent.judge(
            context, first: opponent.value, second: supporter.value, supporterFirst: false, samples: samples)
        let verdicts = try await [supporterFirst, opponentFirst]

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
        var votes: [DebateVote?] = []
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
                        message: "no judge gave a readable vote (\(tally.unreadable) unreadable); valued 0.5")))
        }
        emit(.debate(Debate(episode: episode, node: node, turns: turns, value: tally.value)), blobs: blobs)
        tree[node].debated = true
        setValue(tally.value, of: node, method: .debate, samples: tally.values)
        return tally.value
    }
}
