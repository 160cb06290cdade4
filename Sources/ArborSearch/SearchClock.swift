/// Where the engine reads time. Only durations and wall-clock budgets use it, never event payloads' identity, and
/// tests inject a clock of their own so recorded durations are fixed.
public protocol SearchClock: Sendable {
    /// Seconds since some fixed point; only differences matter.
    func seconds() -> Double
}

/// The machine's monotonic clock.
public struct SystemClock: SearchClock {
    private let origin = ContinuousClock.now

    public init() {}

    public func seconds() -> Double {
        let elapsed = ContinuousClock.now - origin
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}
