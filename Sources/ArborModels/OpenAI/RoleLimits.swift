import ArborCore

/// At most a set number of requests in service at once for each role given one (`max_concurrent_requests` under
/// `[model.policy]`, `[model.judge]`, …), on top of the endpoint's own limit (`concurrency`,
/// `--max-concurrent-requests`), which counts every role; a role without a limit waits only for the endpoint. A
/// request of a role at its limit waits its turn, in arrival order; cancelling its task while it waits ends the wait.
actor RoleLimits {
    private let limits: [ModelRole: Int]
    private var inService: [ModelRole: Int] = [:]
    private var waiting: [ModelRole: [(ticket: Int, continuation: CheckedContinuation<Void, any Error>)]] = [:]
    private var nextTicket = 0

    init(_ limits: [ModelRole: Int]) { self.limits = limits.mapValues { max(1, $0) } }

    /// Runs `body` once `role` has a free place, holding it until `body` returns or throws.
    func admitting<T: Sendable>(_ role: ModelRole, _ body: @Sendable () async throws -> T) async throws -> T {
        guard limits[role] != nil else { return try await body() }
        try await enter(role)
        do {
            let result = try await body()
            leave(role)
            return result
        } catch {
            leave(role)
            throw error
        }
    }

    private func enter(_ role: ModelRole) async throws {
        guard let limit = limits[role] else { return }
        if inService[role, default: 0] < limit {
            inService[role, default: 0] += 1
            return
        }
        let ticket = nextTicket
        nextTicket += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    waiting[role, default: []].append((ticket, continuation))
                }
            }
        } onCancel: {
            Task { await self.withdraw(ticket, of: role) }
        }
    }

    /// Gives `role`'s place to its longest waiter, or frees it.
    private func leave(_ role: ModelRole) {
        if var queue = waiting[role], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[role] = queue
            next.continuation.resume()
        } else {
            inService[role, default: 1] -= 1
        }
    }

    /// Ends a cancelled request's wait, if it is still waiting.
    private func withdraw(_ ticket: Int, of role: ModelRole) {
        guard let index = waiting[role]?.firstIndex(where: { $0.ticket == ticket }) else { return }
        let waiter = waiting[role]!.remove(at: index)
        waiter.continuation.resume(throwing: CancellationError())
    }
}
