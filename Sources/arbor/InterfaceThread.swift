import Foundation

/// Runs the terminal front end on a thread of its own: it blocks in poll(2) while it waits for keys, which must not
/// hold one of the few threads Swift concurrency runs the search on.
enum InterfaceThread {
    static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Result, any Error>) in
            let thread = Thread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "arbor.ui"
            thread.start()
        }
    }
}
