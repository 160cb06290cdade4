import ArborCore
import ArborStore

/// Appending to a run another process started: how a worker records its episodes under a queued run.
extension PostgresRunStore {
    /// Opens `run` for appending through this store's writer. The events' seqs are the server's, taken at each commit
    /// after whatever the run's other writers committed (``PostgresBatchCommitter``), so any number of processes may
    /// join one run.
    public func join(run: RunID) throws(StoreError) -> RunRecorder {
        guard let recording else { throw .readOnly(path: location) }
        _ = try self.run(run)
        if !recording.writer.isOpen(run) { recording.writer.register(run: run, nextSeq: 1) }
        return RunRecorder(run: run, writer: recording.writer)
    }
}
