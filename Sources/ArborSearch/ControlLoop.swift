import ArborCore

/// The runner's side of a ``SearchController``: takes its commands between phases and holds while paused.
struct ControlLoop {
    enum Credit { case phase, iteration }

    let controller: SearchController
    private var wakeups: AsyncStream<Void>.Iterator
    private var paused = false
    private var credit: Credit?
    /// Requests that arrived mid-iteration while running freely; taken at the next boundary.
    private var deferred: [(ControlRequest, String, String?)] = []
    /// The last status reported, so a wake-up that changed nothing is not reported twice.
    private var reported: ControlStatus?

    init(controller: SearchController) {
        self.controller = controller
        wakeups = controller.wakeups.makeAsyncIterator()
    }

    /// Takes pending commands; returns true when the runner may perform a phase, false when it should look again
    /// (the episode may have ended or the task been cancelled meanwhile). Holds while paused.
    mutating func awaitPermission(_ runner: EpisodeRunner) async -> Bool {
        guard runner.pending != .start else { return true }
        if runner.pending.isIterationBoundary, !deferred.isEmpty {
            let waiting = deferred
            deferred = []
            for (request, author, note) in waiting { await apply(request, author, note, runner) }
        }
        for command in controller.take() {
            switch command {
            case .pause(let author):
                paused = true
                credit = nil
                runner.note(.pause, author: author)
            case .resume(let author):
                paused = false
                credit = nil
                runner.note(.resume, author: author)
            case .stepPhase(let author):
                credit = .phase
                runner.note(.stepPhase, author: author)
            case .stepIteration(let author):
                credit = .iteration
                runner.note(.stepIteration, author: author)
            case .intervene(let request, let author, let note):
                if !paused, request.needsBoundary, !runner.pending.isIterationBoundary {
                    deferred.append((request, author, note))
                } else {
                    await apply(request, author, note, runner)
                }
            }
        }
        guard runner.pending != .finished else { return false }
        if !paused || credit != nil { return true }
        let status = ControlStatus.paused(step: runner.step, iteration: runner.iteration, next: runner.pending)
        if status != reported { controller.report(status) }
        reported = status
        _ = await wakeups.next(isolation: #isolation)
        return false
    }

    /// Spends step credit after a phase.
    mutating func advanced(_ runner: EpisodeRunner) {
        switch credit {
        case .phase: credit = nil
        case .iteration where runner.pending.isIterationBoundary || runner.pending == .finished: credit = nil
        default: break
        }
    }

    private func apply(_ request: ControlRequest, _ author: String, _ note: String?, _ runner: EpisodeRunner) async {
        switch request {
        case .expand(let node): runner.forceExpansion(at: node, author: author, note: note)
        case .reevaluate(let node): await runner.reevaluate(node, author: author, note: note)
        case .overrideValue(let node, let value): runner.overrideValue(node, value: value, author: author, note: note)
        case .exclude(let node): runner.exclude(node, author: author, note: note)
        case .allow(let node): runner.allow(node, author: author, note: note)
        case .commit(let node): await runner.commitNow(node, author: author, note: note)
        case .backtrack(let node): await runner.backtrack(to: node, author: author, note: note)
        case .lockRoot(let node) where runner.lockedRoot == node: runner.unlockRoot(author: author, note: note)
        case .lockRoot(let node): runner.lockRoot(at: node, author: author, note: note)
        case .unlockRoot: runner.unlockRoot(author: author, note: note)
        }
    }
}
