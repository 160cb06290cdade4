/// The inspector pane's own state: the tab shown, how far its text is scrolled, and which model call is open (in the
/// Calls tab). It belongs to the pane, not to the node: a new node under the cursor starts at the top.
public struct InspectorState: Equatable, Sendable {
    public private(set) var tab: InspectorTab = .children
    /// The first line shown; past the end until the next frame's layout clamps it to the last page it can show.
    public internal(set) var scroll = 0
    /// The open model call of the Calls tab, by index; nil when all are closed.
    public private(set) var expandedCall: Int?
    /// How many lines the pane showed last, set when a frame is laid out: a page is a little less.
    var height = 10

    /// Shows a tab from its first line.
    mutating func select(_ tab: InspectorTab) {
        self.tab = tab
        scroll = 0
    }

    /// Shows the next tab (or the previous one), wrapping round.
    mutating func selectTab(after: Bool) {
        let count = InspectorTab.allCases.count
        select(InspectorTab(rawValue: (tab.rawValue + (after ? 1 : count - 1)) % count)!)
    }

    /// Another node is under the cursor: its text starts at the top, with no call open.
    mutating func reset() {
        scroll = 0
        expandedCall = nil
    }

    /// Opens the next of `calls` model calls, or closes the last one.
    mutating func openNextCall(of calls: Int) {
        guard calls > 0 else { return }
        expandedCall = expandedCall.map { $0 + 1 < calls ? $0 + 1 : nil } ?? 0
    }

    /// Scrolls by a move key; returns false for a key that does not scroll.
    mutating func scroll(_ command: Command) -> Bool {
        let page = max(1, height - 4)
        switch command {
        case .down: scroll += 1
        case .up: scroll = max(0, scroll - 1)
        case .pageDown: scroll += page
        case .pageUp: scroll = max(0, scroll - page)
        case .top: scroll = 0
        // Past the end; the next frame's layout clamps it to the last page it can show.
        case .bottom: scroll = Int.max / 2
        default: return false
        }
        return true
    }
}
