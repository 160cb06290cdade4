import ArborCore
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor annotate DB --run N --episode E --node ID --label good`: marks a node, a trajectory, an episode or a run.
struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Label, note or tag a node, a trajectory (root → node), an episode or a whole run.",
        discussion: """
            Annotations live in their own table; the run's log is never changed. --edit ID records a new version of \
            annotation ID (history is kept; `arbor annotations --history` shows it). Prints the annotation written.
            """)

    @Argument(help: "The store, e.g. runs.db or postgresql://user@host/database.")
    var database: String

    @Option(name: .customLong("run"), help: "The run's id (see `arbor runs`).")
    var runID: Int64?

    @Option(help: "The episode, counted from 1 (1 when --node is given without it).")
    var episode: Int?

    @Option(help: "The node's id in the episode's tree.")
    var node: Int?

    @Flag(help: "Mark the whole trajectory from the root to --node, not only the node.")
    var path = false

    @Option(help: "good, bad, unsure, or a label of your own.")
    var label: String?

    @Option(help: "Free text.")
    var note: String?

    @Option(name: .customLong("tag"), help: "A tag; repeat for several.")
    var tags: [String] = []

    @Option(help: "Who annotates (default: $USER).")
    var author: String?

    @Option(help: "Edit annotation ID: a new version that keeps what is not given again.")
    var edit: Int64?

    @Flag(help: "Print the annotation as JSON.")
    var json = false

    func validate() throws {
        if edit == nil, runID == nil { throw ValidationError("Give --run N, or --edit ID to edit an annotation.") }
        if path, node == nil { throw ValidationError("--path marks the trajectory to a node: give --node too.") }
    }

    func run() throws {
        // Opening for writing would create a missing file; annotating one makes no sense.
        let store = try RunStores.open(database, existing: true)
        defer { store.close() }
        let who = author ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
        let episodeIndex: Int?
        do {
            episodeIndex = try episode.map { try EpisodeNumber.index($0, run: runID ?? 0, in: store) }
        } catch let failure as StoreError where failure != .unknownRun(runID ?? 0) {
            throw failure
        } catch {
            throw ValidationError("\(error)")
        }
        let written: Annotation
        do {
            if let edit {
                written = try store.editAnnotation(
                    edit, label: label, note: note, tags: tags.isEmpty ? nil : tags, author: who,
                    at: Date().timeIntervalSince1970)
            } else {
                let run = runID ?? 0
                let episode = episodeIndex ?? (node == nil ? nil : 0)
                let trajectory = try path ? trajectory(store, run: run, episode: episode ?? 0) : nil
                written = try store.annotate(
                    run: run, episode: episode, node: node.map { NodeID($0) }, path: trajectory, label: label,
                    note: note, tags: tags, author: who, at: Date().timeIntervalSince1970)
            }
        } catch {
            // A bad run, episode, node or edit is a bad argument; a store that fails is not.
            if case .store(let failure) = error, failure != .unknownRun(runID ?? 0) { throw failure }
            throw ValidationError(error.description)
        }
        if json {
            Output.verbatim(AnnotationsCommand.json(written))
        } else {
            Output.text(AnnotationsCommand.line(written))
        }
    }

    /// The root → node path, from the fold of the run's log.
    private func trajectory(_ store: any RunStorage, run: RunID, episode: Int) throws(AnnotationError) -> [NodeID] {
        let state: RunState
        do {
            state = try RunState(try store.log(run: run))
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw .store(.sqlite(path: database, message: "\(error)"))
        }
        guard let tree = state.episodes[episode] else { throw .unknownEpisode(run: run, episode: episode) }
        let target = NodeID(node ?? 0)
        guard tree.contains(target) else {
            throw .unknownNode(run: run, episode: episode, node: target, nodes: tree.nodes.count)
        }
        return tree.path(to: target)
    }
}
