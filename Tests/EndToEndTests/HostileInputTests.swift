import ArborCore
import ArborTesting
import Foundation
import Testing

/// An environment whose task ids, intents, pages and errors carry terminal escapes (an OSC title, a screen clear, a
/// colour left open), BEL, NUL, backspace, C1 controls, bidi overrides and invalid UTF-8, run through every output
/// path: nothing Arbor prints or writes for people may drive a terminal, and JSON keeps every byte.
@Suite(.serialized) struct HostileInputTests {
    /// `Tests/Fixtures/hostile_env.py`.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/hostile_env.py").standardized.path

    /// What the fixture puts in every text it sends.
    static let hostile =
        "\u{1B}]0;PWNED\u{07}|\u{1B}[2J|\u{1B}[31;1m|bell\u{07}|nul\u{0}after|back\u{08}|c1\u{9B}31m\u{9D}0;t\u{9C}|"
        + "bidi\u{202E}evil|\u{2066}iso\u{2069}"
    /// The same as the front end shows it.
    static let shown =
        "␛]0;PWNED␇|␛[2J|␛[31;1m|bell␇|nul␀after|back␈|c1⟨U+009B⟩31m⟨U+009D⟩0;t⟨U+009C⟩|bidi⟨U+202E⟩evil|⟨U+2066⟩iso⟨U+2069⟩"

    /// Bytes a terminal can show as they are: valid UTF-8 with no scalar that could drive it (newlines apart).
    static func expectInert(_ bytes: Data, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            Issue.record("\(path) wrote invalid UTF-8", sourceLocation: sourceLocation)
            return
        }
        let unsafe = text.unicodeScalars.filter { $0 != "\n" && TerminalText.isUnsafe($0) }
        #expect(
            unsafe.isEmpty, "\(path) wrote \(unsafe.map { "U+" + String($0.value, radix: 16) })",
            sourceLocation: sourceLocation)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arbor-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func everyOutputPathRendersHostileTextInertAndJSONKeepsIt() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        let run = try runArborBytes([
            "run", "--db", db, "--env", "exec:python3 \(Self.script) serve", "--method", "mcts", "--tasks", "2",
            "--iterations", "2", "--max-steps", "2", "--samples", "2", "--value-samples", "1",
        ])
        #expect(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
        Self.expectInert(run.stdout, "run (stdout)")
        Self.expectInert(run.stderr, "run (stderr)")
        let progress = String(decoding: run.stdout, as: UTF8.self)
        #expect(progress.contains("✓ title ␛]0;PWNED␇  steps 1"), "\(progress)")
        #expect(progress.contains("✗ clear ␛[2J red ␛[31;1m  steps 0 (error)"), "\(progress)")

        let markdownFile = folder.appendingPathComponent("report.md").path
        let views: [(String, [String])] = [
            ("runs", ["runs", db]),
            ("calls", ["calls", db, "--run", "1"]),
            ("diff", ["diff", "\(db):1", "\(db):1"]),
            ("export markdown", ["export", db, "--run", "1", "--format", "markdown"]),
            ("export dot", ["export", db, "--run", "1", "--format", "dot"]),
            ("export markdown -o", ["export", db, "--run", "1", "--format", "markdown", "-o", markdownFile]),
            ("annotate", ["annotate", db, "--run", "1", "--episode", "1", "--note", Self.hostile, "--author", "x"]),
            ("annotations", ["annotations", db, "--run", "1"]),
        ]
        for (name, arguments) in views {
            let output = try runArborBytes(arguments)
            #expect(output.status == 0, "\(name): \(String(decoding: output.stderr, as: UTF8.self))")
            Self.expectInert(output.stdout, name)
            Self.expectInert(output.stderr, name)
        }
        let file = try Data(contentsOf: URL(fileURLWithPath: markdownFile))
        Self.expectInert(file, "report.md")
        let markdown = String(decoding: file, as: UTF8.self)
        #expect(markdown.contains("## Episode 1: title ␛]0;PWNED␇"))
        // The task is the environment's own words from `reset`, not the intent `tasks` listed.
        #expect(markdown.contains("> Follow link 1 to finish. " + Self.shown))
        let diff = String(decoding: try runArborBytes(["diff", "\(db):1", "\(db):1"]).stdout, as: UTF8.self)
        #expect(diff.contains("\nclear ␛[2J red ␛[31;1m  "), "\(diff)")
        let dot = String(
            decoding: try runArborBytes(["export", db, "--run", "1", "--format", "dot"]).stdout, as: UTF8.self)
        #expect(dot.contains("label=\"episode 1: title ␛]0;PWNED␇ (success)\";"), "\(dot)")

        // JSON is for programs: it keeps every character, escaped as JSON escapes them.
        let events = try runArborBytes(["events", db, "--run", "1"])
        #expect(events.status == 0)
        let records = events.stdout.split(separator: UInt8(ascii: "\n")).compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0))) as? [String: Any]
        }
        #expect(records.count == events.stdout.split(separator: UInt8(ascii: "\n")).count)
        #expect(!events.stdout.contains(0x1B) && !events.stdout.contains(0x07) && !events.stdout.contains(0x00))
        let started = records.filter { $0["kind"] as? String == "episodeStarted" }
            .compactMap { ($0["payload"] as? [String: Any])?["taskID"] as? String }
        #expect(started == ["title \u{1B}]0;PWNED\u{07}", "clear \u{1B}[2J red \u{1B}[31;1m"])
        // Pages are exported whole: what follows a NUL is kept.
        for format in ["trajectories", "exploratory", "sft"] {
            let export = try runArborBytes(["export", db, "--run", "1", "--format", format])
            #expect(String(decoding: export.stdout, as: UTF8.self).contains("nul\\u0000after"), "\(format)")
        }
        let error = records.first { $0["kind"] as? String == "error" }
        let message = (error?["payload"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("\"\u{FFFD}\u{FFFD} not json \u{1B}]0;PWNED\u{07} \u{9B}2J\""), "\(message)")
    }

    /// Pages past --max-observation-bytes through every output path: each view works and writes nothing unsafe, and
    /// the exports carry the page as it was kept, cut with its marker, and the cut recorded where it happened.
    @Test func aHugeObservationGoesThroughEveryOutputPathCutWithItsMarker() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = folder.appendingPathComponent("runs.db").path
        let script = URL(fileURLWithPath: Self.script).deletingLastPathComponent()
            .appendingPathComponent("big_page_env.py").path
        let run = try runArborBytes([
            "run", "--db", db, "--env", "exec:python3 \(script) 300000", "--max-observation-bytes", "200000",
            "--method", "mcts", "--tasks", "1", "--iterations", "2", "--max-steps", "2", "--samples", "2",
            "--value-samples", "1",
        ])
        #expect(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
        Self.expectInert(run.stdout, "run (stdout)")
        let marker =
            "\n[Arbor cut this observation here: the environment sent 300000 bytes, --max-observation-bytes keeps 200000]"
        for (name, arguments) in [
            ("runs", ["runs", db]), ("calls", ["calls", db, "--run", "1"]), ("diff", ["diff", "\(db):1", "\(db):1"]),
            ("export markdown", ["export", db, "--run", "1", "--format", "markdown"]),
            ("export dot", ["export", db, "--run", "1", "--format", "dot"]),
        ] {
            let output = try runArborBytes(arguments)
            #expect(output.status == 0, "\(name): \(String(decoding: output.stderr, as: UTF8.self))")
            Self.expectInert(output.stdout, name)
            Self.expectInert(output.stderr, name)
        }
        for format in ["trajectories", "exploratory"] {
            let export = try runArbor(["export", db, "--run", "1", "--format", format])
            #expect(export.status == 0)
            let pages = export.stdout.components(separatedBy: "Tab: Big page ").count - 1
            #expect(pages > 0, "\(format)")
            #expect(
                export.stdout.components(separatedBy: marker.replacingOccurrences(of: "\n", with: "\\n")).count - 1
                    == pages, "\(format): every page is cut, with its marker")
        }
        let events = try runArbor(["events", db, "--run", "1"]).stdout
        #expect(
            events.contains(
                "the environment's answer to `reset` (task big/1) held an observation of 300000 bytes, more than the "
                    + "200000 that --max-observation-bytes allows; it was cut there, with a marker at the cut"))
    }

    /// `arbor bench wall` writes its header through the one sanitiser as every other command does, and before the
    /// rows, which are written unbuffered.
    @Test func benchWallsHeaderGoesThroughTheSanitiserFirst() throws {
        let bench = try runArborBytes([
            "bench", "wall", "--tasks", "1", "--iterations", "1", "--max-steps", "1", "--samples", "2",
            "--value-samples", "1", "--latency-ms", "0", "--slots", "2",
        ])
        #expect(bench.status == 0, "\(String(decoding: bench.stderr, as: UTF8.self))")
        Self.expectInert(bench.stdout, "bench wall")
        let lines = String(decoding: bench.stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "bench wall: miniweb (test, 1 tasks) · rmcts-debate · seed 7 · iterations 1 · max steps 1 · "
                + "samples 2 · judge samples 3 · server stand-in: 0 ms a request, 2 slots")
        #expect(lines.dropFirst().first?.hasPrefix("search ") == true)
        #expect(lines.last?.hasPrefix("speedup: ") == true)
    }

    @Test func anEnvironmentsErrorReachesStderrInert() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runArborBytes([
            "run", "--db", folder.appendingPathComponent("runs.db").path, "--env",
            "exec:python3 \(Self.script) refuse", "--tasks", "1",
        ])
        #expect(run.status == 1)
        Self.expectInert(run.stdout, "run (stdout)")
        Self.expectInert(run.stderr, "run (stderr)")
        let stderr = String(decoding: run.stderr, as: UTF8.self)
        #expect(stderr.hasSuffix("could not tasks: refused: no tasks \(Self.shown)\n"), "\(stderr)")
        #expect(stderr.split(separator: "\n").count == 1)
    }
}
