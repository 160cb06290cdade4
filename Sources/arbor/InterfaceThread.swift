import Foundation

/// Runs the terminal front end on a thread of its own: it blocks in poll(2) while it waits for keys, which must not
/// hold one of the few threads Swift concurrency runs the search on.
enum InterfaceThread {
    static func run(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try body()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "arbor.ui"
            thread.start()
        }
    }
}
