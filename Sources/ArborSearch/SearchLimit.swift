/// Why the search may go no further from a state: ExACT's early stop, applied inside the search as well as to the
/// real episode. A state past a limit is a dead end, valued 0 without asking anyone.
enum SearchLimit: Sendable, Equatable {
    /// The path holds `maxSteps` actions: the episode could take no step after it.
    case horizon
    /// The path repeats one action past ``SearchConfig/repeatLimit``.
    case repeating

    /// The limit the state reached by `actions` (from the episode's root) is past, if any. `ended` says whether the
    /// environment ended the episode there; a `stop`, or a state the environment ended, is judged, not cut short.
    static func reached(by actions: [String], ended: Bool, config: SearchConfig) -> SearchLimit? {
        guard let last = actions.last, !last.hasPrefix("stop"), !ended else { return nil }
        if config.searchHorizon, actions.count >= config.maxSteps { return .horizon }
        if repeats(actions, limit: config.repeatLimit) { return .repeating }
        return nil
    }

    /// ExACT's rule: the last `limit` actions are all the last one; a typing action counts over the whole path, since
    /// typing the same text again after other steps is the same failure.
    static func repeats(_ actions: [String], limit: Int) -> Bool {
        guard limit > 0, let last = actions.last else { return false }
        if last.hasPrefix("type") {
            return actions.count { $0 == last } >= limit
        }
        return actions.count >= limit && actions.suffix(limit).allSatisfy { $0 == last }
    }
}
