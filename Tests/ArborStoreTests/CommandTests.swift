import ArborCore
import ArborStore
import ArborTesting
import Testing

/// The commands table: commands are taken once, in the order committed, and keep their acknowledged outcome.
@Suite("The commands table", .postgresServer) struct CommandTests {
    @Test("commands are taken once, in order, and keep their acknowledged outcome", arguments: StoreBackend.allCases)
    func takenOnceInOrderAndAcknowledged(backend: StoreBackend) throws {
        let folder = try TemporaryFolder()
        let store = try backend.newStore(in: folder).store
        defer { store.close() }
        let run = try store.startRun(
            RunStarted(
                environment: "miniweb", model: "offline", method: "mcts", seed: 7, config: ["controllable": "true"]),
            blobs: []
        )
        .run
        func enqueue(
            _ run: RunID, _ kind: String, episode: Int? = nil, node: NodeID? = nil, value: Double? = nil,
            note: String? = nil, author: String, at time: Double
        ) throws -> Int64 {
            try store.enqueueCommand(
                run: run, kind: kind, episode: episode, node: node, value: value, note: note, author: author, at: time)
        }
        let first = try enqueue(run, "pause", author: "ada", at: 10)
        let second = try enqueue(
            run, "overrideValue", episode: 2, node: NodeID(4), value: 0.75, note: "looks right", author: "bo", at: 11)
        _ = try enqueue(run + 1, "pause", author: "cy", at: 12)

        let taken = try store.takeCommands(run: run, at: 20)
        #expect(taken.map(\.id) == [first, second])
        #expect(taken[1].kind == "overrideValue")
        #expect(taken[1].episode == 2)
        #expect(taken[1].node == NodeID(4))
        #expect(taken[1].value == 0.75)
        #expect(taken[1].note == "looks right")
        #expect(taken[1].author == "bo")
        #expect(taken.allSatisfy { $0.takenAt == 20 && $0.outcome == nil })
        #expect(try store.takeCommands(run: run, at: 21).isEmpty)

        try store.acknowledge(command: second, outcome: "refused: n4 is terminal", at: 22)
        #expect(try store.command(second)?.outcome == "refused: n4 is terminal")
        #expect(try store.command(first)?.outcome == nil)
        #expect(try store.commands(run: run).map(\.id) == [first, second])
        #expect(try store.runConfig(run) == ["controllable": "true"])
        #expect(try store.command(999) == nil)
    }
}
