/// The data of one kind of event, and everything the vocabulary says about that kind, written once beside its type:
/// its name, where in the run it belongs, and what it does to the fold.
///
/// Adding a kind of event means writing its payload type with this conformance (its fold included), naming it in
/// ``Event`` (a case, and a line in each of the two tables there), and writing its encoding in the store.
public protocol EventPayload: Sendable, Codable, Equatable {
    /// The name stored beside the payload.
    static var kind: EventKind { get }
    /// The payload as an event.
    var event: Event { get }
    /// The episode the event belongs to and the node it is chiefly about, when it has them (the store indexes both).
    var place: (episode: Int?, node: NodeID?) { get }
    /// What the event changes in the run as a whole; applied before ``fold(into:seq:)-(EpisodeTree,_)``.
    func fold(into run: inout RunState, seq: Int64) throws(FoldError)
    /// What the event changes in the tree of the episode it belongs to.
    func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError)
}

extension EventPayload {
    public func fold(into run: inout RunState, seq: Int64) throws(FoldError) {}
    public func fold(into tree: inout EpisodeTree, seq: Int64) throws(FoldError) {}
}

/// Work done with an event's payload as its own type, so that no switch over the kinds is needed to do it
/// (``Event/visit(_:)`` is the one place that lists them).
public protocol EventVisitor {
    associatedtype Result
    associatedtype Failure: Error = Never
    mutating func visit<Payload: EventPayload>(_ payload: Payload) throws(Failure) -> Result
}
