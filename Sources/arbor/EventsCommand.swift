import ArborCore
import ArborStore
import ArborStorePostgres
import ArgumentParser

/// `arbor events DB --run N`: a run's log as JSON lines, optionally following it while it is written.
struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Print a run's events as JSON lines: seq, time, kind, episode, node, payload.",
        discussion: """
            With --follow, keeps printing new events as another process writes them, until the run ends, or until \
            its writer process is found gone without ending it (exit 1, with a message). On PostgreSQL the writer's \
            notifications (LISTEN/NOTIFY) bring new events, and a writer unheard from for 30 seconds is gone.
            """)

    @Argument(help: "The store, e.g. runs.db or postgresql://user@host/database.")
    var database: String

    @Option(help: "The run's id (see `arbor runs`).")
    var run: Int64

    @Option(help: "Start at this seq.")
    var from: Int64 = 1

    @Flag(help: "Keep following the run until it ends (or Ctrl-C).")
    var follow = false

    func validate() throws {
        guard from >= 1 else { throw ValidationError("--from must be 1 or more (seqs start at 1).") }
    }

    func run() async throws {
        let store = try RunStores.open(database, mode: .readOnly)
        defer { store.close() }
        _ = try store.run(run)
        if follow {
            for try await event in store.tailStored(run: run, from: from, endingWithWriter: true) {
                Output.verbatim(Self.line(event))
            }
            return
        }
        var next = from
        while true {
            let batch = try store.storedEvents(run: run, from: next, limit: 5000)
            for event in batch { Output.verbatim(Self.line(event)) }
            guard let last = batch.last, batch.count == 5000 else { return }
            next = last.seq + 1
        }
    }

    static func line(_ event: StoredEvent) -> String {
        "{\"seq\":\(event.seq),\"time\":\(RunsCommand.number(event.time)),\"kind\":\"\(event.kind)\","
            + "\"episode\":\(event.episode.map(String.init) ?? "null"),\"node\":\(event.node.map(String.init) ?? "null"),"
            + "\"payload\":\(event.payload)}"
    }
}
