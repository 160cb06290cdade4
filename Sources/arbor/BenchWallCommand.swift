import ArborBenchmarks
import ArborEnvironments
import ArborSearch
import ArgumentParser
import Foundation

/// `arbor bench wall`: wall time per step with a slow model, sequential search against parallel simulations.
struct BenchWallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wall",
        abstract: "Wall time per step with a model that answers after a fixed latency: sequential search vs Arbor.",
        discussion: """
            A model server stand-in answers every request as the offline agent would, after --latency-ms, serving \
            at most --slots requests at once. The same tasks are searched four ways with the paper's budget (the \
            --iterations and --max-steps given; 20 and 5 by default): ExACT's sequential search (one simulation, one \
            request at a time), Arbor with one simulation (its debaters and judges concurrent), and Arbor with 4 and \
            8 simulations in flight. Each row prints requests per step, wall time per step and successes; the last \
            line is the speedup of K=8 over the sequential search. The latency is slept: the ratio is the figure. \
            The offline agent's successes say nothing about a real model's. --simulations is ignored: the rows set it. \
            With --env-step-ms the environment takes that long for each reset and step and cannot save its state, as a \
            browser or a child process would: replaying to a leaf costs time, K > 1 searches with a pool of \
            environments, and a row with K=8 on one environment (serving the wave's leaves in turn) comes before K=8.
            """)

    @OptionGroup var search: SearchOptions

    @Option(name: .customLong("latency-ms"), help: "The stand-in server's latency per request, in milliseconds.")
    var latencyMs = 50

    @Option(help: "Requests the stand-in server serves at once.")
    var slots = 8

    @Option(
        name: .customLong("env-step-ms"),
        help: "Milliseconds each reset and step of the environment takes (it then cannot save its state); 0: as built.")
    var envStepMs = 0

    func validate() throws {
        guard latencyMs >= 0 else { throw ValidationError("--latency-ms must be 0 or more") }
        guard slots >= 1 else { throw ValidationError("--slots must be 1 or more") }
        guard envStepMs >= 0 else { throw ValidationError("--env-step-ms must be 0 or more") }
        guard search.agent == "offline" else {
            throw ValidationError("bench wall answers as the offline agent does; drop --agent \(search.agent)")
        }
    }

    func run() async throws {
        let tasks = try search.taskList()
        let config = search.config
        let header =
            ("bench wall: \(search.env) (\(search.split.rawValue), \(tasks.count) tasks) · \(config.method.rawValue) · "
                + "seed \(search.seed) · iterations \(config.iterationsPerStep) · max steps \(config.maxSteps) · "
                + "samples \(config.samples) · judge samples \(config.judgeSamplesPerOrder) · "
                + "server stand-in: \(latencyMs) ms a request, \(slots) slots"
                + (envStepMs > 0 ? " · environment: \(envStepMs) ms a reset or step, no snapshots" : ""))
        // Written unbuffered, as the rows are, so it comes first.
        FileHandle.standardOutput.write(Data((header + "\n").utf8))
        let search = self.search
        let built = search.environmentFactory()
        let pause = Duration.milliseconds(envStepMs)
        var environment = built
        if envStepMs > 0 {
            environment = { task in PacedEnvironment(try await built(task), pause: pause) }
        }
        let benchmark = WallBenchmark(
            config: config, tasks: tasks, latency: .milliseconds(latencyMs), slots: slots,
            agent: { try search.makeAgent() }, environment: environment)
        _ = try await benchmark.run(envStepMs > 0 ? WallBenchmark.pooledVariants : WallBenchmark.variants)
    }
}
