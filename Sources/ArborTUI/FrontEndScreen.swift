import ArborCore
import Foundation
import TerminalKit

/// What the front-end loop (``TerminalApp``) drives: a screen's state, which draws a whole frame, answers each key
/// with the effects it asks for, and may want time to pass (a live clock, autoplay) or a run followed.
public protocol FrontEndScreen: Sendable {
    /// Applies one key (or click, or paste), and returns what it asks of the world outside.
    mutating func handle(_ event: InputEvent) -> [SessionEffect]
    /// Draws the whole frame.
    mutating func render(into canvas: inout Canvas)
    /// How long to wait for a key before ``tick()``; nil waits for ever.
    var tickInterval: Duration? { get }
    /// Time passed with no key.
    mutating func tick()
    /// The loop applied the theme a ``SessionEffect/theme(_:)`` asked for, or could not (the error).
    mutating func themeApplied(_ error: String?)
    /// The run being written right now that the screen shows, and the first event it has not seen; nil when none.
    var followedRun: (library: any RunLibrary, run: RunID, from: Int64)? { get }
    /// New events of the followed run.
    mutating func receive(_ records: [EventRecord])
    /// Following the run failed.
    mutating func followFailed(_ reason: String)
    /// A fork the screen asked for ran (or could not start), and the screen is shown again.
    mutating func forkEnded(_ outcome: Result<ForegroundProgram.Outcome, TerminalError>, command: [String])
    /// The screenshots: how they are asked to be drawn, how they are, and where the frame placed one.
    var pictures: Pictures { get set }
    /// Whether a screenshot may go up as pixels; a screen that cannot place them draws symbols.
    static var placesPixels: Bool { get }
}

extension Session: FrontEndScreen {
    public static var placesPixels: Bool { true }
    public mutating func render(into canvas: inout Canvas) { render(into: &canvas, now: Date().timeIntervalSince1970) }

    public var followedRun: (library: any RunLibrary, run: RunID, from: Int64)? {
        guard let model, isLive else { return nil }
        return (library, model.run, model.state.lastSeq + 1)
    }
}

extension DiffSession: FrontEndScreen {
    /// Two screenshots side by side are drawn as symbols, whatever the terminal.
    public static var placesPixels: Bool { false }
    public mutating func render(into canvas: inout Canvas) { DiffScreen.render(&self, into: &canvas) }
    /// Both runs are read once, before: nothing moves unless a key comes.
    public var tickInterval: Duration? { nil }
    public mutating func tick() {}
    public mutating func themeApplied(_ error: String?) {
        guard let error else { return }
        if tree != nil { withTree { $0.themeApplied(error) } } else { notice = error }
    }
    public var followedRun: (library: any RunLibrary, run: RunID, from: Int64)? { nil }
    public mutating func receive(_ records: [EventRecord]) {}
    public mutating func followFailed(_ reason: String) {}
    /// The diff screen has no replay to fork from.
    public mutating func forkEnded(_ outcome: Result<ForegroundProgram.Outcome, TerminalError>, command: [String]) {}
}
