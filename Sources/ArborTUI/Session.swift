import ArborCore
import Foundation
import TerminalKit

/// The whole state of the front end, and how it changes: keys and new events go in through `handle`/`receive`
/// (a key's effects on the world outside come back as ``SessionEffect``s), and `Screen` draws it. Everything here is synchronous and free of curses, so tests drive it key by key.
public struct Session: Sendable {
    public enum Page: Equatable, Sendable { case runs, episodes, tree }
    public enum Pane: Equatable, Sendable { case tree, inspector }
    /// What the status bar says the run is doing.
    public enum Mode: String, Sendable { case live, paused, finished, interrupted, failed, saved, replay }

    public let library: any RunLibrary
    /// A saved run opened as a timeline (`arbor replay`), nil otherwise.
    public internal(set) var timeline: Timeline?
    public internal(set) var autoplay = false
    /// The open run's annotations (current versions).
    public internal(set) var annotations: [Annotation] = []
    /// Seconds between events while autoplay runs.
    var autoplayDelay = 0.2
    public internal(set) var page: Page = .runs
    public private(set) var focus: Pane = .tree
    public private(set) var runs: [RunListing] = []
    /// The workers and queue beside the runs list, when the store has a queue.
    public private(set) var fleet: Fleet?
    public private(set) var runCursor = 0
    public private(set) var model: RunModel?
    public private(set) var episodeCursor = 0
    public private(set) var episode: Int?
    /// The tree pane: its outline, cursor, scroll and chosen root.
    public internal(set) var viewport = TreeViewport()
    /// The node under the tree's cursor.
    public var cursor: NodeID { viewport.cursor }
    /// The inspector pane: its tab, scroll and open call.
    public internal(set) var inspector = InspectorState()
    public internal(set) var follow = true
    public private(set) var frozen = false
    public private(set) var pending: [EventRecord] = []
    /// The `:` command line, the `/` search line or an annotation being typed.
    public private(set) var promptLine: PromptLine?
    /// What the prompt line holds; setting it opens a new line with the cursor at its end.
    public internal(set) var prompt: PromptLine.Prompt? {
        get { promptLine?.prompt }
        set { promptLine = newValue.map(PromptLine.init) }
    }
    public private(set) var showsHelp = false
    /// How far the help overlay is scrolled, when it does not fit.
    public private(set) var helpScroll = 0
    /// The last thing said to the person; cleared by the next key.
    public internal(set) var notice: String? {
        didSet {
            guard let notice, notice != messages.last else { return }
            messages.append(notice)
            if messages.count > Self.messagesKept { messages.removeFirst() }
        }
    }
    /// Everything said to the person, oldest first, the last ``messagesKept`` of it: `:messages` shows it whole,
    /// since the status bar cuts a long message.
    public private(set) var messages: [String] = []
    static let messagesKept = 100
    /// Whether the `:messages` overlay is open.
    public private(set) var showsMessages = false
    /// What the status line says: the last notice, else the steering side's state (e.g. paused, next phase).
    public var message: String? {
        let parts = [steering?.line, notice].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }
    /// Set when this front end can steer the search (`arbor demo`, `arbor watch --control`).
    public var steering: SteeringPanel?
    /// How many episodes a run started in this process will have (its task list), so the status bar counts
    /// `ep k/N` of the whole run rather than of the episodes begun so far.
    public var plannedEpisodes: (run: RunID, count: Int)?
    public private(set) var searchQuery: String?
    public private(set) var themeName: String
    /// What the key being handled asks of the world outside, in order; `handle`, `perform` and `run(command:)`
    /// return them.
    var effects: [SessionEffect] = []
    /// The run's settings as `arbor run` flags, to prefill the fork prompt with; set by the command that can fork.
    public var forkSettings: (@Sendable (RunStarted) -> String)?
    /// Set when the run is being written right now (by this process or another).
    public internal(set) var isLive = false
    /// Why following the live run failed, if it did: the header stops saying LIVE, since new events no longer come.
    public private(set) var followLost: String?
    /// The screenshots: how they are drawn, whether one fills the window, the ones already drawn.
    public var pictures = Pictures()
    private var blobCache: [BlobRef: String] = [:]
    private var lessonCache: [String: StoredLesson?] = [:]

    public init(library: any RunLibrary, theme: String = "dark") {
        self.library = library
        self.themeName = theme
    }

    // MARK: - Opening

    /// Reloads the runs list.
    public mutating func refreshRuns() {
        fleet = library.fleet()
        do {
            runs = try library.runs().sorted { $0.id > $1.id }
            runCursor = min(runCursor, max(0, runs.count - 1))
        } catch {
            notice = "could not read runs: \(error)"
        }
    }

    /// Opens a run: folds its whole log so far and shows its latest episode's tree.
    public mutating func open(run id: RunID, live: Bool = false) {
        followLost = nil
        var model = RunModel(run: id)
        var from: Int64 = 1
        do {
            while true {
                let batch = try library.events(run: id, from: from, limit: 50_000)
                for record in batch { try model.apply(record) }
                guard let last = batch.last, batch.count == 50_000 else { break }
                from = last.seq + 1
            }
        } catch {
            notice = "run \(id): \(error)"
        }
        self.model = model
        reloadAnnotations()
        isLive = live || model.state.status == .running
        follow = isLive
        pending = []
        let episodes = model.state.orderedEpisodes
        if let last = episodes.last {
            show(episode: last.episode)
        } else {
            page = .episodes
            episode = nil
        }
    }

    mutating func show(episode index: Int) {
        guard let tree = model?.state.episodes[index] else {
            notice = "no episode \(index + 1) in this run"
            return
        }
        episode = index
        episodeCursor = model?.state.orderedEpisodes.firstIndex { $0.episode == index } ?? 0
        page = .tree
        let start = follow ? (tree.activeNode ?? tree.committedNode) : defaultViewRoot(tree)
        // The pane keeps its height and scroll (which reveal clamps); the rest starts afresh.
        let (height, scrollTop) = (viewport.height, viewport.scrollTop)
        viewport = TreeViewport(showing: tree, cursor: start)
        (viewport.height, viewport.scrollTop) = (height, scrollTop)
        inspector.reset()
        reveal()
    }

    /// Shows another state of the same run (a replay's seek).
    mutating func replaceModel(_ model: RunModel) { self.model = model }

    public var tree: EpisodeTree? { episode.flatMap { model?.state.episodes[$0] } }

    public var mode: Mode {
        guard let model else { return .saved }
        if timeline != nil { return .replay }
        switch model.state.status {
        case .running: return isLive ? (steering?.isPaused == true || pausedInLog ? .paused : .live) : .interrupted
        case .finished: return .finished
        case .interrupted: return .interrupted
        case .failed: return .failed
        }
    }

    /// Whether the newest episode's last pause or resume was a pause: how a watcher in another process knows the
    /// search is held (an in-process front end also has the steering panel).
    var pausedInLog: Bool {
        guard let newest = model?.state.orderedEpisodes.last else { return false }
        return newest.interventions.last { $0.kind == .pause || $0.kind == .resume }?.kind == .pause
    }

    /// A large text, from the cache or the library.
    public mutating func text(_ ref: BlobRef) -> String? {
        if let cached = blobCache[ref] { return cached }
        let text = library.text(ref)
        if let text { blobCache[ref] = text }
        return text
    }

    /// A lesson of an earlier run, from the cache or the library.
    public mutating func lesson(_ id: String) -> StoredLesson? {
        if let cached = lessonCache[id] { return cached }
        let found = library.lesson(id: id)
        lessonCache[id] = found
        return found
    }

    // MARK: - Events from a live run

    /// New events of the open run. Applied at once unless the view is frozen.
    public mutating func receive(_ records: [EventRecord]) {
        guard model != nil, !records.isEmpty else { return }
        if frozen {
            pending += records
            return
        }
        apply(records)
    }

    /// Following the live run failed (the file went away, a read failed): say so, and stop claiming to be live.
    public mutating func followFailed(_ reason: String) {
        followLost = reason
        notice = "stopped following the run: \(reason)"
    }

    private mutating func apply(_ records: [EventRecord]) {
        guard var model else { return }
        let episodesBefore = model.state.episodes.count
        for record in records {
            do { try model.apply(record) } catch {
                notice = "event \(record.seq): \(error)"
                break
            }
            if case .intervention(let intervention) = record.event { notice = Self.describe(intervention) }
        }
        self.model = model
        if model.state.status != .running { isLive = false }
        // Follow a new episode when it starts; otherwise refresh the current tree.
        if follow, model.state.episodes.count > episodesBefore,
            let newest = model.state.orderedEpisodes.max(by: { $0.episode < $1.episode })
        {
            show(episode: newest.episode)
            return
        }
        guard let tree else { return }
        viewport.outline.update(tree)
        if follow, page == .tree, let active = tree.activeNode {
            viewport.cursor = active
            reveal()
        }
    }

    // MARK: - Keys

    /// Applies one key (or click, or paste), and returns what it asks of the world outside.
    @discardableResult
    public mutating func handle(_ event: InputEvent) -> [SessionEffect] {
        collecting { $0.take(event) }
    }

    /// What `body` asked of the world outside, taken from the session.
    private mutating func collecting(_ body: (inout Session) -> Void) -> [SessionEffect] {
        effects = []
        body(&self)
        defer { effects = [] }
        return effects
    }

    private mutating func take(_ event: InputEvent) {
        notice = nil
        if promptLine != nil {
            switch promptLine?.edit(event) {
            case .cancelled: promptLine = nil
            case .entered(let entered):
                promptLine = nil
                enter(entered)
            default: break
            }
            return
        }
        if showsHelp || showsMessages {
            let key = KeyMap.command(for: event)
            let open = HelpOverlay.handleKey(down: key == .down, up: key == .up, scroll: &helpScroll)
            showsHelp = showsHelp && open
            showsMessages = showsMessages && open
            return
        }
        if case .mouse(let mouse) = event {
            click(mouse)
            return
        }
        if case .paste = event { return }
        guard let command = KeyMap.command(for: event) else { return }
        // A zoomed picture closes with Esc, as an overlay does; moves still move the cursor, and the picture follows.
        if pictures.zoomed, command == .back {
            pictures.zoomed = false
            return
        }
        act(command)
    }

    /// Does what a key of the key map does, and returns what it asks of the world outside.
    @discardableResult
    public mutating func perform(_ command: Command) -> [SessionEffect] {
        collecting { $0.act(command) }
    }

    private mutating func act(_ command: Command) {
        switch command {
        case .quit: effects.append(.quit)
        case .help: showsHelp = true
        case .commandLine: prompt = .command("")
        case .search: prompt = .search("")
        case .back: back()
        case .open: open()
        case .follow where timeline != nil: beginFork()
        case .follow:
            follow.toggle()
            notice = follow ? "following the active node" : "follow off"
            if follow, let active = tree?.activeNode { move(to: active) }
        case .freeze:
            frozen.toggle()
            if !frozen, !pending.isEmpty {
                let waiting = pending
                pending = []
                apply(waiting)
            }
            notice = frozen ? "frozen: new events wait until Z" : "unfrozen"
        case .switchPane:
            if page == .tree { focus = focus == .tree ? .inspector : .tree }
        case .nextTab: inspector.selectTab(after: true)
        case .previousTab: inspector.selectTab(after: false)
        case .tab(let t): inspector.select(t)
        case .replay(let move): replay(move)
        case .annotateNode, .annotateTrajectory:
            guard page == .tree, tree != nil else { return }
            prompt = .annotate("", trajectory: command == .annotateTrajectory)
        case .steer(let steer) where timeline != nil:
            // In a replay the steering keys move along the timeline instead.
            switch steer {
            case .pauseResume: replay(.autoplay)
            case .stepIteration: replay(.forwardIteration)
            case .stepPhase: replay(.forwardEvent)
            default: notice = "a replay cannot steer the search it shows"
            }
        case .steer(let steer): ask(steer)
        case .rootView:
            guard page == .tree else { return }
            rootView(at: cursor)
        case .wholeTree:
            guard page == .tree else { return }
            rootView(at: viewport.chosenRoot == nil && viewport.outline.top != .root ? .root : nil)
        case .zoomPicture: toggleZoom()
        case .nextMatch: findMatch(forward: true)
        case .previousMatch: findMatch(forward: false)
        default:
            switch page {
            case .runs: moveList(command, cursor: &runCursor, count: runs.count)
            case .episodes:
                moveList(command, cursor: &episodeCursor, count: model?.state.episodes.count ?? 0)
            case .tree:
                if focus == .inspector { scrollInspector(command) } else { moveInTree(command) }
            }
        }
    }

    private mutating func back() {
        switch page {
        case .tree:
            if focus == .inspector {
                focus = .tree
            } else {
                page = .episodes
            }
        case .episodes:
            page = .runs
            refreshRuns()
        case .runs: break
        }
    }

    private mutating func open() {
        switch page {
        case .runs:
            guard runs.indices.contains(runCursor) else { return }
            open(run: runs[runCursor].id)
        case .episodes:
            guard let episodes = model?.state.orderedEpisodes, episodes.indices.contains(episodeCursor) else { return }
            follow = false
            show(episode: episodes[episodeCursor].episode)
        case .tree:
            if focus == .inspector, inspector.tab == .calls {
                inspector.openNextCall(of: model?.details(episode: episode ?? 0, node: cursor).calls.count ?? 0)
            } else {
                viewport.outline.toggleFold(cursor)
            }
        }
    }

    private func moveList(_ command: Command, cursor: inout Int, count: Int) {
        guard count > 0 else { return }
        switch command {
        case .down: cursor = min(count - 1, cursor + 1)
        case .up: cursor = max(0, cursor - 1)
        case .top: cursor = 0
        case .bottom: cursor = count - 1
        case .pageDown: cursor = min(count - 1, cursor + 10)
        case .pageUp: cursor = max(0, cursor - 10)
        default: break
        }
    }

    private mutating func scrollInspector(_ command: Command) {
        if inspector.scroll(command) { return }
        switch command {
        case .toParent: focus = .tree
        // Jumps name their node, so they act on the tree from either pane; the tree's other moves need its focus.
        case .jumpToActive, .jumpToCommitted: moveInTree(command)
        default: break
        }
    }

    private mutating func moveInTree(_ command: Command) {
        guard let tree else { return }
        let node = tree[cursor]
        switch command {
        case .down, .up, .pageDown, .pageUp, .top, .bottom:
            switch viewport.lineMove(command, in: tree) {
            case .row(let node)?: move(to: node, byHand: true)
            // Up from the first row climbs the breadcrumb: the view is rooted one step higher.
            case .climb(let parent)?:
                viewport.chosenRoot = parent
                move(to: parent, byHand: true)
            case nil: break
            }
        case .toParent:
            if !node.children.isEmpty, !viewport.outline.isFolded(cursor) {
                viewport.outline.setFolded(cursor, true)
            } else if let parent = node.parent {
                move(to: parent, byHand: true)
            }
        case .toChild:
            if viewport.outline.isFolded(cursor) {
                viewport.outline.setFolded(cursor, false)
            } else if let first = viewport.outline.children(of: cursor).first {
                move(to: first, byHand: true)
            }
        case .nextSibling, .previousSibling:
            guard let parent = node.parent else { return }
            let siblings = viewport.outline.children(of: parent)
            guard let index = siblings.firstIndex(of: cursor) else { return }
            let next = command == .nextSibling ? index + 1 : index - 1
            if siblings.indices.contains(next) { move(to: siblings[next], byHand: true) }
        case .jumpToActive:
            if let active = tree.activeNode { move(to: active, byHand: true) }
        case .jumpToCommitted:
            move(to: tree.committedNode, byHand: true)
        default: break
        }
    }

    /// Puts the cursor on `node`, unfolding what hides it. Moving by hand stops following.
    public mutating func move(to node: NodeID, byHand: Bool = false) {
        guard let tree, tree.contains(node) else { return }
        if byHand && follow && isLive {
            follow = false
            notice = "follow off (F to follow again)"
        }
        if cursor != node { inspector.reset() }
        viewport.cursor = node
        reveal()
    }

    /// Where the tree view is rooted when the person has not chosen: the node the latest step searches from.
    func defaultViewRoot(_ tree: EpisodeTree) -> NodeID {
        model?.searchRoot(episode: tree.episode) ?? tree.committedNode
    }

    /// Places the tree view for the chosen root (or the current real state) and the cursor.
    mutating func placeView() {
        guard let tree else { return }
        viewport.place(in: tree, current: defaultViewRoot(tree))
    }

    /// Roots the view at `node` (`r`), or back at the current real state.
    mutating func rootView(at node: NodeID?) {
        guard let tree else { return }
        viewport.chosenRoot = node
        // The cursor goes along when the new view does not hold it.
        let wanted = node ?? defaultViewRoot(tree)
        if !tree.path(to: cursor).contains(wanted) { viewport.cursor = wanted }
        placeView()
        reveal()
        let top = viewport.outline.top
        notice =
            node == nil
            ? "view from the current state, \(top) (r roots it at the cursor, R shows the whole episode)"
            : "view from \(top)\(top == .root ? "" : " — k on its first row climbs the breadcrumb"); R: back to the current state"
    }

    /// Scrolls the tree so the cursor's row is visible.
    mutating func reveal() {
        guard let tree else { return }
        viewport.reveal(in: tree, current: defaultViewRoot(tree))
    }

    private mutating func click(_ mouse: MouseEvent) {
        switch mouse.kind {
        case .wheelUp, .wheelDown:
            // The wheel acts on the pane under the pointer, whichever has the focus.
            let command: Command = mouse.kind == .wheelUp ? .up : .down
            if page == .tree, let layout = lastLayout, layout.inspector.contains(x: mouse.x, y: mouse.y) {
                scrollInspector(command)
            } else if page == .tree {
                moveInTree(command)
            } else {
                act(command)
            }
        case .press:
            // A click on the replay's timeline goes to the event under it.
            if let timeline, let bar = lastLayout?.timeline, bar.contains(x: mouse.x, y: mouse.y) {
                let clicked = TimelineBar(timeline: timeline, playing: autoplay)
                if let position = clicked.position(atColumn: mouse.x - bar.x, width: bar.width) { seek(position) }
                return
            }
            guard page == .tree, let layout = lastLayout else { return }
            if layout.tree.contains(x: mouse.x, y: mouse.y) {
                focus = .tree
                if mouse.y == layout.tree.y, let parent = tree?.parent(of: viewport.outline.top) {
                    // The breadcrumb: a click climbs one step.
                    viewport.chosenRoot = parent
                    move(to: parent, byHand: true)
                } else if mouse.y > layout.tree.y, mouse.y < layout.tree.maxY - 1,
                    let node = viewport.node(atRowOffset: mouse.y - layout.tree.y - 1)
                {
                    move(to: node, byHand: true)
                }
            } else if layout.inspector.contains(x: mouse.x, y: mouse.y) {
                focus = .inspector
                // A click on the tab bar (the pane's third line) picks that tab.
                if mouse.y == layout.inspector.y + 2,
                    let clicked = InspectorView.tab(at: mouse.x - layout.inspector.x, width: layout.inspector.width)
                {
                    inspector.select(clicked)
                }
            }
        }
    }

    /// Where the panes were last drawn, for mouse clicks.
    var lastLayout: Layout?

    // MARK: - Command line and search

    /// Does what a prompt line asked for when Enter ended it.
    private mutating func enter(_ entered: PromptLine.Prompt) {
        switch entered {
        case .command(let text): execute(text)
        case .search(let text): search(text)
        case .annotate(let text, let trajectory): annotate(text, trajectory: trajectory)
        }
    }

    /// Runs a `:` command: `run N`, `episode N`, `goto NODE`, `event N` (a replay), `why`, `pause`, `resume`,
    /// `theme NAME`, `q`.
    @discardableResult
    public mutating func run(command line: String) -> [SessionEffect] {
        collecting { $0.execute(line) }
    }

    private mutating func execute(_ line: String) {
        let command: TypedCommand
        switch TypedCommand.parse(line) {
        case nil: return
        case .success(let typed): command = typed
        case .failure(.notANumber(let verb)):
            switch verb {
            case "run": return fail("run takes a number: :run 3")
            case "episode": return fail("episode takes a number: :episode 2")
            default: return fail(eventUsage)
            }
        case .failure(.unknown):
            return fail("unknown command :\(line) — try \(HelpOverlay.commands.map(\.usage).joined(separator: ", "))")
        }
        switch command {
        case .quit: effects.append(.quit)
        case .run(let id):
            guard (try? library.runs())?.contains(where: { $0.id == id }) == true else { return fail("no run \(id)") }
            open(run: id)
        case .episode(let number):
            guard model?.state.episodes[number - 1] != nil else {
                return fail("no episode \(number) in this run (1 to \(model?.state.episodes.count ?? 0))")
            }
            follow = false
            show(episode: number - 1)
        case .goto(let n):
            guard let tree, let id = Int(n.trimmingPrefix("n")), tree.contains(NodeID(id)) else {
                return fail("no node \(n) in this episode")
            }
            move(to: NodeID(id), byHand: true)
        case .event(let position):
            guard let timeline else { return fail("only a replay moves to an event (arbor replay DB)") }
            guard (0...timeline.records.count).contains(position) else { return fail(eventUsage) }
            seek(position)
        case .messages: showsMessages = true
        case .pause: ask(pause: true)
        case .resume: ask(pause: false)
        case .why:
            guard page == .tree, tree != nil else { return fail(":why shows a step's decision: open an episode first") }
            inspector.select(.why)
        case .fork(let words): fork(words[...])
        case .override(let words): override(words[...])
        case .theme(let name):
            effects.append(.theme(name))
            themeName = name
        }
    }

    /// What `:event` takes, in this replay (or says that only a replay moves to an event).
    private var eventUsage: String {
        guard let timeline else { return "only a replay moves to an event (arbor replay DB)" }
        return "event takes a number from 0 to \(timeline.records.count): :event 120"
    }

    /// The app applied (or failed to apply) a requested theme.
    public mutating func themeApplied(_ error: String?) {
        if let error { fail(error) }
    }

    private mutating func fail(_ text: String) { notice = text }

    /// Searches actions (and, for nodes whose page is loaded, page text) for `query`, from the cursor on.
    public mutating func search(_ query: String) {
        guard !query.isEmpty else { return }
        searchQuery = query
        findMatch(forward: true)
    }

    private mutating func findMatch(forward: Bool) {
        guard let query = searchQuery?.lowercased(), let tree else { return }
        let count = tree.nodes.count
        guard count > 0 else { return }
        for offset in 1...count {
            let index = ((cursor.rawValue + (forward ? offset : -offset)) % count + count) % count
            let node = tree.nodes[index]
            var hit = node.action.lowercased().contains(query)
            if !hit, let ref = node.observation, let page = text(ref) { hit = page.lowercased().contains(query) }
            if hit {
                move(to: node.id, byHand: true)
                notice = "/\(query): \(node.id)"
                return
            }
        }
        notice = "/\(query): no match"
    }
}
