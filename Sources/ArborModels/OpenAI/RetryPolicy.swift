import Foundation

/// When and how long to wait before trying a failed call again: exponential backoff with full jitter on
/// connection errors, 429 and 5xx, and the server's `Retry-After` when it sends one.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The first backoff; each later one doubles, up to `maxDelay`.
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A `Retry-After` longer than this is cut to it, so a misconfigured server cannot stall a search for hours.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(20),
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Whether an HTTP status is worth retrying: not 501, which says the server does not do this at all (llama.cpp's
    /// server answers it for embeddings unless started with `--embeddings`).
    public static func isRetryable(status: Int) -> Bool {
        status == 429 || ((500...599).contains(status) && status != 501)
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1): `Retry-After` when given, otherwise a
    /// uniformly random time up to the exponential ceiling (full jitter spreads out clients that failed together).
    public func delay<G: RandomNumberGenerator>(after attempt: Int, retryAfter: Duration?, using generator: inout G)
        -> Duration
    {
        if let retryAfter { return min(retryAfter, maxRetryAfter) }
        let ceiling = min(maxDelay, baseDelay * (1 << min(max(0, attempt - 1), 20)))
        let fraction = Double.random(in: 0.5...1.0, using: &generator)
        return ceiling * fraction
    }

    /// Reads `Retry-After`: delay seconds (`120`, `1.5`) or an HTTP date. Nil when absent or unreadable.
    public static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds >= 0, seconds.isFinite { return .milliseconds(Int(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
