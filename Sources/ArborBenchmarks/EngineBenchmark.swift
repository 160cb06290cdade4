import ArborCore
import ArborEnvironments
import ArborModels
import ArborSearch

/// Measures the engine alone: a search with an agent and an environment that answer at once, growing one step's
/// tree to a given size. `arbor bench engine` calls it and prints the figures.
public enum EngineBenchmark {
    /// What one measurement found.
    public struct Result: Sendable, Equatable {
        public var nodes: Int
        public var iterations: Int
        public var seconds: Double
        public var iterationsPerSecond: Double { seconds > 0 ? Double(iterations) / seconds : 0 }
        /// The same number of agent and environment calls made without the engine, in the same run: the floor
        /// the engine's own overhead sits on.
        public var referenceSeconds: Double
        /// The last iterations alone (those that grew the tree through its final `window × 5` nodes): the cost of
        /// an iteration at this size, as the llm-reasoners script measures it.
        public var windowIterations: Int
        public var windowSeconds: Double
        public var microsecondsPerIteration: Double { seconds / Double(max(1, iterations)) * 1e6 }
        public var microsecondsPerIterationAtSize: Double { windowSeconds / Double(max(1, windowIterations)) * 1e6 }
    }

    /// Searches (MCTS, PUCT, branching 5) until the tree holds at least `nodes` nodes, recording to `sink`.
    /// The last `window` iterations are also timed on their own.
    public static func run(
        nodes: Int, sink: any EventSink = DiscardingSink(), seed: UInt64 = 1, window: Int = 1000
    ) async -> Result {
        var config = SearchConfig(method: .mcts)
        config.samples = 5
        config.branching = 5
        config.valueSamples = 1
        config.maxSteps = 1
        config.iterationsPerStep = Int.max
        config.successValue = 2  // never reached: the synthetic values stay below 0.9
        // One real step grows a deep tree: the step limit must not cut the search at depth 1, nor repeats end a path.
        config.searchHorizon = false
        config.repeatLimit = 0
        let runner = EpisodeRunner(
            episode: 0, task: SyntheticEnvironment.task, environment: SyntheticEnvironment(),
            agent: SyntheticAgent(seed: seed), config: config, sink: sink)
        let clock = ContinuousClock()
        let started = clock.now
        await runner.advance()
        let windowStartsAt = nodes - config.branching * window
        var windowStarted: (instant: ContinuousClock.Instant, iteration: Int)?
        while runner.tree.count < nodes, runner.pending != .finished {
            if windowStarted == nil, runner.tree.count >= windowStartsAt {
                windowStarted = (clock.now, runner.iteration)
            }
            await runner.advanceIteration()
        }
        let finished = clock.now
        let iterations = runner.iteration
        let window = windowStarted ?? (started, 0)
        return Result(
            nodes: runner.tree.count, iterations: iterations, seconds: seconds(finished - started),
            referenceSeconds: await reference(iterations: iterations, seed: seed),
            windowIterations: iterations - window.iteration, windowSeconds: seconds(finished - window.instant))
    }

    /// Makes the calls an iteration makes (one proposal, one value, one step), `iterations` times, with no engine.
    static func reference(iterations: Int, seed: UInt64) async -> Double {
        let agent = SyntheticAgent(seed: seed)
        let environment = SyntheticEnvironment()
        let clock = ContinuousClock()
        let started = clock.now
        var checksum = 0.0
        do {
            _ = try await environment.reset(SyntheticEnvironment.task)
            for index in 0..<iterations {
                let context = AgentContext(
                    episode: 0, node: NodeID(index), task: "", observation: "", previousActions: [], actionGrammar: "")
                let proposals = try await agent.propose(context, samples: 5, temperature: 1)
                checksum += try await agent.estimateValue(context, samples: 1).value[0].value
                _ = try await environment.step(proposals.value[index % 5].action ?? "")
            }
        } catch {
            return 0
        }
        return checksum.isNaN ? 0 : seconds(clock.now - started)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
