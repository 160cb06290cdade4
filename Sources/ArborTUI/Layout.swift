import TerminalKit

/// Where each pane goes for a window size: side by side when wide, stacked when narrow.
struct Layout: Equatable, Sendable {
    static let minimum = TerminalSize(width: 60, height: 15)

    var header: Rect
    var tree: Rect
    var inspector: Rect
    var status: Rect
    /// The replay's timeline bar, above the status bar; empty when not replaying.
    var timeline: Rect
    var sideBySide: Bool

    init(_ size: TerminalSize, timeline showsTimeline: Bool = false) {
        let w = size.width
        let h = size.height
        header = Rect(x: 0, y: 0, width: w, height: 2)
        status = Rect(x: 0, y: h - 1, width: w, height: 1)
        timeline = Rect(x: 0, y: h - 2, width: showsTimeline ? w : 0, height: showsTimeline ? 1 : 0)
        let mainHeight = max(0, h - 3 - timeline.height)
        sideBySide = w >= 100
        if sideBySide {
            let treeWidth = w >= 140 ? w / 2 : w * 11 / 20
            tree = Rect(x: 0, y: 2, width: treeWidth, height: mainHeight)
            inspector = Rect(x: treeWidth + 1, y: 2, width: w - treeWidth - 1, height: mainHeight)
        } else {
            let treeHeight = max(3, mainHeight * 11 / 20)
            tree = Rect(x: 0, y: 2, width: w, height: treeHeight)
            inspector = Rect(x: 0, y: 2 + treeHeight + 1, width: w, height: max(0, mainHeight - treeHeight - 1))
        }
    }
}
