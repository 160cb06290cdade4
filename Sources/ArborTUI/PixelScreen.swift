import TerminalKit
import TerminalPictures

/// The pixel picture on screen, written beside curses after each frame: put up when the frame places one, taken down
/// when the view changes (another picture, another place, none, an overlay), put up again after a resize. Text is
/// never garbled: the picture is written with the cursor saved and restored, over cells the frame left blank.
struct PixelScreen {
    private var shown: Pictures.Placement?

    /// Brings the screen in line with `placement` after `frame` was drawn.
    mutating func show(
        _ placement: Pictures.Placement?, of look: Pictures.Look?, on terminal: CursesTerminal, frame: Canvas
    ) {
        guard placement != shown, case .pixels(let kind) = look else { return }
        if shown != nil {
            if let clearing = PixelPicture.clearing(kind) {
                terminal.writeOutsideCurses(clearing, x: 0, y: 0)
            } else {
                // Sixel and iTerm2 pixels sit in the cells: writing every cell again takes them away.
                terminal.repaintAll()
                terminal.draw(frame)
            }
        }
        if let placement { terminal.writeOutsideCurses(placement.picture.escape, x: placement.x, y: placement.y) }
        shown = placement
    }

    /// After a resize the terminal may have dropped or moved the picture: the next frame puts it up again on a screen
    /// written afresh.
    mutating func forget(on terminal: CursesTerminal) {
        if shown != nil { terminal.repaintAll() }
        shown = nil
    }
}
