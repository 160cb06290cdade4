import ArborCore
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor annotations DB [--run N] [--json] [--history]`: the annotations in a store.
struct AnnotationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotations",
        abstract: "List annotations: the current version of each, or every version with --history.")

    @Argument(help: "The store, e.g. runs.db or postgresql://user@host/database.")
    var database: String

    @Option(name: .customLong("run"), help: "Only this run's.")
    var runID: Int64?

    @Flag(help: "Print one JSON object per annotation.")
    var json = false

    @Flag(help: "Include the versions later edits superseded.")
    var history = false

    func run() throws {
        let store = try RunStores.open(database, mode: .readOnly)
        defer { store.close() }
        if let runID { try ExportCommand.check(store, run: runID) }
        let annotations = try store.annotations(run: runID, episode: nil, history: history)
        for annotation in annotations {
            if json { Output.verbatim(Self.json(annotation)) } else { Output.text(Self.line(annotation)) }
        }
    }

    /// `#3 run 1 episode 1 node 5 (trajectory 0→2→5) good "note" [tag] by ana at 2024-…, edits #2`
    static func line(_ a: Annotation) -> String {
        var parts = ["#\(a.id)", "run \(a.run)"]
        if let episode = a.episode { parts.append("episode \(EpisodeNumber.shown(episode))") }
        if let node = a.node { parts.append("node \(node.rawValue)") }
        if let path = a.path {
            parts.append("(trajectory " + path.map { String($0.rawValue) }.joined(separator: "→") + ")")
        }
        if let label = a.label { parts.append(label) }
        if let note = a.note { parts.append(RunsCommand.quoted(note)) }
        if !a.tags.isEmpty { parts.append("[" + a.tags.joined(separator: ", ") + "]") }
        parts.append("by \(a.author) at \(RunsCommand.timestamp(a.createdAt))")
        if let old = a.supersedes { parts.append("(edits #\(old))") }
        return parts.joined(separator: " ")
    }

    static func json(_ a: Annotation) -> String {
        let data = (try? Event.encoder.encode(a)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
