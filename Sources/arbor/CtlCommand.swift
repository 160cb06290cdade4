import ArborCore
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor ctl DB --run N VERB [NODE] [VALUE]`: steers a run started with `arbor run --controllable` from another
/// process, through the store's commands table. Prints `{"id":…,"outcome":"done"}` (or `refused: why`).
struct CtlCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ctl",
        abstract: "Steer a run started with --controllable: pause, resume, step, expand, backtrack, …",
        discussion: """
            Verbs: pause, resume, step, step-phase, expand NODE, reevaluate NODE, backtrack NODE, commit NODE, \
            exclude NODE, allow NODE, lock-root NODE (on the locked node: unlock), override NODE VALUE. Waits for \
            the run to take the command and prints its outcome as JSON; exits 1 when it was refused or not answered \
            in time.
            """)

    @Argument(help: "The store, e.g. runs.db.")
    var database: String

    @Option(help: "The run to steer.")
    var run: Int64

    @Argument(help: "The control, its node (e.g. n4 or 4) and, for override, the value in [0, 1].")
    var words: [String]

    @Option(help: "The episode, counted from 1 (default: the newest one running).")
    var episode: Int?

    @Option(help: "A note recorded with the intervention.")
    var note: String?

    @Option(help: "The name the intervention is recorded under (default: $USER).")
    var author: String?

    @Option(help: "Seconds to wait for the run to answer.")
    var timeout = 10.0

    private static let verbs: [String: InterventionKind] = [
        "pause": .pause, "resume": .resume, "step": .stepIteration, "step-phase": .stepPhase, "expand": .expand,
        "reevaluate": .reevaluate, "backtrack": .backtrack, "commit": .commit, "exclude": .exclude, "allow": .allow,
        "override": .overrideValue, "lock-root": .lockRoot,
    ]

    /// The intervention, node and value the words ask for, or a usage error.
    func parsed() throws -> (InterventionKind, NodeID?, Double?) {
        guard let verb = words.first, let kind = Self.verbs[verb] else {
            throw ValidationError(
                "unknown control '\(words.first ?? "")'; choose one of: \(Self.verbs.keys.sorted().joined(separator: ", "))"
            )
        }
        let needsNode: Set<InterventionKind> = [.pause, .resume, .stepIteration, .stepPhase]
        if needsNode.contains(kind) {
            guard words.count == 1 else { throw ValidationError("\(verb) takes no node") }
            return (kind, nil, nil)
        }
        guard words.count >= 2, let id = Int(words[1].trimmingPrefix("n")), id >= 0 else {
            throw ValidationError("\(verb) needs a node, e.g. `arbor ctl runs.db --run 1 \(verb) n4`")
        }
        if kind == .overrideValue {
            guard words.count == 3, let value = Double(words[2]), value >= 0, value <= 1 else {
                throw ValidationError("override needs a node and a value in [0, 1], e.g. override n4 0.8")
            }
            return (kind, NodeID(id), value)
        }
        guard words.count == 2 else { throw ValidationError("\(verb) takes one node") }
        return (kind, NodeID(id), nil)
    }

    func validate() throws {
        _ = try parsed()
        guard timeout > 0 else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    /// Why no run will ever take a command for `run` (it has ended, or nothing reads its commands), or nil.
    static func refusal(store: any RunStorage, run: RunID) throws -> String? {
        let summary = try store.run(run)
        if summary.status != .running { return "refused: run \(run) has ended (\(summary.status.rawValue))" }
        if try store.runConfig(run)["controllable"] != "true" {
            return "refused: run \(run) was not started with --controllable, so nothing reads its commands"
        }
        return nil
    }

    func run() async throws {
        let (kind, node, value) = try parsed()
        let store: any RunStorage
        do {
            store = try RunStores.open(database, existing: true)
        } catch {
            throw ValidationError("\(error)")
        }
        let who = author.flatMap { $0.isEmpty ? nil : $0 } ?? ProcessInfo.processInfo.environment["USER"] ?? "user"
        let index = try episode.map { try EpisodeNumber.index($0, run: run, in: store) }
        let id = try store.enqueueCommand(
            run: run, kind: kind.rawValue, episode: index, node: node, value: value, note: note, author: who,
            at: Date().timeIntervalSince1970)
        var outcome = try Self.refusal(store: store, run: run)
        if let outcome {
            try store.acknowledge(command: id, outcome: outcome, at: Date().timeIntervalSince1970)
        } else {
            let deadline = Date().addingTimeInterval(timeout)
            while outcome == nil, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                outcome = try store.command(id)?.outcome
            }
        }
        let answer = outcome ?? "timeout: run \(run) did not answer within \(timeout) s"
        let json = try JSONSerialization.data(withJSONObject: ["id": id, "outcome": answer], options: [.sortedKeys])
        Output.verbatim(String(decoding: json, as: UTF8.self))
        store.close()
        if answer != "done" { throw ExitCode(1) }
    }
}
