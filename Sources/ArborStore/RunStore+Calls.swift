import ArborCore
import GRDB

/// What one role's model calls in a run came to: how many, how many answered from the cache or failed, the tokens,
/// the time and the cost.
public struct RoleCallTotals: Sendable, Equatable {
    public var role: String
    public var model: String
    public var calls: Int
    public var cached: Int
    public var errors: Int
    public var tokensIn: Int
    public var tokensOut: Int
    public var latencyMs: Double
    /// Dollars, summed over the calls that had a price; nil when none had one.
    public var costUSD: Double?

    public init(
        role: String, model: String, calls: Int, cached: Int, errors: Int, tokensIn: Int, tokensOut: Int,
        latencyMs: Double, costUSD: Double?
    ) {
        self.role = role
        self.model = model
        self.calls = calls
        self.cached = cached
        self.errors = errors
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.latencyMs = latencyMs
        self.costUSD = costUSD
    }
}

/// Token and cost accounting per role, read from `model_calls` (one row per `modelCall` event).
extension RunStore {
    /// The run's model calls summed by role and model, in the order each pair was first called.
    public func callTotals(run: RunID) throws(StoreError) -> [RoleCallTotals] {
        _ = try self.run(run)
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT role, model, COUNT(*) AS calls, SUM(cached) AS cached, COUNT(error) AS errors,
                        SUM(tokens_in) AS tokens_in, SUM(tokens_out) AS tokens_out, SUM(latency_ms) AS latency,
                        SUM(cost) AS cost, MIN(seq) AS first
                    FROM model_calls WHERE run = ? GROUP BY role, model ORDER BY first
                    """, arguments: [run]
            ).map { row in
                RoleCallTotals(
                    role: row["role"], model: row["model"], calls: row["calls"], cached: row["cached"],
                    errors: row["errors"], tokensIn: row["tokens_in"], tokensOut: row["tokens_out"],
                    latencyMs: row["latency"], costUSD: row["cost"])
            }
        }
    }
}
