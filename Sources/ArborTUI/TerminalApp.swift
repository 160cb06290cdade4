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

/// The front end's loop, for every screen (live, replay, diff): one thread owns curses, draws the screen, turns keys
/// into changes of it and carries out the effects they ask for; a task follows the run the screen shows, when it is
/// being written, and posts its new events to an inbox, waking the loop. Leaves the terminal as it found it on every
/// exit path (`CursesTerminal.withTerminal` closes it; signals arrive as events).
public final class TerminalApp: Sendable {
    /// Events posted by the follower, waiting for the UI thread.
    private let inbox = Mutex<[EventRecord]>([])
    private let followed = Mutex<(run: RunID, task: Task<Void, Never>)?>(nil)
    /// Why following the open run stopped, when it failed (not when it was stopped on purpose); taken by the loop.
    private let followFailure = Mutex<String?>(nil)

    /// How one open terminal's loop ended.
    private enum Ending {
        case quit
        case signal(TerminalSignal)
        case fork(ForkRequest)
    }

    public init() {}

    /// Runs until the person quits or a signal arrives, and returns the signal if one ended it. Blocks the calling
    /// thread.
    ///
    /// `steer` carries out the controls a key asks for (a steering side, in this process or through the commands
    /// table); without it they are refused by the screen before they get here. `forkCommand` turns a fork the person
    /// asks for (in a replay) into the command line that carries it out: the terminal is given back, that program
    /// runs in it until it ends, and then the screen comes back where it was, saying how the fork went.
    @discardableResult
    public func run<Shown: FrontEndScreen>(
        screen initial: Shown, theme: String, environment: [String: String] = ProcessInfo.processInfo.environment,
        steer: ((SteerRequest, inout Shown) -> Void)? = nil,
        forkCommand: (@Sendable (ForkRequest) -> [String])? = nil
    ) throws -> TerminalSignal? {
        var screen = initial
        var configuration = try Self.configuration(theme: theme, environment: environment)
        defer { if configuration.outputDescriptor != STDOUT_FILENO { close(configuration.outputDescriptor) } }
        while true {
            switch try run(&screen, &configuration, environment: environment, steer: steer) {
            case .quit: return nil
            case .signal(let signal): return signal
            case .fork(let request):
                guard let command = forkCommand?(request) else { continue }
                let outcome: Result<ForegroundProgram.Outcome, TerminalError>
                do throws(TerminalError) {
                    outcome = .success(try ForegroundProgram.run(command[0], arguments: Array(command.dropFirst())))
                } catch {
                    outcome = .failure(error)
                }
                screen.forkEnded(outcome, command: command)
                if case .success(let ended) = outcome, let signal = ended.passedOn { return signal }
            }
        }
    }

    /// The loop on an open terminal, until the person quits, asks for a fork, or a signal arrives.
    private func run<Shown: FrontEndScreen>(
        _ screen: inout Shown, _ configuration: inout CursesTerminal.Configuration, environment: [String: String],
        steer: ((SteerRequest, inout Shown) -> Void)?
    ) throws -> Ending {
        let directories = ThemeLocations.directories(environment: environment)
        defer { stopFollowing() }
        return try CursesTerminal.withTerminal(configuration) { terminal -> Ending in
            let waker = terminal.waker
            let asked = screen.pictures.choice
            screen.pictures.look = Self.pictureLook(
                Shown.placesPixels || asked == .off ? asked : .symbols, terminal: terminal, environment: environment)
            // Whatever a terminal made of the questions is cleared by the first frame, which writes every cell.
            terminal.repaintAll()
            var pixels = PixelScreen()
            while true {
                followIfNeeded(screen.followedRun, waker: waker)
                var canvas = Canvas(width: terminal.size.width, height: terminal.size.height)
                screen.render(into: &canvas)
                terminal.draw(canvas)
                pixels.show(screen.pictures.placement, of: screen.pictures.look, on: terminal, frame: canvas)
                // A live run's clock ticks once a second, and autoplay at its pace, even when no key comes.
                guard let event = terminal.nextEvent(timeout: screen.tickInterval) else {
                    screen.tick()
                    continue
                }
                switch event {
                case .wake:
                    if let failure = followFailure.withLock({ failure in
                        defer { failure = nil }
                        return failure
                    }) {
                        screen.followFailed(failure)
                    }
                    screen.receive(
                        inbox.withLock { records in
                            defer { records.removeAll(keepingCapacity: true) }
                            return records
                        })
                case .signal(let signal):
                    return .signal(signal)
                case .resize:
                    terminal.invalidate()
                    pixels.forget(on: terminal)
                default:
                    var ending: Ending?
                    for effect in screen.handle(event) {
                        switch effect {
                        case .quit: ending = .quit
                        case .fork(let request): ending = .fork(request)
                        case .steer(let request): steer?(request, &screen)
                        case .theme(let name):
                            do {
                                terminal.theme = try Theme.named(name, searching: directories, environment: environment)
                                // The terminal opened again after a fork keeps it.
                                configuration.theme = terminal.theme
                                terminal.invalidate()
                                screen.themeApplied(nil)
                            } catch {
                                screen.themeApplied("\(error)")
                            }
                        }
                    }
                    if let ending { return ending }
                }
            }
        }
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

    /// Starts following the run the screen shows when it is being written and not yet followed; stops following any
    /// other run.
    private func followIfNeeded(_ live: (library: any RunLibrary, run: RunID, from: Int64)?, waker: TerminalWaker) {
        guard let live else {
            stopFollowing()
            return
        }
        if followed.withLock({ $0?.run == live.run }) { return }
        stopFollowing()
        let (library, run, from) = live
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
