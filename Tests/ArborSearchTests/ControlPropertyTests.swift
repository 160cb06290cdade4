import ArborCore
import Testing

@testable import ArborSearch

/// Random sequences of controls interleaved with iterations and phases never break the log's invariants.
@Suite struct ControlPropertyTests {
    /// One random control or engine move on a random node (now and then one the tree does not hold).
    func move(_ runner: EpisodeRunner, _ random: inout SplitMix64) async -> String {
        let count = runner.tree.count
        let node = NodeID(Int.random(in: 0..<(count + 1), using: &random))
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return "expand \(node): \(runner.forceExpansion(at: node, author: "p"))"
        case 1: return "reevaluate \(node): \(await runner.reevaluate(node, author: "p"))"
        case 2: return "override \(node): \(runner.overrideValue(node, value: 0.25, author: "p"))"
        case 3: return "exclude \(node): \(runner.exclude(node, author: "p"))"
        case 4: return "allow \(node): \(runner.allow(node, author: "p"))"
        case 5: return "commit \(node): \(await runner.commitNow(node, author: "p"))"
        case 6: return "backtrack \(node): \(await runner.backtrack(to: node, author: "p"))"
        case 7: return "lock \(node): \(runner.lockRoot(at: node, author: "p"))"
        case 8: return "unlock: \(runner.unlockRoot(author: "p"))"
        case 9:
            await runner.advance()
            return "phase"
        default:
            await runner.advanceIteration()
            return "iteration"
        }
    }

    @Test(arguments: 0..<30) func foldEventsAndEnvironmentStayInStep(sequence: Int) async throws {
        _ = try await check(sequence: sequence)
    }

    /// The sequences are not vacuous: across them every control is done at least once (and refused at least once).
    @Test func theSequencesExerciseEveryControl() async throws {
        var moves: [String] = []
        for sequence in 0..<30 { moves += try await check(sequence: sequence) }
        for control in [
            "expand", "reevaluate", "override", "exclude", "allow", "commit", "backtrack", "lock", "unlock",
        ] {
            let mine = moves.filter { $0.hasPrefix(control + " ") || $0.hasPrefix(control + ":") }
            #expect(mine.contains { $0.hasSuffix(": done") }, "\(control) done")
            #expect(mine.contains { $0.contains(": refused: ") }, "\(control) refused")
        }
    }

    /// Runs one random sequence, checking the invariants after every move; returns the moves.
    func check(sequence: Int) async throws -> [String] {
        var random = SplitMix64(seed: 2024, stream: UInt64(sequence))
        let config = smallConfig(iterations: 3, maxSteps: 6)
        let sink = runSink(config)
        let environment = NumberLine()
        let runner = makeRunner(config, sink: sink, environment: environment)
        await runner.advance()
        var moves: [String] = []
        for _ in 0..<25 where runner.pending != .finished {
            let before = sink.records.count
            let move = await move(runner, &random)
            moves.append(move)
            if move.contains(": ") {
                // Every control is recorded once, done or refused (the engine may add its own: a lock it lifts).
                let added = sink.records.dropFirst(before).filter {
                    if case .intervention(let e) = $0.event { e.author == "p" } else { false }
                }
                #expect(added.count == 1, "\(moves)")
            }
            try expectFoldMatches(runner, sink)
            if runner.pending.isIterationBoundary {
                try await runner.reach(runner.tree.committedNode)
                #expect(
                    environment.observation.text == runner.tree[runner.tree.committedNode].observationText,
                    "\(moves)")
            }
        }
        #expect(sink.records.map(\.seq) == Array(1...Int64(sink.records.count)))
        let folded = try fold(sink)
        #expect(folded.interventions.filter { $0.author == "p" }.count == moves.filter { $0.contains(": ") }.count)
        try expectFoldMatches(runner, sink)
        return moves
    }
}
