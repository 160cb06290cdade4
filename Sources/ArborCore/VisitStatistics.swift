/// A node's visit count and the running mean of the values backed up through it. The engine and the fold
/// both update through this type, so a fold of the log reproduces the engine's Q to the last bit.
public struct VisitStatistics: Sendable, Equatable, Hashable {
    public private(set) var visits: Int = 0
    public private(set) var q: Double = 0

    public init() {}
    public init(visits: Int, q: Double) {
        self.visits = visits
        self.q = q
    }

    public mutating func record(_ value: Double) {
        visits += 1
        q += (value - q) / Double(visits)
    }
}
