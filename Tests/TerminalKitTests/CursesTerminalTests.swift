import CNcursesw
import Foundation
import Testing

@testable import TerminalKit

/// Curses is one global state per process: every test that opens a terminal lives in this one serialized suite.
@Suite(.serialized) struct CursesTerminalTests {
    static let environment = ["TERM": "xterm-256color", "LANG": "C.UTF-8"]
    static let theme = Theme(
        name: "test",
        entries: [
            .normal: ThemeEntry(),
            "hot": ThemeEntry(foreground: .palette(196), background: .palette(17), attributes: [.bold]),
            "cool": ThemeEntry(foreground: .palette(39, fallback: 12), attributes: [.underline]),
        ])

    /// A terminal drawing into /dev/null, 20×4.
    private func nullTerminal(
        environment: [String: String] = environment, type: String = "xterm-256color", theme: Theme = theme
    ) throws -> (CursesTerminal, Int32, Int32) {
        let output = open("/dev/null", O_WRONLY)
        let input = open("/dev/null", O_RDONLY)
        let terminal = try CursesTerminal(
            CursesTerminal.Configuration(
                terminalType: type, inputDescriptor: input, outputDescriptor: output,
                environment: environment, theme: theme, size: TerminalSize(width: 20, height: 4)))
        return (terminal, input, output)
    }

    private func sample() -> Canvas {
        var canvas = Canvas(width: 20, height: 4)
        canvas.put("中a", x: 0, y: 0, style: Style("hot", [.reverse]))
        canvas.put("😀", x: 5, y: 0, style: Style("cool"))
        canvas.put("e\u{301}", x: 8, y: 0)
        canvas.put("🇯🇵", x: 0, y: 1, style: Style("unknown.role", [.dim]))
        return canvas
    }

    @Test func drawsCellsCursesCanReadBack() throws {
        let (terminal, input, output) = try nullTerminal()
        defer {
            terminal.close()
            close(input)
            close(output)
        }
        #expect(terminal.colors == 256)
        #expect(terminal.size == TerminalSize(width: 20, height: 4))
        terminal.draw(sample())
        typealias C = CursesTerminal.ScreenCell
        #expect(
            terminal.readBack(x: 0, y: 0)
                == C(text: "中", foreground: 196, background: 17, attributes: [.bold, .reverse]))
        #expect(
            terminal.readBack(x: 2, y: 0)
                == C(text: "a", foreground: 196, background: 17, attributes: [.bold, .reverse]))
        #expect(terminal.readBack(x: 5, y: 0) == C(text: "😀", foreground: 39, background: -1, attributes: [.underline]))
        #expect(terminal.readBack(x: 8, y: 0) == C(text: "e\u{301}", foreground: -1, background: -1, attributes: []))
        #expect(terminal.readBack(x: 9, y: 0) == C(text: " ", foreground: -1, background: -1, attributes: []))
        #expect(terminal.readBack(x: 0, y: 1) == C(text: "🇯", foreground: -1, background: -1, attributes: [.dim]))
        #expect(terminal.readBack(x: 1, y: 1) == C(text: "🇵", foreground: -1, background: -1, attributes: [.dim]))
        #expect(terminal.readBack(x: 20, y: 0) == nil)
    }

    @Test func drawWritesOnlyChangedCells() throws {
        let (terminal, input, output) = try nullTerminal()
        defer {
            terminal.close()
            close(input)
            close(output)
        }
        var canvas = sample()
        terminal.draw(canvas)
        // 80 cells, less the continuation halves of 中, 😀 and 🇯🇵.
        #expect(terminal.cellsWrittenByLastDraw == 77)
        terminal.draw(canvas)
        #expect(terminal.cellsWrittenByLastDraw == 0)
        canvas.put("b", x: 2, y: 0, style: Style("hot", [.reverse]))
        canvas.put("x", x: 19, y: 3)
        terminal.draw(canvas)
        #expect(terminal.cellsWrittenByLastDraw == 2)
        #expect(terminal.readBack(x: 2, y: 0)?.text == "b")
        #expect(terminal.readBack(x: 19, y: 3)?.text == "x")
        // A wide character replaced by two narrow ones: both columns change.
        canvas.put("ab", x: 0, y: 0, style: Style("hot"))
        terminal.draw(canvas)
        #expect(terminal.cellsWrittenByLastDraw == 2)
        #expect(terminal.readBack(x: 1, y: 0) == .init(text: "b", foreground: 196, background: 17, attributes: [.bold]))
        terminal.theme = .dark
        terminal.draw(canvas)
        #expect(terminal.cellsWrittenByLastDraw == 78)
    }

    @Test func noColorDrawsAttributesOnly() throws {
        var environment = Self.environment
        environment["NO_COLOR"] = "1"
        let (terminal, input, output) = try nullTerminal(environment: environment)
        defer {
            terminal.close()
            close(input)
            close(output)
        }
        #expect(terminal.theme == .monochrome)
        var canvas = Canvas(width: 20, height: 4)
        canvas.put("sel", x: 0, y: 0, style: Style(.selection))
        terminal.draw(canvas)
        #expect(
            terminal.readBack(x: 0, y: 0)
                == .init(text: "s", foreground: -1, background: -1, attributes: [.reverse, .bold]))
    }

    @Test func theLinuxConsoleDrawsGreyAsItsOwnColourDimmed() throws {
        let (terminal, input, output) = try nullTerminal(type: "linux", theme: .dark)
        defer {
            terminal.close()
            close(input)
            close(output)
        }
        #expect(terminal.colors == 8)
        var canvas = Canvas(width: 20, height: 4)
        canvas.put("├─", x: 0, y: 0, style: Style(.border))
        canvas.put("n1", x: 0, y: 1, style: Style(.muted))
        canvas.put("Arbor", x: 0, y: 2, style: Style(.title))
        terminal.draw(canvas)
        typealias C = CursesTerminal.ScreenCell
        #expect(terminal.readBack(x: 0, y: 0) == C(text: "├", foreground: -1, background: -1, attributes: [.dim]))
        #expect(terminal.readBack(x: 0, y: 1) == C(text: "n", foreground: -1, background: -1, attributes: [.dim]))
        #expect(terminal.readBack(x: 0, y: 2) == C(text: "A", foreground: 4, background: -1, attributes: [.bold]))
    }

    @Test(arguments: [
        (["LANG": "C"], true), (["LC_ALL": "POSIX", "LANG": "C.UTF-8"], true), (["LANG": "en_US.ISO-8859-1"], true),
        (["LANG": "C.UTF-8"], false), (["LC_ALL": "xx_XX.utf8"], false), ([:], false),
    ])
    func aLocaleThatIsNotUTF8DrawsASCII(locale: [String: String], ascii: Bool) throws {
        let (terminal, input, output) = try nullTerminal(environment: locale.merging(["TERM": "xterm"]) { a, _ in a })
        defer {
            terminal.close()
            close(input)
            close(output)
        }
        #expect(terminal.drawsASCII == ascii)
        var canvas = Canvas(width: 20, height: 4)
        canvas.put("├─▾●⚖✦ 中é", x: 0, y: 0)
        terminal.draw(canvas)
        let cells = [0, 1, 2, 3, 4, 5, 6, 7, 9].compactMap { terminal.readBack(x: $0, y: 0)?.text }
        #expect(
            cells
                == (ascii
                    ? ["+", "-", "v", "*", "D", "R", " ", "?", "?"] : ["├", "─", "▾", "●", "⚖", "✦", " ", "中", "é"]))
        if ascii { #expect(terminal.readBack(x: 8, y: 0)?.text == "?", "a wide character is two question marks") }
    }

    @Test func refusesTerminalsItCannotDrive() {
        #expect(throws: TerminalError.noCursorAddressing(term: "dumb")) {
            try CursesTerminal(.init(environment: ["TERM": "dumb"]))
        }
        #expect(throws: TerminalError.noCursorAddressing(term: nil)) {
            try CursesTerminal(.init(environment: [:]))
        }
        let output = open("/dev/null", O_WRONLY)
        defer { close(output) }
        #expect(throws: TerminalError.unknownTerminal(term: "no-such-terminal-arbor")) {
            try CursesTerminal(
                .init(terminalType: "no-such-terminal-arbor", outputDescriptor: output, environment: [:]))
        }
        #expect(
            TerminalError.noCursorAddressing(term: "dumb").description
                == "this needs a terminal that supports cursor addressing (TERM is 'dumb'). Run it in a terminal "
                + "emulator, or set TERM (for example TERM=xterm-256color).")
    }

    @Test func readsKeysFromAPtyAndRestoresIt() throws {
        let pty = try Pty()
        defer { pty.close() }
        arbor_terminal_set_window_size(pty.slave, 6, 30)
        let before = try pty.attributes()
        let terminal = try CursesTerminal(
            .init(
                terminalType: "xterm-256color", inputDescriptor: pty.slave, outputDescriptor: pty.slave,
                environment: Self.environment))
        #expect(terminal.size == TerminalSize(width: 30, height: 6))
        #expect(try pty.attributes() != before)
        var canvas = Canvas(width: 30, height: 6)
        canvas.put("hello", x: 0, y: 0)
        terminal.draw(canvas)

        pty.type(
            "q\u{1}\u{1B}OA\u{1B}OP\u{1B}[<0;5;3M\u{1B}[<0;5;3m\u{1B}[<64;1;1M\u{1B}[200~hi\r\nthere\u{1B}[201~éx\u{1B}y"
        )
        var events: [InputEvent] = []
        while events.count < 10, let event = terminal.nextEvent(timeout: .seconds(5)) { events.append(event) }
        #expect(
            events == [
                .character("q"), .control("a"), .key(.up), .key(.function(1)),
                .mouse(MouseEvent(.press(.left), x: 4, y: 2)), .mouse(MouseEvent(.wheelUp, x: 0, y: 0)),
                .paste("hi\nthere"), .character("é"), .character("x"), .alt("y"),
            ])

        pty.type("\u{1B}")
        #expect(terminal.nextEvent(timeout: .seconds(5)) == .key(.escape))
        #expect(terminal.nextEvent(timeout: .milliseconds(30)) == nil)

        let waker = terminal.waker
        Thread.detachNewThread { waker.wake() }
        #expect(terminal.nextEvent(timeout: .seconds(5)) == .wake)

        // Sent to the process, as `kill` would: the test's own thread blocks signals (a Dispatch worker).
        kill(getpid(), SIGTERM)
        #expect(terminal.nextEvent(timeout: .seconds(5)) == .signal(.terminate))
        kill(getpid(), SIGINT)
        #expect(terminal.nextEvent(timeout: .seconds(5)) == .signal(.interrupt))

        arbor_terminal_set_window_size(pty.slave, 10, 40)
        kill(getpid(), SIGWINCH)
        #expect(terminal.nextEvent(timeout: .seconds(5)) == .resize(TerminalSize(width: 40, height: 10)))
        #expect(terminal.size == TerminalSize(width: 40, height: 10))

        terminal.close()
        #expect(try pty.attributes() == before)
        let shown = pty.output()
        #expect(shown.contains("\u{1B}[?2004h"))
        #expect(shown.contains("hello"))
        #expect(shown.hasSuffix("\u{1B}[?2004l"))
    }
}

/// A pseudo-terminal pair for driving the backend as a person would.
struct Pty {
    let master: Int32
    let slave: Int32

    struct Failure: Error { let call: String }

    init() throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        guard arbor_pty_open(&master, &slave) == 0 else { throw Failure(call: "posix_openpt") }
        self.master = master
        self.slave = slave
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    }

    /// The slave's termios, as comparable values (stty -a shows the same fields).
    func attributes() throws -> [UInt32] {
        var settings = termios()
        guard tcgetattr(slave, &settings) == 0 else { throw Failure(call: "tcgetattr") }
        let flags = [settings.c_iflag, settings.c_oflag, settings.c_cflag, settings.c_lflag]
        let controls = withUnsafeBytes(of: settings.c_cc) { Array($0).map(UInt32.init) }
        return flags + controls + [cfgetispeed(&settings), cfgetospeed(&settings)]
    }

    func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    func output() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func close() {
        Glibc.close(slave)
        Glibc.close(master)
    }
}
