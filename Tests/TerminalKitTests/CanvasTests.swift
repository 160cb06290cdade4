import Testing

@testable import TerminalKit

@Suite struct CanvasTests {
    @Test func truncatesWithEllipsisWithoutSplittingWideCharacters() {
        var six = Canvas(width: 6, height: 1)
        let end = six.put("ab中文字", x: 0, y: 0)
        #expect(end == 6)
        #expect(six.renderText() == ["ab中…"])

        var four = Canvas(width: 4, height: 1)
        four.put("ab中文字", x: 0, y: 0)
        // 中 would need columns 2-3 but column 3 is the ellipsis's: it leaves a space.
        #expect(four.renderText() == ["ab…"])
        #expect(four[3, 0] == Cell(" "))

        var fits = Canvas(width: 4, height: 1)
        let fitsEnd = fits.put("ab中", x: 0, y: 0)
        #expect(fitsEnd == 4)
        #expect(fits.renderText() == ["ab中"])
        #expect(fits[3, 0].isContinuation)
    }

    @Test func maxWidthAndClipMode() {
        var canvas = Canvas(width: 12, height: 2)
        canvas.put("hello world", x: 1, y: 0, maxWidth: 5)
        canvas.put("hello world", x: 1, y: 1, maxWidth: 5, truncation: .clip)
        #expect(canvas.renderText() == [" hell…", " hello"])
        let pastRight = canvas.put("x", x: 12, y: 0)
        let pastBottom = canvas.put("x", x: 0, y: 2)
        #expect(pastRight == 12 && pastBottom == 0)
    }

    @Test func subRegionsClip() {
        var canvas = Canvas(width: 10, height: 3)
        canvas.withRegion(Rect(x: 2, y: 1, width: 4, height: 1)) { pane in
            #expect(pane.width == 4 && pane.height == 1)
            pane.put("abcdef", x: 0, y: 0)
            pane.put("zz", x: 0, y: 1)
            pane.put("zz", x: 0, y: -1)
        }
        #expect(canvas.renderText() == ["", "  abc…", ""])

        canvas.withRegion(Rect(x: 3, y: 0, width: 4, height: 1)) { pane in
            // 中 starts one column left of the pane: its visible half becomes a space.
            pane.put("中文字", x: -1, y: 0, truncation: .clip)
        }
        #expect(canvas.renderText() == ["    文", "  abc…", ""])

        canvas.withRegion(Rect(x: 0, y: 2, width: 10, height: 1)) { outer in
            outer.withRegion(Rect(x: 8, y: 0, width: 5, height: 1)) { inner in
                #expect(inner.width == 5)
                inner.put("xyz", x: 0, y: 0, truncation: .clip)
            }
        }
        #expect(canvas.renderText()[2] == "        xy")
    }

    @Test func overwritingHalfOfAWideCharacter() {
        var canvas = Canvas(width: 5, height: 1)
        canvas.put("中文", x: 0, y: 0)
        canvas.put("x", x: 1, y: 0)
        #expect(canvas.renderText() == [" x文"])
        canvas.put("y", x: 2, y: 0)
        #expect(canvas.renderText() == [" xy"])
        #expect(canvas[3, 0] == Cell(" "))
        canvas.put("字", x: 3, y: 0)
        canvas.put("字", x: 2, y: 0)
        #expect(canvas.renderText() == [" x字"])
        #expect(canvas[4, 0] == Cell(" "))
        #expect(!canvas[4, 0].isContinuation)
    }

    @Test func zeroWidthClustersAreDropped() {
        var canvas = Canvas(width: 8, height: 1)
        canvas.put("a\u{1B}[1m\u{202E}b\u{200B}", x: 0, y: 0)
        #expect(canvas.renderText() == ["a[1mb"])
    }

    @Test func renderTextAndStyles() {
        var canvas = Canvas(width: 8, height: 4)
        canvas.box(Rect(x: 0, y: 0, width: 8, height: 3), title: "Hi")
        canvas.put("ok", x: 1, y: 1, style: Style(.success))
        canvas.put("中", x: 2, y: 3, style: Style(.selection, [.bold]))
        #expect(
            canvas.renderText() == [
                "┌ Hi ──┐",
                "│ok    │",
                "└──────┘",
                "  中",
            ])
        #expect(
            canvas.renderStyles(letters: [.selection: "S"]) == [
                "bttttbbb",
                "bss....b",
                "bbbbbbbb",
                "..SS....",
            ])
    }

    @Test func fillAndLines() {
        var canvas = Canvas(width: 5, height: 3)
        canvas.fill(Rect(x: 0, y: 0, width: 5, height: 1), with: "中", style: Style(.accent))
        canvas.horizontalLine(x: 0, y: 1, length: 3)
        canvas.verticalLine(x: 4, y: 1, length: 5)
        #expect(canvas.renderText() == ["中中", "─── │", "    │"])
        #expect(canvas.renderStyles() == ["aaaa.", "bbb.b", "....b"])
    }

    @Test func windowTooSmall() {
        var canvas = Canvas(width: 30, height: 3)
        let fits = canvas.requireSize(TerminalSize(width: 30, height: 3))
        let tooSmall = canvas.requireSize(TerminalSize(width: 40, height: 10))
        #expect(fits && !tooSmall)
        #expect(canvas.renderText() == ["", "window too small (need 40×10)", ""])
        var tiny = Canvas(width: 10, height: 1)
        let tinyFits = tiny.requireSize(TerminalSize(width: 40, height: 10))
        #expect(!tinyFits)
        #expect(tiny.renderText() == ["window to…"])
    }
}
