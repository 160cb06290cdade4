/// Makes environments by name, as `--env` names them.
public enum EnvironmentCatalog {
    /// Every name `make` accepts.
    public static let names = ["miniweb"] + MiniWebSite.allCases.map { "miniweb:\($0.rawValue)" } + ["puzzle"]

    /// The environment called `name`, seeded with `seed`.
    public static func make(name: String, seed: UInt64 = 0) throws(EnvironmentCatalogError) -> any Environment {
        let key = name.trimmingSpaces.lowercased()
        if key == "miniweb" { return MiniWeb(seed: seed) }
        if key == "puzzle" { return Countdown(seed: seed) }
        if key.hasPrefix("miniweb:"), let site = MiniWebSite(rawValue: String(key.dropFirst("miniweb:".count))) {
            return MiniWeb(seed: seed, sites: [site])
        }
        throw .unknownEnvironment(name, known: names)
    }

    /// The tasks of `split` for the environment called `name`.
    public static func tasks(name: String, seed: UInt64 = 0, split: TaskSplit) throws(EnvironmentCatalogError)
        -> [TaskSpec]
    {
        switch try make(name: name, seed: seed) {
        case let web as MiniWeb: web.taskSpecs(split)
        case let puzzle as Countdown: puzzle.taskSpecs(split)
        default: []
        }
    }

    /// How many tasks `split` holds for the environment called `name`.
    public static func taskCount(name: String, seed: UInt64 = 0, split: TaskSplit) throws(EnvironmentCatalogError)
        -> Int
    {
        try tasks(name: name, seed: seed, split: split).count
    }
}

/// Why the catalog could not make an environment.
public enum EnvironmentCatalogError: Error, Equatable, CustomStringConvertible {
    case unknownEnvironment(String, known: [String])

    public var description: String {
        switch self {
        case .unknownEnvironment(let name, let known):
            "unknown environment '\(name)'; choose one of: \(known.joined(separator: ", "))"
        }
    }
}
