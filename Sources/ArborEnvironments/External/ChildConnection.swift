import Dispatch
import Synchronization

/// One child process and the serial queue its blocking socket I/O runs on, so an exchange that waits for a slow
/// environment holds a Dispatch thread, never a thread of the Swift concurrency pool.
final class ChildConnection: Sendable {
    let command: ExternalCommand
    private let queue: DispatchQueue
    private let process: Mutex<ChildProcess?>

    /// Starts the child; blocks only for the `posix_spawn` call itself.
    init(_ command: ExternalCommand, logFile: String, environment: [String: String]) throws(ChildFault) {
        self.command = command
        queue = DispatchQueue(label: "arbor.environment.\(command.arguments[0])")
        process = Mutex(try ChildProcess(command, logFile: logFile, environment: environment))
    }

    /// Sends `line` and waits for one line back, both within `timeout`. A fault leaves the child as it is; the
    /// caller decides whether to ``stop()`` it.
    func exchange(_ line: String, timeout: Duration) async -> Result<ReceivedLine, ChildFault> {
        await onQueue { process -> Result<ReceivedLine, ChildFault> in
            guard let process else { return .failure(.io("the environment process was already stopped")) }
            let deadline = ContinuousClock.now + timeout
            do throws(ChildFault) {
                try process.writeLine(line, before: deadline)
                return .success(try process.readLine(before: deadline))
            } catch {
                return .failure(error)
            }
        }
    }

    /// Waits up to `grace` for the child to exit (after `close`, or at once with `.zero`), kills it if it has not,
    /// and reaps it. Later exchanges fail.
    @discardableResult
    func stop(grace: Duration = .zero) async -> ChildExit? {
        await onQueue { process -> ChildExit? in
            let exit = grace > .zero ? process?.finish(grace: grace) : process?.terminate()
            process = nil
            return exit
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable (inout ChildProcess?) -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.process.withLock { body(&$0) })
            }
        }
    }
}
