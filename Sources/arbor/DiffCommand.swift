import ArborCore
import ArborExport
import ArborStore
import ArborStorePostgres
import ArborTUI
import ArgumentParser
import Foundation

/// `arbor diff DB1:RUN1 DB2:RUN2`: two runs compared task by task.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two runs task by task: outcomes, steps, model calls, where the trajectories first differ.",
        discussion: """
            Both runs may be in the same file: arbor diff runs.db:1 runs.db:2. With --tui, a full-screen comparison: \
            the task list, and for the selected task both committed trajectories side by side with the first \
            divergent step highlighted. Keys: j/k move, Enter or Tab switch between tasks and trajectories, n/N the \
            next or previous task whose outcome differs, ]/[ next or previous task, a/b either side's whole tree at \
            the divergence, ? help, q quit.
            """)

    @Argument(help: "The first run, as FILE:RUN.")
    var first: String

    @Argument(help: "The second run, as FILE:RUN.")
    var second: String

    @Flag(help: "Print the comparison as one JSON object.")
    var json = false

    @Flag(help: "Open the comparison full screen: tasks, and two trajectories side by side.")
    var tui = false

    @OptionGroup var appearance: AppearanceOptions

    func validate() throws {
        _ = try Self.parse(first)
        _ = try Self.parse(second)
        if json && tui { throw ValidationError("--json and --tui are two ways to show the comparison: pick one.") }
    }

    func run() throws {
        let a = try Self.parse(first)
        let b = try Self.parse(second)
        if tui {
            var session = DiffSession(a: try Self.compared(a, name: first), b: try Self.compared(b, name: second))
            session.pictures = Pictures(choice: appearance.images)
            let signal = try TerminalApp().run(screen: session, theme: appearance.theme)
            if let code = ExitCode(endedBy: signal) { throw code }
            return
        }
        let diff = RunDiff(try Self.state(a), try Self.state(b))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            Output.verbatim(String(decoding: try encoder.encode(diff), as: UTF8.self))
        } else {
            Output.text(diff.table(nameA: first, nameB: second), terminator: "")
        }
    }

    /// `FILE:RUN`, split at the last colon so paths may hold colons.
    static func parse(_ spec: String) throws -> (path: String, run: RunID) {
        guard let colon = spec.lastIndex(of: ":"), let run = RunID(spec[spec.index(after: colon)...]),
            colon != spec.startIndex
        else {
            throw ValidationError("'\(spec)' does not name a run: write FILE:RUN, e.g. runs.db:1.")
        }
        return (String(spec[..<colon]), run)
    }

    static func state(_ spec: (path: String, run: RunID)) throws -> RunState {
        let store = try RunStores.open(spec.path, mode: .readOnly, existing: true)
        defer { store.close() }
        return try state(spec, in: store)
    }

    /// One side for the full-screen diff: its state, and the store its page texts and full tree come from.
    static func compared(_ spec: (path: String, run: RunID), name: String) throws -> ComparedRun {
        let store = try RunStores.open(spec.path, mode: .readOnly, existing: true)
        return ComparedRun(
            name: name, state: try state(spec, in: store), library: StoreLibrary(store: store, location: spec.path),
            run: spec.run)
    }

    private static func state(_ spec: (path: String, run: RunID), in store: any RunStorage) throws -> RunState {
        try ExportCommand.check(store, run: spec.run)
        do {
            return try RunState(try store.log(run: spec.run))
        } catch let error as FoldError {
            throw StoreError.corrupt(path: spec.path, reason: "run \(spec.run) does not fold: \(error)")
        }
    }
}
