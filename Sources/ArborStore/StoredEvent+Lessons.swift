import ArborCore

extension StoredEvent {
    /// The lessons `events` (a run's `reflectionCreated` events) made, oldest first (by time, then id), each once,
    /// of `kind` when given. Read from the log rather than the `reflections` table, whose row for a lesson names only
    /// the run that first made it: a lesson a named run made again belongs to that run too.
    package static func lessons(madeBy events: [StoredEvent], kind: ReflectionKind?) throws(StoreError)
        -> [Reflection]
    {
        var made: [(time: Double, reflection: Reflection)] = []
        for stored in events where stored.kind == EventKind.reflectionCreated.rawValue {
            guard case .reflectionCreated(let created) = try stored.record().event else { continue }
            if let kind, created.reflection.kind != kind { continue }
            made.append((stored.time, created.reflection))
        }
        var seen: Set<String> = []
        return made.sorted { ($0.time, $0.reflection.id) < ($1.time, $1.reflection.id) }.map(\.reflection).filter {
            seen.insert($0.id).inserted
        }
    }
}
