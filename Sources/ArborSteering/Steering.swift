import ArborCore
import ArborSearch
import ArborTUI
import Foundation
import Synchronization

/// Steers the episodes of one run in this process: makes each episode's ``SearchController`` (for
/// `RunDriver(controller:)`), routes a person's controls to the right one, and keeps the front end's panel saying
/// whether the search is paused and what phase runs next. Pause and resume hold for the whole run, so an episode
/// that starts while paused starts paused.
public final class Steering: Sendable {
    private struct State {
        var paused: Bool
        var live: [Int: SearchController] = [:]
    }
    public let author: String
    public let panel = SteeringPanel()
    private let state: Mutex<State>

    public init(author: String, paused: Bool) {
        self.author = author
        state = Mutex(State(paused: paused))
        if paused { panel.update(paused: true, line: "PAUSED · Space resumes, . steps an iteration, , a phase") }
    }

    /// The controller for a new episode; forgets it when the episode ends.
    public func controller(for episode: Int) -> SearchController {
        let controller = state.withLock { state in
            let made = SearchController(startPaused: state.paused, author: author)
            state.live[episode] = made
            return made
        }
        Task { [panel, self] in
            for await status in controller.statuses {
                switch status {
                case .paused(_, _, let next):
                    panel.update(paused: true, line: "PAUSED · next: \(next)")
                case .waiting(let simulations):
                    panel.update(
                        paused: false, line: "waiting for the \(simulations) simulations in flight to finish")
                case .finished:
                    state.withLock { _ = $0.live.removeValue(forKey: episode) }
                }
            }
        }
        return controller
    }

    /// The episodes running now.
    public var liveEpisodes: [Int] { state.withLock { $0.live.keys.sorted() } }

    /// What came of sending a control: refused here, or sent to an episode's engine (nil for run-wide pause and
    /// resume), which records the outcome as an `intervention` event.
    public enum Sending: Equatable, Sendable {
        case refused(String)
        case sent(episode: Int?)
    }

    /// Sends one control to its episode (the newest running one when `episode` is nil).
    @discardableResult
    public func send(
        _ kind: InterventionKind, episode: Int?, node: NodeID?, value: Double? = nil, note: String? = nil,
        author: String? = nil
    ) -> Sending {
        let author = author ?? self.author
        switch kind {
        case .pause, .resume:
            let controllers = state.withLock { state in
                state.paused = kind == .pause
                return Array(state.live.values)
            }
            for controller in controllers {
                if kind == .pause { controller.pause(author: author) } else { controller.resume(author: author) }
            }
            if kind == .resume { panel.update(paused: false, line: nil) }
            return .sent(episode: nil)
        case .annotate:
            return .refused("annotations are made with `arbor annotate`, not sent to the engine")
        default: break
        }
        let target = state.withLock { state in
            if let episode { return state.live[episode].map { (episode, $0) } }
            return state.live.max { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        guard let (chosen, controller) = target else {
            return .refused(
                episode.map { "episode \($0 + 1) is not running (it has ended or not started)" }
                    ?? "no episode is running")
        }
        let request: ControlRequest
        switch (kind, node, value) {
        case (.stepIteration, _, _):
            controller.stepIteration(author: author)
            return .sent(episode: chosen)
        case (.stepPhase, _, _):
            controller.stepPhase(author: author)
            return .sent(episode: chosen)
        case (.unlockRoot, _, _): request = .unlockRoot
        case (_, nil, _): return .refused("\(kind.rawValue) needs a node")
        case (.expand, let node?, _): request = .expand(node)
        case (.reevaluate, let node?, _): request = .reevaluate(node)
        case (.backtrack, let node?, _): request = .backtrack(to: node)
        case (.commit, let node?, _): request = .commit(node)
        case (.exclude, let node?, _): request = .exclude(node)
        case (.allow, let node?, _): request = .allow(node)
        case (.lockRoot, let node?, _): request = .lockRoot(node)
        case (.overrideValue, let node?, let value?): request = .overrideValue(node, value)
        case (.overrideValue, _, nil): return .refused("override needs a value in [0, 1]")
        default: return .refused("\(kind.rawValue) is not a control the engine takes")
        }
        controller.request(request, author: author, note: note)
        return .sent(episode: chosen)
    }

    /// What the front end does with a control a key asked for: sends it, and says at once if it could not be sent.
    public var steer: (SteerRequest, inout Session) -> Void {
        { [self] request, session in
            let sending = send(
                request.kind, episode: request.episode, node: request.node, value: request.value, note: request.note)
            if case .refused(let why) = sending {
                session.say("\(request.kind.rawValue): refused: \(why)")
            } else if request.kind == .stepIteration || request.kind == .stepPhase {
                panel.update(paused: true, line: "stepping…")
            }
        }
    }
}
