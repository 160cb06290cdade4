import ArborCore
import TerminalKit

extension Session {
    /// The screenshots the node under the cursor was last observed with, in the environment's order.
    var cursorImages: [ObservedImage] {
        guard page == .tree, let tree else { return [] }
        return tree.images[cursor] ?? []
    }

    /// The first screenshot of the node under the cursor drawn to fit `room`; nil when it has none or pictures are
    /// off.
    mutating func cursorPicture(fitting room: TerminalSize) -> Pictures.Shown? {
        guard let image = cursorImages.first else { return nil }
        let library = self.library
        return pictures.show(image.image, fitting: room) { library.image($0) }
    }

    /// `z`: the screenshot fills the window, or goes back to the Observation tab.
    mutating func toggleZoom() {
        if pictures.zoomed {
            pictures.zoomed = false
        } else if pictures.look == nil {
            notice = "pictures are off (--images off)"
        } else if cursorImages.isEmpty {
            notice = "this node has no screenshot"
        } else {
            pictures.zoomed = true
        }
    }
}
