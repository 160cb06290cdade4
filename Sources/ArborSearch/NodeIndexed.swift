import ArborCore

/// A value per node, kept in an array indexed by ``NodeID/rawValue`` (ids are dense), with a default for nodes never
/// written. The engine's bookkeeping (snapshots, attempts, refusals) is read on every iteration, and an array index
/// costs less than hashing the id.
struct NodeIndexed<Value> {
    private var values = ChunkedArray<Value>()
    private let absent: Value

    init(absent: Value) { self.absent = absent }

    subscript(node: NodeID) -> Value {
        get { node.rawValue >= 0 && node.rawValue < values.count ? values[node.rawValue] : absent }
        set {
            guard node.rawValue >= 0 else { return }
            while node.rawValue >= values.count { values.append(absent) }
            values[node.rawValue] = newValue
        }
    }
}
