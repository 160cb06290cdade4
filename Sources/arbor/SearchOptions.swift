import ArborCore
import ArborEnvironments
import ArborModels
import ArborOfflineAgent
import ArborSearch
import ArborStore
import ArgumentParser
import Foundation

/// The options that say what to search and how: shared by `arbor run` and `arbor demo`.
struct SearchOptions: ParsableArguments {
    @Option(
        help: """
            The environment: \(EnvironmentCatalog.names.joined(separator: ", ")), or exec:"COMMAND" for your own \
            over the line-delimited JSON protocol (docs/environment-protocol.md).
            """)
    var env = "miniweb"

    @Option(
        name: .customLong("env-timeout"), parsing: .unconditional,
        help: """
            Seconds an external environment may take over any one request before it is taken to be hung and killed \
            (default: start 60, reset 120, step 60, others 30; arbor.toml can set each).
            """)
    var envTimeout: Double?

    @Option(
        name: .customLong("max-observation-bytes"), parsing: .unconditional,
        help: """
            The most bytes of an external environment's observation kept; a longer one is cut there with a marker, \
            and a warning is recorded (default 4194304, 4 MiB).
            """)
    var maxObservationBytes = ExternalEnvironmentConfiguration.defaultMaxObservationBytes

    @Option(
        name: .customLong("pass-env"),
        help: """
            Pass this variable to an external environment although it may hold the model's API key \
            (OPENAI_API_KEY and the variable --api-key-env or arbor.toml names are withheld otherwise); repeat for \
            several.
            """)
    var passEnv: [String] = []

    @Option(help: "Which tasks: train or test.")
    var split: TaskSplit = .test

    @Option(
        parsing: .unconditional,
        help: """
            How many tasks to run, from the first chosen (default: 10, or every task --task matches; never more than \
            the split holds).
            """)
    var tasks: Int?

    @Option(
        name: .customLong("task"),
        help: "A task to run, by id or glob (`*`, `?`); repeat for more. Default: the split's tasks in order.")
    var taskPatterns: [String] = []

    @Option(
        name: .customLong("tasks-from"), parsing: .unconditional,
        help: "Skip this many of the chosen tasks first (default 0).")
    var tasksFrom = 0

    @Option(
        name: .customLong("terminal-verdict"),
        help: """
            Who values a terminal state during the search: evaluator (the value function or the debate, as the paper; \
            the environment's check is read once, when the episode ends) or environment (its check and rewards, for \
            games and benchmarks whose reward the agent observes anyway).
            """)
    var terminalVerdict: TerminalVerdict = .evaluator

    @Option(
        name: .customLong("step-reward-weight"), parsing: .unconditional,
        help: """
            How much the rewards an environment reports before the end count in the search: 0 (the default, as the \
            paper: recorded, not searched on) or a weight w, adding w times the rewards below a node to its backed-up \
            value (1 for shaped rewards on the value's scale).
            """)
    var stepRewardWeight = 0.0

    @Option(
        name: .customLong("lessons-from"),
        help: """
            Which earlier runs in the file lend their lessons: same-env (runs with the same --env, the default), all, \
            none, or run numbers (3,5).
            """)
    var lessonsFrom: LessonSource = .sameEnvironment

    @Option(help: "The search: \(SearchMethod.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: SearchMethod = .rmctsDebate

    @Option(help: "The agent that plays every role: offline (built in), or openai (any OpenAI-compatible endpoint).")
    var agent = "offline"

    @Option(
        parsing: .unconditional, help: "Seed for the environment's content and the agent's noise (0 to 2^53 - 1).",
        transform: SearchOptions.seed)
    var seed: UInt64 = 7

    @Option(parsing: .unconditional, help: "Search iterations per real step.")
    var iterations = 20

    @Option(name: .customLong("max-steps"), parsing: .unconditional, help: "Real steps per episode at most.")
    var maxSteps = 5

    @Option(parsing: .unconditional, help: "Policy samples per expansion (n).")
    var samples = 20

    @Option(parsing: .unconditional, help: "Children kept per expansion (b).")
    var branching = 5

    @Option(
        name: .customLong("value-samples"), parsing: .unconditional, help: "Judgements per single-agent evaluation.")
    var valueSamples = 20

    @Option(
        name: .customLong("judge-samples"), parsing: .unconditional,
        help: "Judge samples per argument order in a debate.")
    var judgeSamples = 3

    @Option(
        help: """
            A directory of prompt templates (policy.txt, judge.txt, …) to use in place of the shipped ones; any \
            subset (docs/prompts.md).
            """)
    var prompts: String?

    @Option(
        name: .customLong("token-budget"), parsing: .unconditional,
        help: "Stop an episode's search after this many model tokens.")
    var tokenBudget: Int?

    @Option(
        name: .customLong("step-seconds"), parsing: .unconditional,
        help: """
            Wall-clock budget per real step, in seconds, beside --iterations: the step commits when either runs out \
            (checked between iterations; ExACT searched 300 seconds a step). Default: none.
            """)
    var stepSeconds: Double?

    @Option(
        parsing: .unconditional,
        help: """
            Simulations in flight at once within a step (K): each selection puts a virtual loss on its path so the \
            next spreads to other branches, and their model calls run concurrently. 1 (the default) searches one \
            at a time, as ExACT.
            """)
    var simulations = 1

    @Option(
        help: """
            With --simulations above 1 on an environment that cannot save its state (an external exec: environment \
            without snapshots), how many instances of it the simulations may hold at once: each simulation in flight \
            leases one (an exec: environment runs one child process per instance), reset and replayed to its leaf. \
            Default: one per simulation. 1 lets the episode's one environment serve the simulations in turn.
            """)
    var environments: Int?

    @Option(
        name: .customLong("reflect-on"),
        help: """
            What reflection takes as the episode's outcome: estimate (the agent's own: the mean Q of the committed \
            actions above 0.7, as ExACT; the environment's check never reaches a lesson) or outcome (the \
            environment's success check, learning from labels).
            """)
    var reflectOn: SuccessSource = .estimate

    @Option(
        name: .customLong("repeat-limit"), parsing: .unconditional,
        help: """
            A path whose last N actions are one action repeated (a typing action: N times anywhere on the path) is a \
            dead end valued 0 in the search and ends the episode when taken (ExACT's repeating_action_failure_th). \
            0 turns it off.
            """)
    var repeatLimit = 5

    @Flag(
        name: .customLong("search-horizon"), inversion: .prefixedNo,
        help: """
            A node the search reaches at --max-steps actions (other than a stop) is a dead end valued 0, as ExACT \
            searches; --no-search-horizon counts only committed steps against the limit.
            """)
    var searchHorizon = true

    @Flag(
        name: .customLong("end-on-success"), inversion: .prefixedNo,
        help: """
            End the episode once the search commits a path whose leaf was valued at the success value, as ExACT \
            does; --no-end-on-success searches on from that leaf while real steps remain.
            """)
    var endOnSuccess = true

    @Option(
        parsing: .unconditional,
        help: "Seconds each agent call waits first, to watch a fast agent search at a human pace (default 0).")
    var pace = 0.0

    @Option(
        name: .customLong("image-limit"), parsing: .unconditional,
        help: """
            The largest image file (bytes) an external environment's observation may name (default 8388608); a larger \
            one is left out and recorded as an error event, and the search goes on.
            """)
    var imageLimit = ExternalEnvironmentConfiguration.defaultImageLimit

    @OptionGroup(title: "Model (with --agent openai)") var model: ModelOptions

    func validate() throws {
        guard pace >= 0, pace <= 10 else { throw ValidationError("--pace must be between 0 and 10 seconds") }
        guard imageLimit > 0 else { throw ValidationError("--image-limit must be a number of bytes above 0") }
        if let problem = Self.environmentProblem(env) { throw ValidationError(problem) }
        if let envTimeout, !(envTimeout > 0 && envTimeout.isFinite) {
            throw ValidationError("--env-timeout must be a number of seconds above 0")
        }
        guard ["offline", "openai"].contains(agent) else {
            throw ValidationError("unknown agent '\(agent)'; choose one of: offline, openai")
        }
        if let tasks, tasks < 1 { throw ValidationError("--tasks must be 1 or more") }
        guard tasksFrom >= 0 else { throw ValidationError("--tasks-from must be 0 or more") }
        guard maxObservationBytes >= 1024 else {
            throw ValidationError("--max-observation-bytes must be 1024 or more")
        }
        guard repeatLimit >= 0 else { throw ValidationError("--repeat-limit must be 0 (off) or more") }
        if let stepSeconds, !(stepSeconds > 0 && stepSeconds.isFinite) {
            throw ValidationError("--step-seconds must be a number of seconds above 0")
        }
        if let tokenBudget, tokenBudget < 1 { throw ValidationError("--token-budget must be 1 or more") }
        guard stepRewardWeight >= 0, stepRewardWeight.isFinite else {
            throw ValidationError("--step-reward-weight must be 0 (step rewards not searched on) or a number above 0")
        }
        if let limit = model.maxConcurrentRequests, limit < 1 {
            throw ValidationError("--max-concurrent-requests must be 1 or more; it was \(limit)")
        }
        guard simulations >= 1 else {
            throw ValidationError("--simulations must be 1 (one at a time) or more; it was \(simulations)")
        }
        if let environments, environments < 1 {
            throw ValidationError("--environments must be 1 or more; it was \(environments)")
        }
        // A built-in environment's tasks are known now, so too many is said before any file is made; an external
        // environment lists its own when it starts.
        if EnvironmentCatalog.names.contains(env) { _ = try taskList() }
        guard iterations >= 1, maxSteps >= 1, samples >= 1, branching >= 1, valueSamples >= 1, judgeSamples >= 1 else {
            throw ValidationError(
                "--iterations, --max-steps, --samples, --branching and the sample counts must be 1 or more")
        }
        _ = try promptSet()
        if model.noCache && model.cacheOnly {
            throw ValidationError("--no-cache and --cache-only contradict each other")
        }
        if agent == "offline", let flag = model.givenFlags.first {
            // Else `arbor run --model qwen --base-url …` without --agent would quietly search with the offline agent.
            throw ValidationError(
                "\(flag) is for a model behind an API, but this run uses the offline agent: add --agent openai")
        }
    }

    /// The largest seed: the environment protocol carries seeds as JSON numbers, exact only below 2^53.
    static let largestSeed: UInt64 = 1 << 53 - 1

    /// `--seed` as typed, or a message that names the flag and the range.
    static func seed(_ text: String) throws -> UInt64 {
        guard let seed = UInt64(text), seed <= largestSeed else {
            throw ValidationError("--seed must be a whole number from 0 to \(largestSeed)")
        }
        return seed
    }

    /// The prompt templates of this run: the shipped ones, with --prompts' files in their place.
    func promptSet() throws -> PromptSet {
        guard let prompts else { return .shipped }
        do {
            return try PromptSet(overriding: prompts)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// The run's first event, with every template it uses, and those templates' texts to store beside it.
    func runStart(model: String, prompts: PromptSet? = nil) throws -> (RunStarted, [Blob]) {
        let blobs = try (prompts ?? promptSet()).blobs
        let started = RunStarted(
            environment: env, model: model, method: method.rawValue, seed: seed, config: recordedConfig,
            prompts: blobs.mapValues(\.ref))
        return (started, blobs.keys.sorted().map { blobs[$0]! })
    }

    /// Why `env` names no environment this machine can make, or nil when it does.
    static func environmentProblem(_ env: String) -> String? {
        if EnvironmentCatalog.names.contains(env) || ExternalEnvironmentFactory.accepts(env) { return nil }
        do {
            if try NamedEnvironment.entry(for: env) != nil { return nil }
        } catch {
            return "\(error)"
        }
        return "unknown environment '\(env)'; choose one of: \(EnvironmentCatalog.names.joined(separator: ", ")), "
            + "exec:\"COMMAND\", or a name from [environments] in arbor.toml"
    }

    /// The named entry's timeouts (or the defaults), with --env-timeout over every request but `close`.
    func externalTimeouts(_ named: NamedEnvironment?) -> ExternalTimeouts {
        var timeouts = named?.timeouts ?? ExternalTimeouts()
        if let envTimeout {
            let limit = Duration.milliseconds(Int((envTimeout * 1000).rounded()))
            (timeouts.start, timeouts.reset, timeouts.step, timeouts.other) = (limit, limit, limit, limit)
        }
        return timeouts
    }

    /// The variables an external environment does not inherit: every name the API key may be read from (the
    /// default, --api-key-env, arbor.toml's api_key_env), less those --pass-env hands over on purpose.
    var withheldVariables: Set<String> {
        var names: Set<String> = ["OPENAI_API_KEY"]
        if let named = model.apiKeyEnv { names.insert(named) }
        if let resolved = try? ModelConfiguration.resolve() { names.insert(resolved.apiKeyEnv) }
        return names.subtracting(passEnv)
    }

    var config: SearchConfig {
        var config = SearchConfig(method: method)
        config.iterationsPerStep = iterations
        config.simulations = simulations
        config.environments = environments
        config.maxSteps = maxSteps
        config.samples = samples
        config.branching = branching
        config.valueSamples = valueSamples
        config.judgeSamplesPerOrder = judgeSamples
        config.tokenBudget = tokenBudget
        config.wallClockPerStep = stepSeconds
        config.reflection.successSource = reflectOn
        config.repeatLimit = repeatLimit
        config.searchHorizon = searchHorizon
        config.endOnSuccessPath = endOnSuccess
        config.terminalVerdict = terminalVerdict
        config.stepRewardWeight = stepRewardWeight
        return config
    }

    /// Everything a run needs, made from the options: the tasks, the agent, a factory of environments, and the run's
    /// first event. Bad settings (an unreadable arbor.toml, an environment that will not start) fail here, before
    /// anything is recorded. `only` names the tasks instead of listing the split's (a fork runs its parent's task);
    /// `templates` replaces the prompt templates --prompts would give (a fork asks with its parent's).
    func prepare(
        logDirectory: String, cache: (any ResponseCache)? = nil, only chosen: [TaskSpec]? = nil,
        templates: PromptSet? = nil
    ) async throws -> PreparedSearch {
        let agent = try makeAgent(cache: cache, prompts: templates)
        let (recorded, promptBlobs) = try runStart(model: agent.model, prompts: templates)
        var started = recorded
        let named = EnvironmentCatalog.names.contains(env) ? nil : try NamedEnvironment.entry(for: env)
        let spec = EnvironmentCatalog.names.contains(env) ? nil : named?.spec ?? env
        if let spec, ExternalEnvironmentFactory.accepts(spec) {
            let factory: ExternalEnvironmentFactory
            do {
                var made = try ExternalEnvironmentFactory(
                    spec: spec, logFile: logDirectory + "/arbor-environment.log", timeouts: externalTimeouts(named),
                    seed: Int(truncatingIfNeeded: seed), withheld: withheldVariables,
                    maxObservationBytes: maxObservationBytes)
                made.configuration.imageLimit = imageLimit
                factory = made
            } catch {
                throw ValidationError("\(error)")
            }
            var listed = chosen ?? []
            if chosen == nil {
                let listing = try await factory.listing(split)
                // Lists and the front end call the run's environment by its own name, not the command line.
                started.config[RunStarted.environmentNameKey] = listing.name
                listed = try selection.choose(from: listing.tasks, splitName: split.rawValue, environment: env)
            }
            return PreparedSearch(
                tasks: listed, agent: agent, started: started, promptBlobs: promptBlobs,
                environment: { task in try await factory.make(for: task) }, lessons: lessonsFrom)
        }
        let name = env
        let seed = seed
        let listed = try chosen ?? taskList()
        return PreparedSearch(
            tasks: listed, agent: agent, started: started, promptBlobs: promptBlobs,
            environment: { _ in try EnvironmentCatalog.make(name: name, seed: seed) }, lessons: lessonsFrom)
    }

    /// The tasks the options choose, as `--task`, `--tasks-from` and `--tasks` say.
    var selection: TaskSelection { TaskSelection(patterns: taskPatterns, offset: tasksFrom, count: tasks) }

    // The built-in path, as `arbor demo` and (until it moves to `prepare`) `arbor run` call it.
    func taskList() throws -> [TaskSpec] {
        try selection.choose(
            from: EnvironmentCatalog.tasks(name: env, seed: seed, split: split), splitName: split.rawValue,
            environment: env)
    }
    func runStart() throws -> (RunStarted, [Blob]) {
        try runStart(model: agent == "offline" ? "offline" : (model.model ?? "openai"))
    }

    /// The search's configuration and where its lessons come from, as `runStarted` records them.
    var recordedConfig: [String: String] {
        var recorded = config.flattened
        recorded["lessonsFrom"] = lessonsFrom.description
        return recorded
    }

    /// The lessons a run on these options starts with.
    func lessons(in store: RunStore) throws -> ReflectionMemory {
        ReflectionMemory(try store.reflections(from: lessonsFrom, environment: env))
    }
    func environmentFactory() -> RunDriver.EnvironmentFactory {
        let name = env
        let seed = seed
        return { _ in try EnvironmentCatalog.make(name: name, seed: seed) }
    }

    /// The agent, asking with `prompts` (by default the shipped templates with --prompts' files in their place).
    func makeAgent(cache: (any ResponseCache)? = nil, prompts: PromptSet? = nil) throws -> any Agent {
        let made: any Agent
        let roles = RolePrompts(try prompts ?? promptSet())
        switch agent {
        case "openai": made = try model.agent(cache: cache, prompts: roles)
        default: made = OfflineAgent(seed: seed, prompts: roles)
        }
        return pace > 0 ? PacedAgent(agent: made, pause: .milliseconds(Int(pace * 1000))) : made
    }
}

/// What `SearchOptions.prepare` makes.
struct PreparedSearch {
    var tasks: [TaskSpec]
    var agent: any Agent
    var started: RunStarted
    /// The texts of the prompt templates `started` refers to.
    var promptBlobs: [Blob]
    var environment: RunDriver.EnvironmentFactory
    /// Which earlier runs lend their lessons.
    var lessons: LessonSource = .sameEnvironment
    /// Something the person should know about the tasks chosen (fewer than asked).
}

/// Which model, where, and how to cache its answers.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .customLong("base-url"),
        help: "The API root, e.g. http://127.0.0.1:8080/v1 (default: OPENAI_BASE_URL, arbor.toml).")
    var baseURL: String?

    @Option(help: "The model for every role without an override.")
    var model: String?

    @Option(name: .customLong("api-key-env"), help: "The environment variable holding the API key (never the key).")
    var apiKeyEnv: String?

    @Option(name: .customLong("policy-model"), help: "Model for the policy.") var policyModel: String?
    @Option(name: .customLong("value-model"), help: "Model for the single-agent value.") var valueModel: String?
    @Option(name: .customLong("debater-model"), help: "Model for the supporter and the opponent.") var debaterModel:
        String?
    @Option(name: .customLong("judge-model"), help: "Model for the judge.") var judgeModel: String?
    @Option(name: .customLong("reflector-model"), help: "Model for the reflector.") var reflectorModel: String?
    @Option(
        name: .customLong("embedding-model"), help: "Embeddings model that ranks retrieved lessons (default: BM25).")
    var embeddingModel: String?

    @Option(
        name: .customLong("samples-per-request"),
        help: "The most completions (n) one request asks for; llama.cpp's server takes 4.")
    var samplesPerRequest: Int?

    @Flag(
        help: """
            Every role's model sees images: an observation's screenshots go with its prompts as content parts \
            (arbor.toml: [model] vision = true, or per role in [model.vision]).
            """)
    var vision = false

    @Option(
        name: .customLong("max-concurrent-requests"),
        help: """
            Requests in flight to the endpoint at once, whatever the search asks for (arbor.toml's `concurrency`, \
            8 by default); the rest wait their turn. Lower it for a small server.
            """)
    var maxConcurrentRequests: Int?

    @Flag(name: .customLong("no-cache"), help: "Neither read nor write cached responses.") var noCache = false
    @Flag(name: .customLong("cache-only"), help: "Answer only from cached responses; a miss is an error.")
    var cacheOnly = false

    /// The flags given that only a model behind an API uses, as typed.
    var givenFlags: [String] {
        let named: [(String, Bool)] = [
            ("--base-url", baseURL != nil), ("--model", model != nil), ("--api-key-env", apiKeyEnv != nil),
            ("--policy-model", policyModel != nil), ("--value-model", valueModel != nil),
            ("--debater-model", debaterModel != nil), ("--judge-model", judgeModel != nil),
            ("--reflector-model", reflectorModel != nil), ("--embedding-model", embeddingModel != nil),
            ("--samples-per-request", samplesPerRequest != nil),
            ("--max-concurrent-requests", maxConcurrentRequests != nil), ("--no-cache", noCache),
            ("--cache-only", cacheOnly), ("--vision", vision),
        ]
        return named.filter(\.1).map(\.0)
    }

    /// The agent, caching responses in `cache` (the run store's) unless --no-cache; in memory when there is none.
    func agent(cache: (any ResponseCache)?, prompts: RolePrompts = RolePrompts()) throws -> OpenAIAgent {
        var configuration: ModelConfiguration
        do {
            configuration = try ModelConfiguration.resolve()
        } catch {
            throw ValidationError("\(error)")
        }
        if let baseURL { configuration.baseURL = baseURL }
        if let model { configuration.model = model }
        if let apiKeyEnv { configuration.apiKeyEnv = apiKeyEnv }
        if let samplesPerRequest { configuration.samplesPerRequest = max(1, samplesPerRequest) }
        if vision { configuration.visionRoles = Set(ModelRole.allCases) }
        if let maxConcurrentRequests { configuration.concurrency = maxConcurrentRequests }
        let overrides: [(ModelRole, String?)] = [
            (.policy, policyModel), (.value, valueModel), (.supporter, debaterModel), (.opponent, debaterModel),
            (.judge, judgeModel), (.reflector, reflectorModel), (.embedding, embeddingModel),
        ]
        for case (let role, let name?) in overrides { configuration.roleModels[role] = name }
        let mode: CacheMode = noCache ? .disabled : cacheOnly ? .cacheOnly : .readWrite
        do {
            return try OpenAIAgent(
                configuration: configuration, cache: cache ?? InMemoryResponseCache(), cacheMode: mode,
                prompts: prompts)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

extension TaskSplit: ExpressibleByArgument {}
extension SearchMethod: ExpressibleByArgument {}
extension SuccessSource: ExpressibleByArgument {}
extension TerminalVerdict: ExpressibleByArgument {}
extension LessonSource: ExpressibleByArgument {}
