import TerminalKit

/// Where the diff screen's parts go for a window size: header, task list, the two trajectory panes (side by side
/// when wide, stacked when narrow), status bar.
struct DiffLayout: Equatable, Sendable {
    static let minimum = Layout.minimum

    var header: Rect
    var tasks: Rect
    var paneA: Rect
    var paneB: Rect
    var status: Rect
    var sideBySide: Bool

    init(_ size: TerminalSize, taskCount: Int) {
        let w = size.width
        let h = size.height
        header = Rect(x: 0, y: 0, width: w, height: 2)
        status = Rect(x: 0, y: h - 1, width: w, height: 1)
        let main = max(0, h - 3)
        // The list takes what its tasks need, at most a third of the room: the panes are the point.
        tasks = Rect(x: 0, y: 2, width: w, height: min(taskCount + 1, max(3, main / 3)))
        let panesY = tasks.maxY + 1
        let panesHeight = max(0, status.y - panesY)
        sideBySide = w >= 80
        if sideBySide {
            let left = (w - 1) / 2
            paneA = Rect(x: 0, y: panesY, width: left, height: panesHeight)
            paneB = Rect(x: left + 1, y: panesY, width: w - left - 1, height: panesHeight)
        } else {
            let top = (panesHeight - 1) / 2
            paneA = Rect(x: 0, y: panesY, width: w, height: top)
            paneB = Rect(x: 0, y: panesY + top + 1, width: w, height: panesHeight - top - 1)
        }
    }

    /// Step rows a pane has room for below its three header lines.
    var stepRows: Int { max(1, min(paneA.height, paneB.height) - 3) }
}
