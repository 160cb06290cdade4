import Dispatch
import Synchronization

/// Runs an async operation to its end on the thread that waits for it. The store's interface is synchronous, and a
/// few of postgres-nio's operations (`COPY … FROM STDIN`) are async only: a task started on Swift's shared pool and
/// waited for by a blocked thread deadlocks when every thread of the pool is itself blocked waiting on the store (on a
/// 2-core machine the pool has two). Here the task prefers this executor, whose only thread is the waiting one: the
/// caller runs the task's steps as they become ready (each resumed by postgres-nio's event loop) until it ends.
final class WaitingThreadExecutor: TaskExecutor, @unchecked Sendable {
    /// `@unchecked`: the jobs are only touched under `jobs`' lock, and run only by the thread in ``run(_:)``.
    private let jobs = Mutex<[UnownedJob]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {}

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        jobs.withLock { $0.append(job) }
        ready.signal()
    }

    /// Runs `operation` on the calling thread and returns what it returned, or throws what it threw.
    static func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) throws -> T {
        let executor = WaitingThreadExecutor()
        let outcome = Mutex<Result<T, any Error>?>(nil)
        Task(executorPreference: executor) {
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
        }
        while true {
            executor.ready.wait()
            let due = executor.jobs.withLock { jobs in
                defer { jobs.removeAll() }
                return jobs
            }
            for job in due { job.runSynchronously(on: executor.asUnownedTaskExecutor()) }
            if let result = outcome.withLock({ $0 }) { return try result.get() }
        }
    }
}
