// swift-tools-version: 6.1
import PackageDescription

/// Every target is Swift 6 with strict concurrency. Non-isolated async functions run on the caller's
/// actor (SE-0461), so an environment or model owned by an episode can be awaited without being Sendable.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    .enableUpcomingFeature("InferIsolatedConformances"),
]

let package = Package(
    name: "Arbor",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "arbor", targets: ["arbor"])
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/vapor/postgres-nio", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // Value types shared by every layer: ids, events, the fold, the seeded generator and hash; display width and
        // the sanitiser for every byte shown to people. No I/O, no C.
        .target(name: "ArborCore", swiftSettings: strict),
        // Models: the `Agent` protocol, the role prompts and parsers, and the OpenAI-compatible client over libcurl.
        .target(name: "ArborModels", dependencies: ["ArborCore", "CCurl"], swiftSettings: strict),
        // The offline agent: a simulator agent written for MiniWeb's pages, tasks and notices (it reads their text),
        // playing every role with seeded noise so that `arbor demo` and the tests need no model server.
        .target(name: "ArborOfflineAgent", dependencies: ["ArborCore", "ArborModels"], swiftSettings: strict),
        // libcurl, with typed wrappers for the variadic setopt/getinfo calls Swift cannot make.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("curl")]),
        // Environments: MiniWeb, puzzles, external processes.
        .target(name: "ArborEnvironments", dependencies: ["ArborCore"], swiftSettings: strict),
        // The R-MCTS engine.
        .target(
            name: "ArborSearch", dependencies: ["ArborCore", "ArborModels", "ArborEnvironments"],
            swiftSettings: strict),
        // SQLite: schema, writer, reader, tail.
        .target(
            name: "ArborStore",
            dependencies: [
                "ArborCore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        // PostgreSQL: the same store on a server (postgres-nio), for runs that outgrow one machine. Only what opens a
        // store by its location links it.
        .target(
            name: "ArborStorePostgres",
            dependencies: [
                "ArborCore", "ArborStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // Export formats (trajectories, SFT, exploratory traces, preferences, markdown, dot) and run diffs: reads a
        // run's log and its fold, never SQLite.
        .target(name: "ArborExport", dependencies: ["ArborCore"], swiftSettings: strict),
        // ncursesw, with shims for the macros and globals Swift cannot import and the signal-safe terminal guard.
        .target(name: "CNcursesw", linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]),
        // The terminal layer: cell canvas, styles and themes, input, the curses backend. Display width and sanitising
        // are ArborCore's, shared with everything Arbor prints.
        .target(name: "TerminalKit", dependencies: ["ArborCore", "CNcursesw"], swiftSettings: strict),
        // libchafa (with GLib, which its API uses), found by pkg-config: pictures as symbol art.
        .systemLibrary(name: "CChafa", pkgConfig: "chafa", providers: [.apt(["libchafa-dev"])]),
        // PNG and JPEG decoding by libpng and libjpeg, in C because libjpeg reports errors by longjmp.
        .target(name: "CImageCodecs", linkerSettings: [.linkedLibrary("png"), .linkedLibrary("jpeg")]),
        // Pictures in the terminal: decoding (libpng, libjpeg) and symbol art in canvas cells (libchafa).
        .target(
            name: "TerminalPictures", dependencies: ["ArborCore", "TerminalKit", "CChafa", "CImageCodecs"],
            swiftSettings: strict),
        // The terminal front end: screen model, views, key map. The diff view draws ArborExport's run diff.
        .target(
            name: "ArborTUI", dependencies: ["ArborCore", "ArborExport", "TerminalKit", "TerminalPictures"],
            swiftSettings: strict),
        // Steering a run in this process: a person's controls, from the front end's keys or from commands other
        // processes queue in the store, routed to the episodes' engines. Where the engine, the store and the front
        // end meet, so that none of them sees the others.
        .target(
            name: "ArborSteering", dependencies: ["ArborCore", "ArborSearch", "ArborStore", "ArborTUI"],
            swiftSettings: strict),
        // Benchmarks and synthetic data: synthetic searches and tree logs, the engine, store, tail, front-end and
        // replay measurements with their references (raw SQLite, and PostgreSQL's COPY through postgres-nio).
        // `arbor bench` parses arguments and calls these.
        .target(
            name: "ArborBenchmarks",
            dependencies: [
                "ArborCore", "ArborModels", "ArborEnvironments", "ArborSearch", "ArborStore", "ArborStorePostgres",
                "ArborTUI", "TerminalKit", "TerminalPictures", .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        // What the end-to-end and CLI tests share: finding and running the built binary, driving tmux.
        .target(name: "ArborTesting", swiftSettings: strict),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "arbor",
            dependencies: [
                "ArborCore", "ArborStore", "ArborStorePostgres", "ArborExport", "ArborSearch", "ArborModels",
                "ArborOfflineAgent",
                "ArborEnvironments", "ArborTUI", "ArborSteering", "ArborBenchmarks", "TerminalKit", "TerminalPictures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .testTarget(name: "ArborCoreTests", dependencies: ["ArborCore"], swiftSettings: strict),
        .testTarget(
            name: "TerminalKitTests", dependencies: ["TerminalKit", "ArborCore", "CNcursesw"], swiftSettings: strict),
        .testTarget(
            name: "TerminalPicturesTests", dependencies: ["TerminalPictures", "TerminalKit", "ArborCore"],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "ArborTUITests",
            dependencies: [
                "ArborTUI", "ArborCore", "ArborExport", "TerminalKit", "TerminalPictures", "ArborSearch",
                "ArborModels", "ArborOfflineAgent", "ArborEnvironments",
            ],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "ArborModelsTests", dependencies: ["ArborModels", "ArborEnvironments", "MockModelServer"],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "ArborOfflineAgentTests",
            dependencies: ["ArborOfflineAgent", "ArborModels", "ArborCore", "ArborEnvironments"],
            swiftSettings: strict),
        // Test support: a scripted OpenAI-compatible HTTP server on loopback, for the client's tests and benchmark.
        .target(name: "MockModelServer", path: "Tests/Support/MockModelServer", swiftSettings: strict),
        // The client benchmark against the mock server: `swift run -c release arbor-models-bench`.
        .executableTarget(
            name: "arbor-models-bench", dependencies: ["ArborModels", "MockModelServer"],
            path: "benchmarks/ModelsBenchmark", swiftSettings: strict),
        .testTarget(
            name: "ArborEnvironmentsTests", dependencies: ["ArborEnvironments", "ArborCore"],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "ArborSearchTests",
            dependencies: ["ArborSearch", "ArborCore", "ArborModels", "ArborEnvironments", "ArborOfflineAgent"],
            swiftSettings: strict),
        .testTarget(
            name: "ArborExportTests",
            dependencies: [
                "ArborExport", "ArborCore", "ArborSearch", "ArborModels", "ArborOfflineAgent", "ArborEnvironments",
            ],
            exclude: ["Golden"], swiftSettings: strict),
        .testTarget(
            name: "ArborStoreTests",
            dependencies: [
                "ArborStore", "ArborStorePostgres", "ArborCore", "ArborBenchmarks", "arbor", "ArborTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "ArborBenchmarksTests", dependencies: ["ArborBenchmarks", "ArborCore"], swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "arbor", "ArborTesting", "ArborCore", "ArborSearch", "ArborModels", "ArborEnvironments",
                "MockModelServer",
            ],
            swiftSettings: strict),
    ]
)
