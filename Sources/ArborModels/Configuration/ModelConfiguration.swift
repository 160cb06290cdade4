import ArborCore
import Foundation

/// Where the model server is, which model plays each role, what calls cost, and how patient to be. Built from
/// defaults, then `OPENAI_BASE_URL`, then `arbor.toml`, then command-line flags (each later one wins).
///
/// Holds the *name* of the variable with the API key, never the key: the key is read at call time and goes
/// only into the request's Authorization header.
public struct ModelConfiguration: Sendable, Equatable {
    /// The API root, e.g. `http://127.0.0.1:8089/v1` (requests go to `baseURL + "/chat/completions"`).
    public var baseURL: String
    /// The model for every role without an override.
    public var model: String
    /// Per-role overrides (`.embedding` names the embeddings model).
    public var roleModels: [ModelRole: String]
    /// The environment variable holding the API key (`--api-key-env`).
    public var apiKeyEnv: String
    /// Per-model prices; a model without one has no cost recorded.
    public var prices: [String: ModelPrice]
    /// Requests in flight to the endpoint at once.
    public var concurrency: Int
    /// Requests in service at once for a role, within `concurrency` (`max_concurrent_requests` under
    /// `[model.policy]`, `[model.judge]`, …); a role not named here is bound by `concurrency` alone.
    public var roleConcurrency: [ModelRole: Int] = [:]
    public var connectTimeout: Duration
    /// How long a streamed response may stay silent.
    public var stallTimeout: Duration
    /// How long an unstreamed response may take to arrive (it is silent until the whole generation is done).
    public var responseTimeout: Duration
    public var retry: RetryPolicy
    /// The longest completion asked for, per call.
    public var maxTokens: Int
    /// Ask for server-sent events instead of one response.
    public var stream: Bool
    /// Sent with every request so seeded servers repeat themselves; part of the cache key.
    public var seed: Int?
    /// Temperature for value, debate and judge samples (the policy's comes from the search).
    public var judgeTemperature: Double
    public var topP: Double?
    /// The most completions one request asks for (`n`); more samples take more requests. Some servers cap `n`
    /// (llama.cpp's at 4) or ignore it; nil asks for every sample at once.
    public var samplesPerRequest: Int?
    /// The roles whose model sees images: the observation's screenshots go with their prompts as content parts.
    /// The others are sent text alone.
    public var visionRoles: Set<ModelRole> = []
    /// OpenAI's `detail` for each image sent: `auto`, `low` or `high`.
    public var imageDetail = "auto"

    public static let defaultBaseURL = "https://api.openai.com/v1"

    public init(
        baseURL: String = ModelConfiguration.defaultBaseURL, model: String = "gpt-4o-mini",
        roleModels: [ModelRole: String] = [:], apiKeyEnv: String = "OPENAI_API_KEY",
        prices: [String: ModelPrice] = [:], concurrency: Int = 8, connectTimeout: Duration = .seconds(10),
        stallTimeout: Duration = .seconds(60), responseTimeout: Duration = .seconds(600),
        retry: RetryPolicy = RetryPolicy(), maxTokens: Int = 512, stream: Bool = false, seed: Int? = nil,
        judgeTemperature: Double = 1.0, topP: Double? = nil, samplesPerRequest: Int? = nil
    ) {
        self.baseURL = baseURL
        self.model = model
        self.roleModels = roleModels
        self.apiKeyEnv = apiKeyEnv
        self.prices = prices
        self.concurrency = concurrency
        self.connectTimeout = connectTimeout
        self.stallTimeout = stallTimeout
        self.responseTimeout = responseTimeout
        self.retry = retry
        self.maxTokens = maxTokens
        self.stream = stream
        self.seed = seed
        self.judgeTemperature = judgeTemperature
        self.topP = topP
        self.samplesPerRequest = samplesPerRequest
    }

    /// The model that plays `role`.
    public func model(for role: ModelRole) -> String { roleModels[role] ?? model }

    /// `baseURL` joined with an API path, without doubled slashes.
    func url(_ path: String) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/" + path
    }

    /// Defaults, then `OPENAI_BASE_URL` from `environment`, then the first `arbor.toml` found in
    /// `workingDirectory` or `~/.config/arbor/`. Flags are applied by the caller afterwards.
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(ConfigurationError) -> ModelConfiguration {
        var configuration = ModelConfiguration()
        if let base = environment["OPENAI_BASE_URL"], !base.isEmpty { configuration.baseURL = base }
        var candidates = [workingDirectory + "/arbor.toml"]
        if let home = environment["HOME"] { candidates.append(home + "/.config/arbor/arbor.toml") }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            try configuration.apply(fileAt: path)
            break
        }
        return configuration
    }

    /// Applies an `arbor.toml` file over this configuration.
    public mutating func apply(fileAt path: String) throws(ConfigurationError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path)
        }
        do {
            try apply(TOMLDocument(parsing: String(decoding: data, as: UTF8.self)))
        } catch let error as TOMLError {
            throw .syntax(path: path, error)
        } catch let error as ConfigurationError {
            throw error.located(in: path)
        } catch {
            throw .unreadable(path: path)
        }
    }

    /// Applies the `[model]`, `[model.roles]`, `[model.vision]`, per-role (`[model.policy]`, …) and
    /// `[prices."name"]` tables of a parsed file.
    public mutating func apply(_ document: TOMLDocument) throws(ConfigurationError) {
        let section = ConfigurationSection(document.table(["model"]), name: "model")
        if let value = try section.string("base_url") { baseURL = value }
        if let value = try section.string("name") { model = value }
        if let value = try section.string("api_key_env") { apiKeyEnv = value }
        if let value = try section.integer("concurrency") { concurrency = max(1, value) }
        if let value = try section.seconds("connect_timeout") { connectTimeout = value }
        if let value = try section.seconds("stall_timeout") { stallTimeout = value }
        if let value = try section.seconds("response_timeout") { responseTimeout = value }
        if let value = try section.integer("retries") { retry.maxAttempts = max(1, value + 1) }
        if let value = try section.integer("max_tokens") { maxTokens = max(1, value) }
        if let value = try section.boolean("stream") { stream = value }
        if let value = try section.integer("seed") { seed = value }
        if let value = try section.number("judge_temperature") { judgeTemperature = value }
        if let value = try section.number("top_p") { topP = value }
        if let value = try section.integer("samples_per_request") { samplesPerRequest = max(1, value) }
        if let value = try section.boolean("vision") { visionRoles = value ? Set(ModelRole.allCases) : [] }
        if let value = try section.string("image_detail") {
            guard ["auto", "low", "high"].contains(value) else {
                throw .wrongType(table: "model", key: "image_detail", expected: "\"auto\", \"low\" or \"high\"")
            }
            imageDetail = value
        }
        if let key = section.unknownKey(among: Self.modelKeys) { throw .unknownKey(table: "model", key: key) }

        let vision = ConfigurationSection(document.table(["model", "vision"]), name: "model.vision")
        for role in ModelRole.allCases {
            if let sees = try vision.boolean(role.rawValue) {
                if sees { visionRoles.insert(role) } else { visionRoles.remove(role) }
            }
        }
        if let key = vision.unknownKey(among: ModelRole.allCases.map(\.rawValue)) {
            throw .unknownKey(table: "model.vision", key: key)
        }

        let roles = ConfigurationSection(document.table(["model", "roles"]), name: "model.roles")
        for role in ModelRole.allCases {
            if let value = try roles.string(role.rawValue) { roleModels[role] = value }
        }
        if let key = roles.unknownKey(among: ModelRole.allCases.map(\.rawValue)) {
            throw .unknownKey(table: "model.roles", key: key)
        }

        for role in ModelRole.allCases {
            let name = "model.\(role.rawValue)"
            let table = ConfigurationSection(document.table(["model", role.rawValue]), name: name)
            if let limit = try table.integer("max_concurrent_requests") {
                guard limit >= 1 else {
                    throw .wrongType(table: name, key: "max_concurrent_requests", expected: "a whole number, 1 or more")
                }
                roleConcurrency[role] = limit
            }
            if let key = table.unknownKey(among: ["max_concurrent_requests"]) {
                throw .unknownKey(table: name, key: key)
            }
        }

        for path in document.tablePaths where path.count == 2 && path[0] == "prices" {
            let prices = ConfigurationSection(document.table(path), name: "prices.\(path[1])")
            guard let input = try prices.number("input"), let output = try prices.number("output") else {
                throw .missingKey(table: "prices.\"\(path[1])\"", key: "input and output (dollars per million tokens)")
            }
            self.prices[path[1]] = ModelPrice(inputPerMillion: input, outputPerMillion: output)
        }
    }

    private static let modelKeys = [
        "base_url", "name", "api_key_env", "concurrency", "connect_timeout", "stall_timeout", "response_timeout",
        "retries", "max_tokens", "stream", "seed", "judge_temperature", "top_p", "samples_per_request", "vision",
        "image_detail",
    ]
}

/// One table of the file, read with typed accessors that name the table and key when a value has the wrong type.
private struct ConfigurationSection {
    let values: [String: TOMLValue]
    let name: String

    init(_ values: [String: TOMLValue]?, name: String) {
        self.values = values ?? [:]
        self.name = name
    }

    func string(_ key: String) throws(ConfigurationError) -> String? {
        guard let value = values[key] else { return nil }
        guard case .string(let text) = value else { throw mistyped(key, "a string in quotes") }
        return text
    }

    func number(_ key: String) throws(ConfigurationError) -> Double? {
        switch values[key] {
        case nil: return nil
        case .integer(let n): return Double(n)
        case .float(let x): return x
        default: throw mistyped(key, "a number")
        }
    }

    func integer(_ key: String) throws(ConfigurationError) -> Int? {
        guard let value = values[key] else { return nil }
        guard case .integer(let n) = value else { throw mistyped(key, "a whole number") }
        return n
    }

    func boolean(_ key: String) throws(ConfigurationError) -> Bool? {
        guard let value = values[key] else { return nil }
        guard case .boolean(let flag) = value else { throw mistyped(key, "true or false") }
        return flag
    }

    func seconds(_ key: String) throws(ConfigurationError) -> Duration? {
        try number(key).map { .milliseconds(Int($0 * 1000)) }
    }

    func unknownKey(among known: [String]) -> String? {
        values.keys.sorted().first { !known.contains($0) }
    }

    private func mistyped(_ key: String, _ expected: String) -> ConfigurationError {
        .wrongType(table: name, key: key, expected: expected)
    }
}

/// Why a configuration could not be read.
public enum ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case syntax(path: String, TOMLError)
    case wrongType(table: String, key: String, expected: String, path: String? = nil)
    case unknownKey(table: String, key: String, path: String? = nil)
    case missingKey(table: String, key: String, path: String? = nil)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path); check that it exists and is readable"
        case .syntax(let path, let error): "\(path): \(error)"
        case .wrongType(let table, let key, let expected, let path):
            "\(path.map { $0 + ": " } ?? "")[\(table)] \(key) must be \(expected)"
        case .unknownKey(let table, let key, let path):
            "\(path.map { $0 + ": " } ?? "")[\(table)] has no setting \"\(key)\"; see docs/models.md for the keys"
        case .missingKey(let table, let key, let path):
            "\(path.map { $0 + ": " } ?? "")[\(table)] needs \(key)"
        }
    }

    func located(in path: String) -> ConfigurationError {
        switch self {
        case .wrongType(let t, let k, let e, _): .wrongType(table: t, key: k, expected: e, path: path)
        case .unknownKey(let t, let k, _): .unknownKey(table: t, key: k, path: path)
        case .missingKey(let t, let k, _): .missingKey(table: t, key: k, path: path)
        default: self
        }
    }
}
