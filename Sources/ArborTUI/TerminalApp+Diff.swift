import Foundation
import TerminalKit

extension TerminalApp {
    /// Runs the diff screen until the person quits or a signal arrives. Blocks the calling thread. Nothing is
    /// followed: both runs are read once, before.
    public func run(
        diff initial: DiffSession, theme: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        var session = initial
        let configuration = try Self.configuration(theme: theme, environment: environment)
        defer { if configuration.outputDescriptor != STDOUT_FILENO { close(configuration.outputDescriptor) } }
        try CursesTerminal.withTerminal(configuration) { terminal in
            while !session.wantsQuit {
                var canvas = Canvas(width: terminal.size.width, height: terminal.size.height)
                DiffScreen.render(&session, into: &canvas)
                terminal.draw(canvas)
                guard let event = terminal.nextEvent(timeout: nil) else { return }
                switch event {
                case .signal: return
                case .resize: terminal.invalidate()
                case .wake: break
                default: session.handle(event)
                }
            }
        }
    }
}
