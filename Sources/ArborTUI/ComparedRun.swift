import ArborCore
import TerminalKit

/// One side of `arbor diff`: a run's folded state, what to call it on screen (its `FILE:RUN`), and where its texts
/// and full log live (observations for the step summaries, the tree view).
public struct ComparedRun: Sendable {
    public var name: String
    public var state: RunState
    public var library: any RunLibrary
    public var run: RunID

    public init(name: String, state: RunState, library: any RunLibrary, run: RunID) {
        self.name = name
        self.state = state
        self.library = library
        self.run = run
    }

    /// `method · model`, sanitised, or empty when the run never started.
    var setup: String {
        guard let started = state.started else { return "" }
        return TerminalText.sanitize("\(started.method) · \(started.model)")
    }

    /// The first non-blank line of the page a node observed, sanitised; nil when there is none.
    func pageSummary(_ node: Node) -> String? {
        guard let ref = node.observation, let text = library.text(ref) else { return nil }
        let line = text.split(separator: "\n").first { !$0.allSatisfy(\.isWhitespace) }
        return line.map { TerminalText.sanitize($0.trimmingPrefix(while: \.isWhitespace)) }
    }
}
