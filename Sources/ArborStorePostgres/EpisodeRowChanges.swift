import ArborStore

/// A batch's changes to the `episodes` table reduced to what applying them one by one, in order, would leave, so that
/// a batch writes its episodes in two statements rather than a round trip each. A start replaces its episode's row
/// (the ending cleared, as SQLite's `INSERT OR REPLACE`), and an end sets every ending column: so per episode what
/// is left is its last start, then the last end that came after that start (or its last end, when it did not start
/// in this batch).
struct EpisodeRowChanges {
    /// `episodeStarted` values (run, episode, task id, task, start time), one per episode, in the order they came.
    private(set) var starts: [[StoreValue]] = []
    /// `episodeEnded` values (ending columns, then run and episode), one per episode, in the order they came.
    private(set) var ends: [[StoreValue]] = []

    private struct Episode: Hashable {
        var run: Int64?
        var episode: Int64?
    }

    init(_ derived: [DerivedRow]) {
        var started: [Episode: (order: Int, values: [StoreValue])] = [:]
        var ended: [Episode: (order: Int, values: [StoreValue])] = [:]
        for (order, row) in derived.enumerated() {
            switch row {
            case .episodeStarted(let values):
                let episode = Episode(run: values[0].integer, episode: values[1].integer)
                started[episode] = (order, values)
                ended[episode] = nil
            case .episodeEnded(let values):
                ended[Episode(run: values[6].integer, episode: values[7].integer)] = (order, values)
            case .modelCall, .reflection, .runEnded:
                break
            }
        }
        starts = started.values.sorted { $0.order < $1.order }.map(\.values)
        ends = ended.values.sorted { $0.order < $1.order }.map(\.values)
    }
}
