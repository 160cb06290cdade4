import ArborCore
import ArborStore
import ArgumentParser

/// Episodes as people type and read them on the command line count from 1, as the front end shows them ("episode 1"
/// is a run's first). The store, event payloads and JSON output keep the 0-based index (`"episode":0`).
enum EpisodeNumber {
    /// The stored index of `--episode number` in run `run`, whose episodes are 1 to `count`; otherwise an error naming
    /// that range (an old script's `--episode 0` among others).
    static func index(_ number: Int, run: RunID, count: Int) throws(ValidationError) -> Int {
        guard count > 0 else { throw ValidationError("--episode \(number): run \(run) has no episodes yet.") }
        guard (1...count).contains(number) else {
            throw ValidationError(
                "--episode \(number): episodes count from 1; run \(run) has episodes 1 to \(count).")
        }
        return number - 1
    }

    /// The stored index of `--episode number` in run `run` of `store`.
    static func index(_ number: Int, run: RunID, in store: any RunStorage) throws -> Int {
        try index(number, run: run, count: try store.run(run).episodes)
    }

    /// How people read the episode stored at `index`.
    static func shown(_ index: Int) -> Int { index + 1 }
}
