import ArborCore
import ArborExport
import TerminalKit

/// The state of the diff screen (`arbor diff A B --tui`), and how keys change it: a task list over ``RunDiff`` and,
/// for the selected task, both committed trajectories side by side. Synchronous and free of curses, like ``Session``.
public struct DiffSession: Sendable {
    public enum Focus: Equatable, Sendable { case tasks, panes }
    /// Which side's tree is open in full (`a`/`b`).
    public enum Side: Equatable, Sendable { case a, b }

    public let a: ComparedRun
    public let b: ComparedRun
    public let diff: RunDiff
    public private(set) var focus: Focus = .tasks
    public private(set) var taskCursor = 0
    /// The step row under the cursor in the panes (both sides at once: rows are aligned by step).
    public private(set) var stepCursor = 0
    public private(set) var showsHelp = false
    public private(set) var helpScroll = 0
    /// The last thing said to the person; cleared by the next key.
    public internal(set) var notice: String?
    /// One side's whole tree, opened at the divergent node, while it is shown; Esc or q closes it.
    public private(set) var tree: (side: Side, session: Session)?
    /// First visible row of the task list and of the panes, and their heights, kept by the screen.
    var taskTop = 0
    var taskHeight = 5
    var stepTop = 0
    var stepHeight = 10
    /// How the two sides' screenshots are drawn (as symbols: the diff writes no pixel pictures), and those drawn.
    public var pictures = Pictures()

    public init(a: ComparedRun, b: ComparedRun) {
        self.a = a
        self.b = b
        diff = RunDiff(a.state, b.state)
        selectTask(0)
    }

    public var task: TaskComparison? { diff.tasks.indices.contains(taskCursor) ? diff.tasks[taskCursor] : nil }

    /// The selected task's episode on one side, if that run has it.
    func episode(_ side: Side) -> EpisodeTree? {
        let run = side == .a ? a : b
        guard let index = side == .a ? task?.a?.episode : task?.b?.episode else { return nil }
        return run.state.episodes[index]
    }

    /// The selected task's rows on one side (empty when that run lacks the task).
    func rows(_ side: Side) -> [TrajectoryRow] {
        episode(side).map { TrajectoryRow.rows(of: $0, divergence: task?.divergence) } ?? []
    }

    /// Rows in the panes: the longer side's.
    var rowCount: Int { max(rows(.a).count, rows(.b).count) }

    /// Tasks whose outcomes differ (including a task only one run has), by index.
    public var differing: [Int] { diff.tasks.indices.filter { diff.tasks[$0].outcomesDiffer } }

    // MARK: - Keys

    /// Applies one key (or click), and returns what it asks of the world outside: to quit, or (from an open tree) a
    /// theme.
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> [SessionEffect] {
        notice = nil
        if tree != nil { return handleInTree(event) }
        if showsHelp {
            let key = DiffKeys.move(for: event)
            showsHelp = HelpOverlay.handleKey(down: key == .down, up: key == .up, scroll: &helpScroll)
            return []
        }
        if case .mouse(let mouse) = event {
            switch mouse.kind {
            case .wheelUp: perform(.up)
            case .wheelDown: perform(.down)
            case .press: break
            }
            return []
        }
        guard let move = DiffKeys.move(for: event) else { return [] }
        return perform(move)
    }

    @discardableResult
    public mutating func perform(_ move: DiffMove) -> [SessionEffect] {
        switch move {
        case .quit: return [.quit]
        case .help: showsHelp = true
        case .switchFocus: focus = focus == .tasks ? .panes : .tasks
        case .back: focus = .tasks
        case .nextTask: selectTask(taskCursor + 1)
        case .previousTask: selectTask(taskCursor - 1)
        case .nextDiffering, .previousDiffering: jumpToDiffering(forward: move == .nextDiffering)
        case .treeA: openTree(.a)
        case .treeB: openTree(.b)
        case .down, .up, .top, .bottom, .pageDown, .pageUp:
            if focus == .tasks {
                selectTask(Self.moved(taskCursor, move, count: diff.tasks.count, page: taskHeight))
            } else {
                stepCursor = Self.moved(stepCursor, move, count: rowCount, page: stepHeight)
                revealStep()
            }
        }
        return []
    }

    private static func moved(_ index: Int, _ move: DiffMove, count: Int, page: Int) -> Int {
        let target: Int =
            switch move {
            case .down: index + 1
            case .up: index - 1
            case .top: 0
            case .bottom: count - 1
            case .pageDown: index + max(1, page - 1)
            case .pageUp: index - max(1, page - 1)
            default: index
            }
        return max(0, min(count - 1, target))
    }

    /// Selects a task (clamped) and puts the step cursor on its divergence, so the highlighted row is in view.
    mutating func selectTask(_ index: Int) {
        taskCursor = max(0, min(diff.tasks.count - 1, index))
        stepCursor = task?.divergence?.step ?? 0
        stepTop = 0
        revealStep()
        revealTask()
    }

    private mutating func jumpToDiffering(forward: Bool) {
        let candidates = differing
        guard !candidates.isEmpty else {
            notice = "every task has the same outcome in both runs"
            return
        }
        let next =
            forward
            ? candidates.first { $0 > taskCursor } ?? candidates[0]
            : candidates.last { $0 < taskCursor } ?? candidates[candidates.count - 1]
        if forward ? next <= taskCursor : next >= taskCursor { notice = "wrapped around" }
        selectTask(next)
    }

    /// Scrolls the panes so the step cursor's row is visible.
    mutating func revealStep() {
        let height = max(1, stepHeight)
        if stepCursor < stepTop { stepTop = stepCursor }
        if stepCursor >= stepTop + height { stepTop = stepCursor - height + 1 }
        stepTop = max(0, min(stepTop, max(0, rowCount - height)))
    }

    /// Scrolls the task list so the selected task is visible.
    mutating func revealTask() {
        let height = max(1, taskHeight)
        if taskCursor < taskTop { taskTop = taskCursor }
        if taskCursor >= taskTop + height { taskTop = taskCursor - height + 1 }
        taskTop = max(0, min(taskTop, max(0, diff.tasks.count - height)))
    }

    // MARK: - One side's whole tree

    /// Opens one side's episode of the selected task as the ordinary tree view, the cursor on the step under the
    /// diff's cursor (the divergent node, unless the person moved).
    private mutating func openTree(_ side: Side) {
        let run = side == .a ? a : b
        guard let episode = episode(side) else {
            notice = "run \(side == .a ? "A" : "B") has no episode of this task"
            return
        }
        var session = Session(library: run.library)
        // The tree draws its screenshots as the diff does (symbols in what the terminal shows, or none).
        session.pictures.look = pictures.look
        session.open(run: run.run)
        session.show(episode: episode.episode)
        let path = episode.committedPath
        session.move(to: path[min(stepCursor + 1, path.count - 1)])
        session.notice = "run \(side == .a ? "A" : "B")'s tree · Esc or q goes back to the diff"
        tree = (side, session)
    }

    /// Keys go to the tree view, except that Esc at its top level and q (or `:q`) close it.
    private mutating func handleInTree(_ event: InputEvent) -> [SessionEffect] {
        guard let side = tree?.side, var session = tree?.session else { return [] }
        let atTop = session.prompt == nil && !session.showsHelp && session.focus == .tree
        if atTop, event == .key(.escape) || event == .character("q") {
            tree = nil
            return []
        }
        let effects = session.handle(event)
        tree = effects.contains(.quit) ? nil : (side, session)
        return effects.filter { $0 != .quit }
    }

    /// Lets the screen keep the open tree's scroll state.
    mutating func withTree(_ body: (inout Session) -> Void) {
        guard let side = tree?.side, var session = tree?.session else { return }
        body(&session)
        tree = (side, session)
    }
}

extension TaskComparison {
    /// Whether the two runs ended this task differently (or only one of them has it).
    var outcomesDiffer: Bool { a?.outcome != b?.outcome }
}

extension DiffSession {
    /// The first screenshot `side` saw after the step under the cursor (at first, where the two runs part), drawn to
    /// fit `room`; nil when that step has none or pictures are off.
    mutating func picture(_ side: Side, fitting room: TerminalSize) -> Pictures.Shown? {
        let rows = rows(side)
        guard rows.indices.contains(stepCursor), let node = rows[stepCursor].node,
            let image = episode(side)?.images[node.id]?.first
        else { return nil }
        let library = (side == .a ? a : b).library
        return pictures.show(image.image, fitting: room) { library.image($0) }
    }
}
