import ArborCore
import Synchronization

/// A handle another task (a terminal UI, a test) uses to steer an episode that ``EpisodeRunner/run(controller:)``
/// is running: pause, resume, step a phase or an iteration, and the interventions of ``ControlRequest``.
///
/// Requests queue here and the runner takes them between phases, so the caller never waits on the engine. The
/// runner reports where it stands on ``statuses``.
public final class SearchController: Sendable {
    enum Command: Sendable {
        case pause(author: String)
        case resume(author: String)
        case stepPhase(author: String)
        case stepIteration(author: String)
        case intervene(ControlRequest, author: String, note: String?)

        var isResume: Bool {
            if case .resume = self { true } else { false }
        }
    }

    private let queue = Mutex<[Command]>([])
    /// Simulations the runner has in flight in a wave; commands wait for them.
    private let inFlight = Mutex(0)
    private let wakeup: AsyncStream<Void>.Continuation
    let wakeups: AsyncStream<Void>
    private let statusContinuation: AsyncStream<ControlStatus>.Continuation
    /// Where the runner stands each time it stops to wait, and once when the episode ends.
    public let statuses: AsyncStream<ControlStatus>

    /// `startPaused` holds the episode after it starts until a step or resume.
    public init(startPaused: Bool = false, author: String = "user") {
        (wakeups, wakeup) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        (statuses, statusContinuation) = AsyncStream.makeStream(of: ControlStatus.self)
        if startPaused { queue.withLock { $0.append(.pause(author: author)) } }
    }

    public func pause(author: String) { send(.pause(author: author)) }
    public func resume(author: String) { send(.resume(author: author)) }
    /// Performs one phase, then holds again.
    public func stepPhase(author: String) { send(.stepPhase(author: author)) }
    /// Performs phases to the end of the current iteration, then holds again.
    public func stepIteration(author: String) { send(.stepIteration(author: author)) }
    /// Asks for an intervention. While the search runs freely one that needs an iteration boundary waits for the next;
    /// while it is paused it is taken at once (and refused mid-iteration).
    public func request(_ request: ControlRequest, author: String, note: String? = nil) {
        send(.intervene(request, author: author, note: note))
    }

    private func send(_ command: Command) {
        queue.withLock { $0.append(command) }
        wakeup.yield()
        // A wave of simulations is one phase: a command is taken when its simulations have finished.
        let waiting = inFlight.withLock { $0 }
        if waiting > 0, !command.isResume { report(.waiting(simulations: waiting)) }
    }

    /// The runner's word that `count` simulations are in flight (0 when the wave is over).
    func simulationsInFlight(_ count: Int) {
        inFlight.withLock { $0 = count }
    }

    func take() -> [Command] {
        queue.withLock { commands in
            defer { commands = [] }
            return commands
        }
    }

    func report(_ status: ControlStatus) {
        statusContinuation.yield(status)
        if status == .finished { statusContinuation.finish() }
    }
}

/// An intervention a person asks of a running episode.
public enum ControlRequest: Sendable, Equatable {
    case expand(NodeID)
    case reevaluate(NodeID)
    case overrideValue(NodeID, Double)
    case exclude(NodeID)
    case allow(NodeID)
    case commit(NodeID)
    case backtrack(to: NodeID)
    /// Locks the root at the node; asked for the node already locked, lifts the lock (so one key toggles it).
    case lockRoot(NodeID)
    case unlockRoot

    /// Whether it changes the tree's shape or statistics, and so must wait for an iteration boundary.
    var needsBoundary: Bool {
        switch self {
        case .exclude, .allow: false
        default: true
        }
    }
}

/// Where an episode under control stands.
public enum ControlStatus: Sendable, Equatable {
    /// Holding before `next`, with the step and the iterations begun in it.
    case paused(step: Int, iteration: Int, next: SearchPhase)
    /// A command arrived while `simulations` were in flight together: it is taken once they have all finished.
    case waiting(simulations: Int)
    case finished
}
