import ArborCore
import Foundation
import TerminalKit

/// The whole state of the front end, and how it changes: keys and new events go in through `handle`/`receive`,
/// and `Screen` draws it. Everything here is synchronous and free of curses, so tests drive it key by key.
public struct Session: Sendable {
    public enum Page: Equatable, Sendable { case runs, episodes, tree }
    public enum Pane: Equatable, Sendable { case tree, inspector }
    /// What the status bar says the run is doing.
    public enum Mode: String, Sendable { case live, paused, finished, interrupted, failed, saved, replay }
    /// The `:` command line or the `/` search line being typed.
    public enum Prompt: Equatable, Sendable {
        case command(String)
        case search(String)
        /// `label [note]` for the node under the cursor, or for the trajectory from the root to it.
        case annotate(String, trajectory: Bool)
    }

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
    public private(set) var runCursor = 0
    public private(set) var model: RunModel?
    public private(set) var episodeCursor = 0
    public private(set) var episode: Int?
    public internal(set) var cursor: NodeID = .root
    public private(set) var tab: InspectorTab = .children
    public internal(set) var inspectorScroll = 0
    public private(set) var expandedCall: Int?
    public internal(set) var follow = true
    public private(set) var frozen = false
    public private(set) var pending: [EventRecord] = []
    public internal(set) var prompt: Prompt? {
        didSet { if oldValue == nil { promptCursor = nil } }
    }
    /// Where typing goes in the prompt, in characters from its start; nil is the end (where a prompt opens).
    public private(set) var promptCursor: Int?
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
    /// Controls asked for by key, waiting for the steering side to take them.
    public internal(set) var steerRequests: [SteerRequest] = []
    public private(set) var searchQuery: String?
    public private(set) var themeName: String
    public internal(set) var wantsQuit = false
    /// Set when the person asked, in a replay, to fork a new run from a node; the session then ends.
    public internal(set) var forkRequest: ForkRequest?
    /// The run's settings as `arbor run` flags, to prefill the fork prompt with; set by the command that can fork.
    public var forkSettings: (@Sendable (RunStarted) -> String)?
    /// Set when the run is being written right now (by this process or another).
    public internal(set) var isLive = false
    /// Why following the live run failed, if it did: the header stops saying LIVE, since new events no longer come.
    public private(set) var followLost: String?
    public var outline = TreeOutline()
    /// The node the person rooted the tree view at (`r`); nil roots it at the current real state, the node the
    /// latest step searches from, with the committed path above it as the breadcrumb.
    public internal(set) var viewRoot: NodeID?
    /// The root the view was last placed for.
    private var placedFor: NodeID?
    /// The tree pane's first visible row and height, kept by the screen.
    var scrollTop = 0
    var treeHeight = 20
    var inspectorHeight = 10
    /// A theme change the app should apply.
    public private(set) var requestedTheme: String?
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
        outline = TreeOutline()
        outline.update(tree)
        if tree.nodes.count > 5_000 { outline.fold(below: 3) }
        viewRoot = nil
        placedFor = nil
        cursor = follow ? (tree.activeNode ?? tree.committedNode) : defaultViewRoot(tree)
        if follow, let active = tree.activeNode { cursor = active }
        inspectorScroll = 0
        expandedCall = nil
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
        outline.update(tree)
        if follow, page == .tree, let active = tree.activeNode {
            cursor = active
            reveal()
        }
    }

    // MARK: - Keys

    public mutating func handle(_ event: InputEvent) {
        notice = nil
        if let prompt {
            edit(prompt, with: event)
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
        perform(command)
    }

    public mutating func perform(_ command: Command) {
        switch command {
        case .quit: wantsQuit = true
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
        case .nextTab: selectTab(InspectorTab(rawValue: (tab.rawValue + 1) % InspectorTab.allCases.count)!)
        case .previousTab:
            let count = InspectorTab.allCases.count
            selectTab(InspectorTab(rawValue: (tab.rawValue + count - 1) % count)!)
        case .tab(let t): selectTab(t)
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
            rootView(at: viewRoot == nil && outline.top != .root ? .root : nil)
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

    private mutating func selectTab(_ t: InspectorTab) {
        tab = t
        inspectorScroll = 0
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
            if focus == .inspector, tab == .calls {
                let calls = model?.details(episode: episode ?? 0, node: cursor).calls.count ?? 0
                guard calls > 0 else { return }
                expandedCall = expandedCall.map { $0 + 1 < calls ? $0 + 1 : nil } ?? 0
            } else {
                outline.toggleFold(cursor)
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
        switch command {
        case .down: inspectorScroll += 1
        case .up: inspectorScroll = max(0, inspectorScroll - 1)
        case .pageDown: inspectorScroll += max(1, inspectorHeight - 4)
        case .pageUp: inspectorScroll = max(0, inspectorScroll - max(1, inspectorHeight - 4))
        case .top: inspectorScroll = 0
        // Past the end; the screen clamps it to the last page it can show.
        case .bottom: inspectorScroll = Int.max / 2
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
            guard let row = outline.row(of: cursor) else { return }
            // Up from the first row climbs the breadcrumb: the view is rooted one step higher.
            if row == 0, command == .up || command == .pageUp || command == .top, let parent = tree.parent(of: cursor),
                cursor == outline.top
            {
                viewRoot = parent
                move(to: parent, byHand: true)
                return
            }
            let page = max(1, treeHeight - 1)
            let target: Int =
                switch command {
                case .down: row + 1
                case .up: row - 1
                case .pageDown: row + page
                case .pageUp: row - page
                case .top: 0
                default: outline.rowCount - 1
                }
            let clamped = max(0, min(outline.rowCount - 1, target))
            if let found = outline.rows(from: clamped, count: 1).first { move(to: found.node, byHand: true) }
        case .toParent:
            if !node.children.isEmpty, !outline.isFolded(cursor) {
                outline.setFolded(cursor, true)
            } else if let parent = node.parent {
                move(to: parent, byHand: true)
            }
        case .toChild:
            if outline.isFolded(cursor) {
                outline.setFolded(cursor, false)
            } else if let first = outline.children(of: cursor).first {
                move(to: first, byHand: true)
            }
        case .nextSibling, .previousSibling:
            guard let parent = node.parent else { return }
            let siblings = outline.children(of: parent)
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
        if cursor != node {
            inspectorScroll = 0
            expandedCall = nil
        }
        cursor = node
        reveal()
    }

    /// Where the tree view is rooted when the person has not chosen: the node the latest step searches from.
    func defaultViewRoot(_ tree: EpisodeTree) -> NodeID {
        model?.searchRoot(episode: tree.episode) ?? tree.committedNode
    }

    /// Roots the outline at the chosen node (or the current real state), widened to the nearest common ancestor
    /// when the cursor is outside it, so the cursor is always on a row. Until the wanted root changes (a new step,
    /// `r`, `R`), a view that still holds the cursor stays as it is, so rows do not jump while the cursor moves.
    mutating func placeView() {
        guard let tree else { return }
        let wanted = tree.contains(viewRoot ?? .root) ? (viewRoot ?? defaultViewRoot(tree)) : defaultViewRoot(tree)
        let cursorPath = tree.path(to: cursor)
        let wantedPath = tree.path(to: wanted)
        if wanted == placedFor, cursorPath.contains(outline.top) { return }
        placedFor = wanted
        let common = zip(cursorPath, wantedPath).prefix { $0 == $1 }.last?.0 ?? .root
        if outline.top != common {
            outline.setTop(common)
            scrollTop = 0
        }
    }

    /// Roots the view at `node` (`r`), or back at the current real state.
    mutating func rootView(at node: NodeID?) {
        guard let tree else { return }
        viewRoot = node
        // The cursor goes along when the new view does not hold it.
        let wanted = node ?? defaultViewRoot(tree)
        if !tree.path(to: cursor).contains(wanted) { cursor = wanted }
        placeView()
        reveal()
        let top = outline.top
        notice =
            node == nil
            ? "view from the current state, \(top) (r roots it at the cursor, R shows the whole episode)"
            : "view from \(top)\(top == .root ? "" : " — k on its first row climbs the breadcrumb"); R: back to the current state"
    }

    /// Scrolls the tree so the cursor's row is visible.
    mutating func reveal() {
        placeView()
        guard let row = outline.row(of: cursor) else { return }
        let height = max(1, treeHeight - 1)
        if row < scrollTop { scrollTop = row }
        if row >= scrollTop + height { scrollTop = row - height + 1 }
        scrollTop = max(0, min(scrollTop, max(0, outline.rowCount - height)))
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
                perform(command)
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
                let rowIndex = scrollTop + mouse.y - layout.tree.y - 1
                if mouse.y == layout.tree.y, let parent = tree?.parent(of: outline.top) {
                    // The breadcrumb: a click climbs one step.
                    viewRoot = parent
                    move(to: parent, byHand: true)
                } else if mouse.y > layout.tree.y, mouse.y < layout.tree.maxY - 1,
                    let row = outline.rows(from: rowIndex, count: 1).first
                {
                    move(to: row.node, byHand: true)
                }
            } else if layout.inspector.contains(x: mouse.x, y: mouse.y) {
                focus = .inspector
                // A click on the tab bar (the pane's third line) picks that tab.
                if mouse.y == layout.inspector.y + 2,
                    let clicked = InspectorView.tab(at: mouse.x - layout.inspector.x, width: layout.inspector.width)
                {
                    selectTab(clicked)
                }
            }
        }
    }

    /// Where the panes were last drawn, for mouse clicks.
    var lastLayout: Layout?

    // MARK: - Command line and search

    private mutating func edit(_ current: Prompt, with event: InputEvent) {
        var text: String
        switch current {
        case .command(let t), .search(let t), .annotate(let t, _): text = t
        }
        switch event {
        case .key(.escape):
            prompt = nil
            return
        case .key(.enter):
            prompt = nil
            switch current {
            case .command: run(command: text)
            case .search: search(text)
            case .annotate(_, let trajectory): annotate(text, trajectory: trajectory)
            }
            return
        default: break
        }
        let at = min(promptCursor ?? text.count, text.count)
        let index = text.index(text.startIndex, offsetBy: at)
        var moved = at
        switch event {
        case .key(.backspace), .control("h"):
            if text.isEmpty {
                prompt = nil
                return
            }
            guard at > 0 else { return }
            text.remove(at: text.index(before: index))
            moved = at - 1
        case .character(let ch):
            text.insert(ch, at: index)
            moved = at + 1
        case .paste(let pasted):
            let clean = TerminalText.sanitize(pasted)
            text.insert(contentsOf: clean, at: index)
            moved = at + clean.count
        // The cursor moves as in a shell's line editor: a character, or to either end.
        case .key(.left), .control("b"):
            promptCursor = max(0, at - 1)
            return
        case .key(.right), .control("f"):
            promptCursor = min(text.count, at + 1)
            return
        case .key(.home), .control("a"):
            promptCursor = 0
            return
        case .key(.end), .control("e"):
            promptCursor = text.count
            return
        default: return
        }
        switch current {
        case .command: prompt = .command(text)
        case .search: prompt = .search(text)
        case .annotate(_, let trajectory): prompt = .annotate(text, trajectory: trajectory)
        }
        promptCursor = moved
    }

    /// Runs a `:` command: `run N`, `episode N`, `goto NODE`, `event N` (a replay), `why`, `pause`, `resume`,
    /// `theme NAME`, `q`.
    public mutating func run(command line: String) {
        let words = line.split(separator: " ").map(String.init)
        guard let verb = words.first else { return }
        let argument = words.dropFirst().first
        switch (verb, argument) {
        case ("q", _), ("quit", _): wantsQuit = true
        case ("run", let n?):
            guard let id = RunID(n) else { return fail("run takes a number: :run 3") }
            guard (try? library.runs())?.contains(where: { $0.id == id }) == true else { return fail("no run \(id)") }
            open(run: id)
        case ("episode", let n?):
            // Numbered from 1, as the episodes page and the status bar number them.
            guard let number = Int(n) else { return fail("episode takes a number: :episode 2") }
            guard model?.state.episodes[number - 1] != nil else {
                return fail("no episode \(number) in this run (1 to \(model?.state.episodes.count ?? 0))")
            }
            follow = false
            show(episode: number - 1)
        case ("goto", let n?):
            guard let tree, let id = Int(n.trimmingPrefix("n")), tree.contains(NodeID(id)) else {
                return fail("no node \(n) in this episode")
            }
            move(to: NodeID(id), byHand: true)
        case ("event", let n?):
            guard let timeline else { return fail("only a replay moves to an event (arbor replay DB)") }
            guard let position = Int(n), (0...timeline.records.count).contains(position) else {
                return fail("event takes a number from 0 to \(timeline.records.count): :event 120")
            }
            seek(position)
        case ("messages", _): showsMessages = true
        case ("pause", _): ask(pause: true)
        case ("resume", _): ask(pause: false)
        case ("why", _):
            guard page == .tree, tree != nil else { return fail(":why shows a step's decision: open an episode first") }
            selectTab(.why)
        case ("fork", _): fork(words.dropFirst())
        case ("override", _):
            override(words.dropFirst())
        case ("theme", let name?):
            requestedTheme = name
            themeName = name
        default:
            fail("unknown command :\(line) — try \(HelpOverlay.commands.map(\.usage).joined(separator: ", "))")
        }
    }

    /// The app applied (or failed to apply) a requested theme.
    public mutating func themeApplied(_ error: String?) {
        requestedTheme = nil
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
