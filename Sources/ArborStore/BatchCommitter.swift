import ArborCore

/// Where a ``BatchWriter`` commits: one backend's way of writing a batch of events in one transaction. The writer
/// thread is its only caller, so it may keep a connection of its own.
package protocol BatchCommitter: Sendable {
    /// Writes `batch` (events with their blobs and derived rows, then each run's progress and heartbeat) in one
    /// transaction, and tells followers once it is committed where the backend can.
    func commit(_ batch: [StampedEvent]) throws(StoreError)
    /// Stamps the open `runs` as alive at `time` while no events come (a slow model call), so that a store shared by
    /// many hosts, where a process id says nothing, can tell a quiet writer from a gone one.
    func heartbeat(runs: [RunID], at time: Double) throws(StoreError)
    /// How often ``heartbeat(runs:at:)`` is due while no batch is committed; nil when the backend needs none.
    var heartbeatInterval: Double? { get }
    /// Tidies up once the runs being written have ended (SQLite empties its write-ahead log).
    func checkpoint()
    /// The error a flush reports when the writer stopped before committing.
    func stoppedError() -> StoreError
}
