import ArgumentParser

/// The `arbor` command: argument parsing and wiring only; the work is in the libraries.
@main
struct Arbor: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "arbor",
        abstract: "Run, watch, steer and replay R-MCTS searches of LLM agents.",
        version: version,
        subcommands: [
            DemoCommand.self, RunCommand.self, WatchCommand.self, ReplayCommand.self, RunsCommand.self,
            EventsCommand.self,
            BenchCommand.self, StoreWriterCommand.self, AnnotateCommand.self, AnnotationsCommand.self,
            ExportCommand.self, DiffCommand.self, CtlCommand.self, ForkCommand.self, CallsCommand.self,
            CopyCommand.self, WorkerCommand.self,
        ]
    )
}
