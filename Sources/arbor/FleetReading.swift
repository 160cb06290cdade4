import ArborCore
import ArborStore
import ArborStorePostgres
import ArborTUI

extension Fleet {
    /// The queue's counts and workers as the runs list shows them; silent past the default timeout is flagged.
    init(reading queue: EpisodeQueue) throws(StoreError) {
        let counts = try queue.counts()
        let workers = try queue.workers().map { worker in
            FleetWorker(
                id: worker.id, host: worker.host, pid: worker.pid,
                claimed: worker.claimed.map { ($0.run, $0.episode) }, heartbeatAge: worker.heartbeatAge,
                done: worker.done, failures: worker.failures,
                stopped: worker.stopped)
        }
        self.init(
            waiting: counts.waiting, running: counts.running, done: counts.done, failed: counts.failed,
            workers: workers, timeout: EpisodeQueue.defaultTimeout)
    }
}
