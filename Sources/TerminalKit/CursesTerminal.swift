import ArborCore
import CNcursesw
import Foundation

/// The terminal, driven through ncursesw: the only code that calls curses. Create one at a time per process and use
/// it from one thread (the UI loop); other threads reach that loop through ``waker``.
///
/// Lifecycle: `init` takes over the terminal (alternate screen, raw-ish input, mouse, bracketed paste) and installs
/// signal handlers that restore it; ``close()`` (also run by `deinit`, and by ``withTerminal(_:_:)`` on every exit
/// path) gives it back exactly as it was. SIGINT, SIGTERM and SIGHUP become ``InputEvent/signal(_:)`` events; a
/// crash (SIGABRT, SIGSEGV, SIGILL, SIGTRAP, SIGBUS, SIGFPE) or `exit` restores the saved termios before the
/// process dies.
public final class CursesTerminal {
    /// How to open the terminal.
    public struct Configuration: Sendable {
        /// The terminfo name; nil means `TERM` from `environment`.
        public var terminalType: String?
        public var inputDescriptor: Int32
        public var outputDescriptor: Int32
        public var environment: [String: String]
        /// The theme; `NO_COLOR` in `environment` replaces it with ``Theme/monochrome``.
        public var theme: Theme
        public var mouse: Bool
        public var bracketedPaste: Bool
        /// Forces the screen size instead of asking the tty (for output that is not a terminal).
        public var size: TerminalSize?
        /// Whether to install the signal handlers that restore the terminal (only done when input is a tty).
        public var handlesSignals: Bool

        public init(
            terminalType: String? = nil, inputDescriptor: Int32 = STDIN_FILENO,
            outputDescriptor: Int32 = STDOUT_FILENO,
            environment: [String: String] = ProcessInfo.processInfo.environment,
            theme: Theme = .dark, mouse: Bool = true, bracketedPaste: Bool = true, size: TerminalSize? = nil,
            handlesSignals: Bool = true
        ) {
            self.terminalType = terminalType
            self.inputDescriptor = inputDescriptor
            self.outputDescriptor = outputDescriptor
            self.environment = environment
            self.theme = theme
            self.mouse = mouse
            self.bracketedPaste = bracketedPaste
            self.size = size
            self.handlesSignals = handlesSignals
        }
    }

    /// A cell as curses holds it, read back for tests and diagnostics.
    public struct ScreenCell: Hashable, Sendable {
        public var text: String
        /// Curses colour numbers; -1 is the terminal's default.
        public var foreground: Int
        public var background: Int
        public var attributes: TextAttributes

        public init(text: String, foreground: Int, background: Int, attributes: TextAttributes) {
            self.text = text
            self.foreground = foreground
            self.background = background
            self.attributes = attributes
        }
    }

    let configuration: Configuration
    var screen: OpaquePointer?
    let window: UnsafeMutablePointer<WINDOW>
    private let outputFile: UnsafeMutablePointer<FILE>
    private let inputFile: UnsafeMutablePointer<FILE>
    let wakePipe: WakePipe
    let guardsSignals: Bool

    var decoder = InputDecoder()
    var queue: [InputEvent] = []
    var previous: Canvas?
    var lastReportedSize: TerminalSize
    private var cursorVisible = false
    private var pairs: [PairKey: Int32] = [:]
    private var resolvedStyles: [Style: (attributes: attr_t, pair: Int32)] = [:]

    /// Colours the terminal has (0 when it has none); themes are fitted to this.
    public let colors: Int
    /// Whether cells are drawn in ASCII (see ``AsciiGlyphs``), because the locale is not UTF-8.
    public let drawsASCII: Bool
    /// Cells written to curses by the last ``draw(_:cursor:)`` (continuation cells are not counted).
    public private(set) var cellsWrittenByLastDraw = 0

    /// The theme cells are drawn with; setting it redraws everything on the next ``draw(_:cursor:)``.
    public var theme: Theme {
        didSet {
            theme = theme.honoringNoColor(configuration.environment)
            resolvedStyles = [:]
            previous = nil
        }
    }

    /// A handle other threads use to wake ``nextEvent(timeout:)``.
    public var waker: TerminalWaker { TerminalWaker(pipe: wakePipe) }

    /// The screen's size now.
    public var size: TerminalSize { TerminalSize(width: Int(arbor_curses_cols()), height: Int(arbor_curses_lines())) }

    /// Takes over the terminal. Throws when TERM cannot address the cursor or curses refuses the terminal, leaving
    /// the terminal untouched. A locale that is not UTF-8 makes it draw ASCII.
    public init(_ configuration: Configuration = Configuration()) throws(TerminalError) {
        self.configuration = configuration
        let term = try Self.checkUsable(configuration)
        drawsASCII = !Self.selectLocale(configuration.environment)
        wakePipe = try WakePipe()

        guard let output = fdopen(dup(configuration.outputDescriptor), "w") else {
            throw .systemCall(name: "fdopen", errno: errno)
        }
        guard let input = fdopen(dup(configuration.inputDescriptor), "r") else {
            fclose(output)
            throw .systemCall(name: "fdopen", errno: errno)
        }
        // Installed before newterm: curses then leaves SIGINT, SIGTERM and SIGWINCH to us.
        guardsSignals =
            configuration.handlesSignals
            && arbor_terminal_guard_install(
                configuration.inputDescriptor, configuration.outputDescriptor, wakePipe.writeDescriptor) == 0
        guard let screen = newterm(term, output, input) else {
            if guardsSignals { arbor_terminal_guard_remove() }
            fclose(output)
            fclose(input)
            throw .unknownTerminal(term: term)
        }
        self.screen = screen
        set_term(screen)
        outputFile = output
        inputFile = input
        window = arbor_curses_stdscr()

        if let forced = configuration.size {
            resize_term(Int32(forced.height), Int32(forced.width))
        }
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(arbor_curses_colors())
        } else {
            colors = 0
        }
        theme = configuration.theme.honoringNoColor(configuration.environment)
        cbreak()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        if configuration.mouse {
            mousemask(arbor_curses_mouse_mask(), nil)
            mouseinterval(0)
        }
        lastReportedSize = TerminalSize(width: Int(arbor_curses_cols()), height: Int(arbor_curses_lines()))
        if configuration.bracketedPaste { writeDirectly("\u{1B}[?2004h") }
    }

    /// Opens the terminal, runs `body`, and closes it however `body` ends.
    public static func withTerminal<Result>(
        _ configuration: Configuration = Configuration(), _ body: (CursesTerminal) throws -> Result
    ) throws -> Result {
        let terminal = try CursesTerminal(configuration)
        defer { terminal.close() }
        return try body(terminal)
    }

    /// Gives the terminal back as it was. Safe to call more than once.
    public func close() {
        guard let screen else { return }
        if configuration.mouse { mousemask(0, nil) }
        curs_set(1)
        // Without an alternate screen (the Linux console) the last frame would stay on screen after the program.
        let clearing = Self.capability("smcup") == nil ? Self.capability("clear") : nil
        endwin()
        if let clearing { writeDirectly(clearing) }
        if configuration.bracketedPaste { writeDirectly("\u{1B}[?2004l") }
        delscreen(screen)
        fclose(outputFile)
        fclose(inputFile)
        if guardsSignals { arbor_terminal_guard_remove() }
        self.screen = nil
    }

    deinit { close() }

    /// The current terminal's terminfo string capability `name`, or nil when it has none.
    private static func capability(_ name: String) -> String? {
        guard let value = tigetstr(name), Int(bitPattern: value) != -1, value.pointee != 0 else { return nil }
        return String(cString: value)
    }

    func writeDirectly(_ text: String) {
        fflush(outputFile)
        var bytes = Array(text.utf8)
        _ = Glibc.write(configuration.outputDescriptor, &bytes, bytes.count)
    }

    /// Throws what `init` would for TERM, without touching the terminal, so a command can refuse before it starts
    /// work the front end was meant to show. Returns the terminal type.
    @discardableResult
    public static func checkUsable(_ configuration: Configuration) throws(TerminalError) -> String {
        let term = configuration.terminalType ?? configuration.environment["TERM"]
        guard let term, !term.isEmpty, term != "dumb" else { throw .noCursorAddressing(term: term) }
        return term
    }

    /// Sets the process locale and says whether the terminal can be sent UTF-8, by the locale `environment` names
    /// (`LC_ALL`, then `LC_CTYPE`, then `LANG`): one whose character set is not UTF-8 (`C` and `POSIX` among them)
    /// means no; an unset locale says nothing about the terminal, and nearly every terminal today is UTF-8, so it
    /// means yes. Curses always gets a UTF-8 character type when the system has one, so it measures and stores the
    /// ASCII it is given the same way either way.
    static func selectLocale(_ environment: [String: String]) -> Bool {
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { _ = setlocale(LC_CTYPE, "C.UTF-8") }
        guard let named = ["LC_ALL", "LC_CTYPE", "LANG"].compactMap({ environment[$0] }).first(where: { !$0.isEmpty })
        else { return true }
        // A UTF-8 locale this system does not have still says what the terminal speaks.
        let lowered = named.lowercased()
        return lowered.hasSuffix(".utf-8") || lowered.hasSuffix(".utf8") || arbor_locale_is_utf8(named)
    }
}

extension CursesTerminal {
    // MARK: drawing

    /// Shows `canvas`: writes only the cells that differ from the last canvas drawn (everything after a resize or
    /// theme change), then updates the terminal. The cursor is hidden unless `cursor` places it.
    public func draw(_ canvas: Canvas, cursor: (x: Int, y: Int)? = nil) {
        guard screen != nil else { return }
        let screenSize = size
        let last = previous.flatMap { $0.size == canvas.size ? $0 : nil }
        if last == nil { werase(window) }
        var written = 0
        for y in 0..<min(canvas.size.height, screenSize.height) {
            for x in 0..<min(canvas.size.width, screenSize.width) {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                if let last, last[x, y] == cell { continue }
                write(cell, x: x, y: y, lastColumn: screenSize.width - 1)
                written += 1
            }
        }
        cellsWrittenByLastDraw = written
        previous = canvas
        if let cursor {
            if !cursorVisible { curs_set(1) }
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else if cursorVisible {
            curs_set(0)
        }
        cursorVisible = cursor != nil
        wnoutrefresh(window)
        doupdate()
    }

    /// Forgets what is on screen, so the next draw writes every cell (after something else wrote to the tty).
    public func invalidate() { previous = nil }

    private func write(_ cell: Cell, x: Int, y: Int, lastColumn: Int) {
        let (attributes, pair) = resolved(cell.style)
        if drawsASCII {
            let replacement = AsciiGlyphs.replacement(for: cell.grapheme)
            for (offset, character) in replacement.enumerated() where x + offset <= lastColumn {
                let scalar = wchar_t(character.asciiValue ?? UInt8(ascii: "?"))
                arbor_curses_put_cell(window, Int32(y), Int32(x + offset), [scalar], 1, attributes, pair)
            }
            return
        }
        // A wide character cannot start in the last column; the canvas never does this, a smaller screen might.
        let grapheme: Character = cell.grapheme.displayWidth == 2 && x >= lastColumn ? " " : cell.grapheme
        var scalars = grapheme.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        // Curses takes each regional indicator as a one-column spacing character: a flag is two cells to it, and
        // the terminal, receiving both in a row, draws the flag across them.
        if scalars.count == 2, grapheme.unicodeScalars.allSatisfy({ (0x1F1E6...0x1F1FF).contains($0.value) }) {
            arbor_curses_put_cell(window, Int32(y), Int32(x), scalars, 1, attributes, pair)
            arbor_curses_put_cell(window, Int32(y), Int32(x + 1), [scalars[1]], 1, attributes, pair)
            return
        }
        // A cluster longer than a curses cell holds (a ZWJ family) keeps its first, wide, scalar.
        if scalars.count > Int(arbor_curses_cchar_max()) { scalars = [scalars[0]] }
        arbor_curses_put_cell(window, Int32(y), Int32(x), scalars, Int32(scalars.count), attributes, pair)
    }

    private func resolved(_ style: Style) -> (attributes: attr_t, pair: Int32) {
        if let known = resolvedStyles[style] { return known }
        let look = theme.resolve(style)
        var a = look.attributes
        // Grey has no place among 8 colours: it would fold to black (invisible on a dark console), so it is drawn in
        // the terminal's own colour, dimmed.
        if look.foreground.isGrey(onColors: colors) { a.insert(.dim) }
        let attributes = arbor_curses_attributes(
            a.contains(.bold), a.contains(.dim), a.contains(.underline), a.contains(.reverse))
        let result = (
            attributes, pair(look.foreground.fitted(toColors: colors), look.background.fitted(toColors: colors))
        )
        resolvedStyles[style] = result
        return result
    }

    private struct PairKey: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// The colour pair for (foreground, background), made on first use; pair 0 when colours are off or exhausted.
    private func pair(_ foreground: TerminalColor, _ background: TerminalColor) -> Int32 {
        guard colors > 0 else { return 0 }
        let key = PairKey(foreground: foreground.cursesNumber, background: background.cursesNumber)
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let known = pairs[key] { return known }
        let number = Int32(pairs.count + 1)
        guard number < arbor_curses_color_pairs(),
            init_extended_pair(number, key.foreground, key.background) == arbor_curses_ok()
        else { return 0 }
        pairs[key] = number
        return number
    }

    /// The cell curses holds at (x, y), or nil outside the screen.
    public func readBack(x: Int, y: Int) -> ScreenCell? {
        guard screen != nil else { return nil }
        var characters = [wchar_t](repeating: 0, count: Int(arbor_curses_cchar_max()) + 1)
        var attributes: attr_t = 0
        var pair: Int32 = 0
        guard arbor_curses_read_cell(window, Int32(y), Int32(x), &characters, &attributes, &pair) == arbor_curses_ok()
        else { return nil }
        var scalars = String.UnicodeScalarView()
        for value in characters.prefix(while: { $0 != 0 }) {
            if let scalar = Unicode.Scalar(UInt32(bitPattern: value)) { scalars.append(scalar) }
        }
        var foreground: Int32 = -1
        var background: Int32 = -1
        if pair != 0 { extended_pair_content(pair, &foreground, &background) }
        var text: TextAttributes = []
        if arbor_curses_has_bold(attributes) { text.insert(.bold) }
        if arbor_curses_has_dim(attributes) { text.insert(.dim) }
        if arbor_curses_has_underline(attributes) { text.insert(.underline) }
        if arbor_curses_has_reverse(attributes) { text.insert(.reverse) }
        return ScreenCell(
            text: String(scalars), foreground: Int(foreground), background: Int(background), attributes: text)
    }
}
