import TerminalKit

/// Where each pane goes for a window size: side by side when wide, stacked when narrow.
struct Layout: Equatable, Sendable {
    static let minimum = TerminalSize(width: 60, height: 15)

    var header: Rect
    var tree: Rect
    var inspector: Rect
    var status: Rect
    var sideBySide: Bool

    init(_ size: TerminalSize) {
        let w = size.width
        let h = size.height
        header = Rect(x: 0, y: 0, width: w, height: 2)
        status = Rect(x: 0, y: h - 1, width: w, height: 1)
        let mainHeight = max(0, h - 3)
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
