import ArborCore
import ArborExport
import ArborStore
import ArborStorePostgres
import ArgumentParser
import Foundation

/// `arbor export DB --run N --format F -o FILE`: a run as training data, a report or a graph.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a run: trajectories, sft, exploratory, preferences (JSON lines), markdown or dot.",
        discussion: """
            --filter picks episodes: success (succeeded by the environment's check and not labelled bad, or \
            labelled good), good (labelled good) or all; --all-episodes is --filter all. The training formats, sft \
            (imitation learning) and exploratory (the paper's exploratory learning), default to success, the others \
            to all. For preferences, good keeps only pairs people labelled (good over bad sibling) and success only \
            pairs from successful episodes. docs/export.md shows an example of each format.
            """)

    @Argument(help: "The store, e.g. runs.db or postgresql://user@host/database.")
    var database: String

    @Option(name: .customLong("run"), help: "The run's id (see `arbor runs`).")
    var runID: Int64

    @Option(help: "The format: \(ExportFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: String

    @Option(help: "Only this episode, counted from 1.")
    var episode: Int?

    @Option(help: "Which episodes: success, good or all (default: success for sft, all otherwise).")
    var filter: String?

    @Flag(name: .customLong("all-episodes"), help: "Every episode, successful or not: the same as --filter all.")
    var allEpisodes = false

    @Option(name: .customLong("min-gap"), help: "Preferences by Q: the smallest Q gap between chosen and rejected.")
    var minimumGap = 0.1

    @Option(name: .customLong("min-visits"), help: "Preferences by Q: the fewest visits of both siblings.")
    var minimumVisits = 2

    @Option(name: .shortAndLong, help: "The file to write (default: standard output).")
    var output: String?

    @Option(
        help: """
            How trajectories, sft and markdown carry the observations' screenshots: inline (data URLs, the default), \
            files (in FILE.images/ beside -o FILE) or none.
            """)
    var images: String = ImageExport.inline.rawValue

    func validate() throws {
        _ = try chosenFormat
        _ = try chosenFilter
        if try chosenImages == .files, output == nil {
            throw ValidationError("--images files writes the images beside the export; give the file with -o FILE.")
        }
        if allEpisodes, let filter, filter != "all" {
            throw ValidationError("--all-episodes and --filter \(filter) contradict each other; give one of them.")
        }
        guard minimumVisits >= 0, minimumGap >= 0 else {
            throw ValidationError("--min-gap and --min-visits must be 0 or more.")
        }
    }

    func run() throws {
        let store = try RunStores.open(database, mode: .readOnly)
        defer { store.close() }
        try Self.check(store, run: runID)
        let recording = try Self.recording(store, run: runID)
        let episode = try self.episode.map {
            try EpisodeNumber.index($0, run: runID, count: recording.state.episodes.count)
        }
        let format = try chosenFormat
        let folder = output.map { URL(fileURLWithPath: $0).lastPathComponent + ".images" } ?? "images"
        let options = ExportOptions(
            filter: try chosenFilter, episode: episode, minimumGap: minimumGap, minimumVisits: minimumVisits,
            images: try chosenImages, imageFolder: folder)
        let text = try format.render(recording, options: options)
        if options.images == .files, let output {
            try Self.writeImages(recording, options, format, beside: output, folder: folder)
        }
        guard let output else {
            // JSON lines escape every control; markdown and dot come sanitised from ArborExport.
            Output.verbatim(text, terminator: "")
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } catch {
            throw StoreError.unwritable(path: output, reason: error.localizedDescription)
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
        Output.text("wrote \(format.rawValue) of run \(runID) to \(output) (\(lines) lines)")
    }

    /// Parsed here rather than by the argument parser, so a bad name is one line that lists the good ones.
    var chosenFormat: ExportFormat {
        get throws { try Self.choice(format, named: "format") }
    }

    var chosenImages: ImageExport {
        get throws { try Self.choice(images, named: "--images") }
    }

    private static func choice<Choice: RawRepresentable<String> & CaseIterable>(
        _ value: String, named name: String
    ) throws -> Choice {
        guard let found = Choice(rawValue: value) else {
            throw ValidationError(
                "unknown \(name) '\(value)'; choose one of: "
                    + Choice.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return found
    }

    /// Writes each image the export refers to, once, into `folder` beside `output`.
    static func writeImages(
        _ recording: RunRecording, _ options: ExportOptions, _ format: ExportFormat, beside output: String,
        folder: String
    ) throws {
        let episodes = recording.episodes(options.filter ?? format.defaultFilter, only: options.episode)
        let shown = recording.committedImages(episodes)
        guard !shown.isEmpty else { return }
        let directory = URL(fileURLWithPath: output).deletingLastPathComponent().appendingPathComponent(folder)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for image in shown {
                guard let bytes = recording.image(image.image)?.bytes else { continue }
                try Data(bytes).write(to: directory.appendingPathComponent(ImageLinks.fileName(image)))
            }
        } catch {
            throw StoreError.unwritable(path: directory.path, reason: error.localizedDescription)
        }
    }

    var chosenFilter: ExportFilter? {
        get throws {
            guard let filter else { return allEpisodes ? .all : nil }
            return try Self.choice(filter, named: "filter") as ExportFilter
        }
    }

    /// A run id that is not in the store is a bad argument: one line, exit 2.
    static func check(_ store: any RunStorage, run: RunID) throws {
        do {
            _ = try store.run(run)
        } catch .unknownRun(let id) {
            throw ValidationError(StoreError.unknownRun(id).description)
        }
    }

    /// The run's log, folded, with its current annotations and the store's blobs.
    static func recording(_ store: any RunStorage, run: RunID) throws -> RunRecording {
        let log = try store.log(run: run)
        let annotations = try store.annotations(run: run, episode: nil, history: false)
        do {
            return try RunRecording(
                run: run, records: log, annotations: annotations, image: { try? store.image($0) },
                text: { try? store.blob($0) })
        } catch {
            throw StoreError.corrupt(path: store.location, reason: "run \(run) does not fold: \(error)")
        }
    }
}
