import Foundation
import TerminalKit
import TerminalPictures

extension TerminalApp {
    /// Runs the diff screen until the person quits or a signal arrives, and returns the signal if one ended it.
    /// Blocks the calling thread. Nothing is followed: both runs are read once, before.
    @discardableResult
    public func run(
        diff initial: DiffSession, theme: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> TerminalSignal? {
        var session = initial
        let configuration = try Self.configuration(theme: theme, environment: environment)
        defer { if configuration.outputDescriptor != STDOUT_FILENO { close(configuration.outputDescriptor) } }
        return try CursesTerminal.withTerminal(configuration) { terminal -> TerminalSignal? in
            // Two screenshots side by side are drawn as symbols, whatever the terminal: the diff places no pixels.
            session.pictures.look = Self.pictureLook(
                session.pictures.choice == .off ? .off : .symbols, terminal: terminal, environment: environment)
            while !session.wantsQuit {
                var canvas = Canvas(width: terminal.size.width, height: terminal.size.height)
                DiffScreen.render(&session, into: &canvas)
                terminal.draw(canvas)
                guard let event = terminal.nextEvent(timeout: nil) else { return nil }
                switch event {
                case .signal(let signal): return signal
                case .resize: terminal.invalidate()
                case .wake: break
                default: session.handle(event)
                }
            }
            return nil
        }
    }
}
