import ArborCore
import ArborEnvironments
import ArborModels
import ArborSearch
import Foundation

/// `arbor bench wall`: the wall time a step takes when the model answers after a fixed latency, for a sequential
/// search as ExACT runs it (one simulation, one request at a time), Arbor with one simulation (its debaters and
/// judges concurrent), and Arbor with K simulations in flight; the same tasks, seeds and budget for each, so the
/// rows make about the same requests. Prints each row as it is measured, then the speedup of the last row over the
/// first.
public struct WallBenchmark: Sendable {
    /// One way of searching: how many simulations at once, whether the client sends one request at a time, and how
    /// many instances an environment without snapshots may have (nil: one per simulation).
    public struct Variant: Sendable {
        public var name: String
        public var simulations: Int
        public var oneRequestAtATime: Bool
        public var environments: Int?
        public init(name: String, simulations: Int, oneRequestAtATime: Bool = false, environments: Int? = nil) {
            self.name = name
            self.simulations = simulations
            self.oneRequestAtATime = oneRequestAtATime
            self.environments = environments
        }
    }

    /// What a variant measured.
    public struct Row: Sendable {
        public var name: String
        public var episodes: Int
        public var successes: Int
        public var steps: Int
        public var requests: Int
        public var seconds: Double
        public var wallPerStep: Double { steps > 0 ? seconds / Double(steps) : 0 }
    }

    public var config: SearchConfig
    public var tasks: [TaskSpec]
    public var latency: Duration
    public var slots: Int
    public var agent: @Sendable () throws -> any Agent
    public var environment: RunDriver.EnvironmentFactory

    public init(
        config: SearchConfig, tasks: [TaskSpec], latency: Duration, slots: Int,
        agent: @escaping @Sendable () throws -> any Agent, environment: @escaping RunDriver.EnvironmentFactory
    ) {
        self.config = config
        self.tasks = tasks
        self.latency = latency
        self.slots = slots
        self.agent = agent
        self.environment = environment
    }

    /// The sequential reference first, then Arbor with 1, 4 and 8 simulations.
    public static let variants = [
        Variant(name: "sequential (K=1, one request at a time)", simulations: 1, oneRequestAtATime: true),
        Variant(name: "Arbor K=1", simulations: 1), Variant(name: "Arbor K=4", simulations: 4),
        Variant(name: "Arbor K=8", simulations: 8),
    ]

    /// For an environment without snapshots: the same, with K = 8 on one environment (serving the wave's leaves in
    /// turn) before K = 8 with its pool of eight.
    public static let pooledVariants = [
        Variant(name: "sequential (K=1, one request at a time)", simulations: 1, oneRequestAtATime: true),
        Variant(name: "Arbor K=1", simulations: 1), Variant(name: "Arbor K=4", simulations: 4),
        Variant(name: "Arbor K=8, 1 environment", simulations: 8, environments: 1),
        Variant(name: "Arbor K=8", simulations: 8),
    ]

    /// Measures every variant, printing a row as each ends, and the speedup line last.
    public func run(_ variants: [Variant] = Self.variants) async throws -> [Row] {
        report(reportRow("search", "requests/step  wall/step  success", width: Self.labelWidth))
        var rows: [Row] = []
        for variant in variants {
            let row = try await measure(variant)
            rows.append(row)
            report(Self.line(row))
        }
        if let first = rows.first, let last = rows.last, rows.count > 1 {
            report(Self.speedup(reference: first, measured: last))
        }
        return rows
    }

    /// One variant over every task, episodes one after another.
    public func measure(_ variant: Variant) async throws -> Row {
        var config = self.config
        config.simulations = variant.simulations
        config.environments = variant.environments
        let served = ServedAgent(
            try agent(), latency: latency, slots: slots, clientLimit: variant.oneRequestAtATime ? 1 : nil)
        let driver = RunDriver(config: config, agent: served, sink: DiscardingSink(), environment: environment)
        let started = ContinuousClock.now
        let ended = await driver.run(tasks)
        let elapsed = ContinuousClock.now - started
        return Row(
            name: variant.name, episodes: ended.count, successes: ended.filter(\.success).count,
            steps: ended.reduce(0) { $0 + $1.steps }, requests: served.requests, seconds: seconds(elapsed))
    }

    static let labelWidth = 42

    static func line(_ row: Row) -> String {
        let requests = row.steps > 0 ? Double(row.requests) / Double(row.steps) : 0
        return reportRow(
            row.name,
            pad(String(format: "%.1f", requests), 13) + "  " + pad(String(format: "%.2f s", row.wallPerStep), 9) + "  "
                + "\(row.successes)/\(row.episodes)",
            width: labelWidth)
    }

    /// The last line: how many times less wall per step `measured` took than `reference`.
    static func speedup(reference: Row, measured: Row) -> String {
        let ratio = measured.wallPerStep > 0 ? reference.wallPerStep / measured.wallPerStep : 0
        return
            "speedup: \(String(format: "%.1f", ratio))× wall per step at equal calls (\(short(measured.name)) vs sequential)"
    }

    private static func short(_ name: String) -> String {
        name.hasPrefix("Arbor ") ? String(name.dropFirst("Arbor ".count)) : name
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

}
