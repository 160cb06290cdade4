import ArborBenchmarks
import ArborCore
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor _store-writer DB`: records a synthetic search without end (or up to --events), for the store's crash
/// test, which kills it with SIGKILL mid-write. Not for people: hidden from help.
struct StoreWriterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "_store-writer", abstract: "Write a synthetic run until killed (for tests).",
        shouldDisplay: false)

    @Argument var database: String
    @Option var events: Int = .max
    @Option var seed: UInt64 = 1

    func run() throws {
        let store = try RunStores.open(database)
        let recorder = try store.startRun(SyntheticSearch.runStarted(seed: seed), blobs: [])
        Output.text("run \(recorder.run)")
        fflush(nil)
        var search = SyntheticSearch(seed: seed)
        var written = 1
        while written < events {
            let (event, blobs) = search.next()
            recorder.append(event, blobs: blobs)
            written += 1
            // A search is slower than its log; pacing keeps the buffer small while the test waits to kill it.
            if written % 10 == 0 { usleep(2000) }
        }
        try recorder.finish()
        store.close()
    }
}
