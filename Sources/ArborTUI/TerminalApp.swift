import ArborCore
import Foundation
import Synchronization
import TerminalKit
import TerminalPictures

/// Why the front end could not start.
public enum FrontEndError: Error, CustomStringConvertible {
    case noTerminal

    public var description: String {
        switch self {
        case .noTerminal:
            "the front end needs a terminal, and this process has none (no tty on stdin/stdout and no /dev/tty); "
                + "use `arbor run` or `arbor events` in scripts"
        }
    }
}

/// The front end's loop: one thread owns curses, draws the session, and turns keys into session changes; a task
/// follows the open run and posts its new events to an inbox, waking the loop. Leaves the terminal as it found it on
/// every exit path (`CursesTerminal.withTerminal` closes it; signals arrive as events).
public final class TerminalApp: Sendable {
    /// Events posted by the follower, waiting for the UI thread.
    private let inbox = Mutex<[EventRecord]>([])
    private let followed = Mutex<(run: RunID, task: Task<Void, Never>)?>(nil)
    /// Why following the open run stopped, when it failed (not when it was stopped on purpose); taken by the loop.
    private let followFailure = Mutex<String?>(nil)
    /// Called on the UI thread for every key the session does not know, and after every key, so a caller can add
    /// controls (e.g. steering a search) without the loop knowing them.
    public typealias KeyHook = (inout Session, InputEvent) -> Void

    public init() {}

    /// Runs until the person quits or a signal arrives, and returns the signal if one ended it. Blocks the calling
    /// thread.
    @discardableResult
    public func run(
        session initial: Session, theme: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        keyHook: KeyHook? = nil
    ) throws -> TerminalSignal? {
        var session = initial
        let directories = ThemeLocations.directories(environment: environment)
        let configuration = try Self.configuration(theme: theme, environment: environment)
        defer { if configuration.outputDescriptor != STDOUT_FILENO { close(configuration.outputDescriptor) } }
        let ended: TerminalSignal? = try CursesTerminal.withTerminal(configuration) { terminal in
            let waker = terminal.waker
            session.pictures.look = Self.pictureLook(
                session.pictures.choice, terminal: terminal, environment: environment)
            // Whatever a terminal made of the questions is cleared by the first frame, which writes every cell.
            terminal.repaintAll()
            var pixels = PixelScreen()
            while !session.wantsQuit {
                followIfNeeded(session, waker: waker)
                if let name = session.requestedTheme {
                    do {
                        terminal.theme = try Theme.named(name, searching: directories, environment: environment)
                        terminal.invalidate()
                        session.themeApplied(nil)
                    } catch {
                        session.themeApplied("\(error)")
                    }
                }
                var canvas = Canvas(width: terminal.size.width, height: terminal.size.height)
                Screen.render(&session, into: &canvas)
                terminal.draw(canvas)
                pixels.show(session.pictures.placement, of: session.pictures.look, on: terminal, frame: canvas)
                // A live run's clock ticks once a second, and autoplay at its pace, even when no key comes.
                guard let event = terminal.nextEvent(timeout: session.tickInterval) else {
                    session.tick()
                    continue
                }
                switch event {
                case .wake:
                    if let failure = followFailure.withLock({ failure in
                        defer { failure = nil }
                        return failure
                    }) {
                        session.followFailed(failure)
                    }
                    session.receive(
                        inbox.withLock { records in
                            defer { records.removeAll(keepingCapacity: true) }
                            return records
                        })
                case .signal(let signal):
                    return signal
                case .resize:
                    terminal.invalidate()
                    pixels.forget(on: terminal)
                default:
                    session.handle(event)
                    keyHook?(&session, event)
                }
            }
            return nil
        }
        stopFollowing()
        return ended
    }

    /// Throws what `run` would for the theme, TERM, the locale or a missing terminal, before a command starts work
    /// (a search) that the front end was meant to show.
    public static func preflight(
        theme: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        var configuration = CursesTerminal.Configuration()
        configuration.theme = try Theme.named(
            theme, searching: ThemeLocations.directories(environment: environment), environment: environment)
        configuration.environment = environment
        try CursesTerminal.checkUsable(configuration)
        if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
            guard tty >= 0 else { throw FrontEndError.noTerminal }
            close(tty)
        }
    }

    /// The terminal to draw on, with the chosen theme. The caller closes the output descriptor when it is not stdout.
    static func configuration(theme: String, environment: [String: String]) throws -> CursesTerminal.Configuration {
        let directories = ThemeLocations.directories(environment: environment)
        var configuration = CursesTerminal.Configuration()
        configuration.theme = try Theme.named(theme, searching: directories, environment: environment)
        configuration.environment = environment
        // With stdin or stdout redirected (`arbor demo > log`), draw on the controlling terminal instead.
        if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
            let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
            guard tty >= 0 else { throw FrontEndError.noTerminal }
            configuration.inputDescriptor = tty
            configuration.outputDescriptor = tty
        }
        return configuration
    }

    /// Starts following the open run when it is live and not yet followed; stops following any other run.
    private func followIfNeeded(_ session: Session, waker: TerminalWaker) {
        guard let model = session.model, session.isLive else {
            stopFollowing()
            return
        }
        if followed.withLock({ $0?.run == model.run }) { return }
        stopFollowing()
        let library = session.library
        let run = model.run
        let from = model.state.lastSeq + 1
        let task = Task { [self] in
            do {
                for try await record in library.follow(run: run, from: from) {
                    // One wake per batch the UI has not collected yet, not one per event.
                    let wasEmpty = inbox.withLock { records in
                        defer { records.append(record) }
                        return records.isEmpty
                    }
                    if wasEmpty { waker.wake() }
                }
            } catch is CancellationError {
            } catch {
                if !Task.isCancelled { followFailure.withLock { $0 = "\(error)" } }
            }
            waker.wake()
        }
        followed.withLock { $0 = (run, task) }
    }

    private func stopFollowing() {
        followed.withLock {
            $0?.task.cancel()
            $0 = nil
        }
    }
}

extension TerminalApp {
    /// How pictures are drawn on `terminal` for `choice`: a named protocol as asked; for `auto`, the protocol the
    /// terminal says it speaks when asked (a tenth of a second at most), else symbols; symbols in what the terminal
    /// shows — its colours (none in monochrome), block symbols, half blocks on the Linux console, ASCII without UTF-8.
    static func pictureLook(
        _ choice: ImagesChoice, terminal: CursesTerminal, environment: [String: String]
    ) -> Pictures.Look? {
        if choice == .off { return nil }
        if let named = choice.namedProtocol { return .pixels(named) }
        // Only a terminal on a tty is asked, and never the Linux console, which would print the questions.
        if choice == .auto, !terminal.drawsASCII, environment["TERM"] != "linux",
            isatty(terminal.descriptors.input) == 1,
            let found = TerminalGraphicsQuery.detect(
                input: terminal.descriptors.input, output: terminal.descriptors.output, timeout: 0.1,
                environment: environment)
        {
            return .pixels(found)
        }
        return .symbols(
            SymbolStyle(
                colors: terminal.colors, drawsASCII: terminal.drawsASCII, term: environment["TERM"],
                colorless: terminal.theme == .monochrome))
    }
}
