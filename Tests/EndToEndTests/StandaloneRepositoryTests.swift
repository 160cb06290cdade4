import Foundation
import Testing

/// A user has only the repository: no file in it may point at a path outside it — a relative path that climbs above
/// the repository's root from where it is written, the team's `shared/` folder, or an absolute path of the machine
/// it was written on.
@Suite("The repository stands alone")
struct StandaloneRepositoryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every text file of the repository, relative to its root, skipping build products and git's own folder.
    static func textFiles() throws -> [(path: String, text: String)] {
        let skipped: Set<String> = [".build", ".git", ".swiftpm"]
        var files: [(String, String)] = []
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isDirectoryKey], options: [])
        while let url = enumerator?.nextObject() as? URL {
            if skipped.contains(url.lastPathComponent) {
                enumerator?.skipDescendants()
                continue
            }
            guard (try url.resourceValues(forKeys: [.isDirectoryKey])).isDirectory != true else { continue }
            let data = try Data(contentsOf: url)
            guard !data.contains(0), let text = String(data: data, encoding: .utf8) else { continue }
            files.append((String(url.path.dropFirst(root.path.count + 1)), text))
        }
        return files
    }

    /// What in `text`, written in the file at `path`, points outside the repository. In Swift sources a relative path
    /// is relative to where the program runs (e.g. the built binary), not to the file, so only the other checks apply.
    static func outsideReferences(in text: String, at path: String) -> [String] {
        let depth = path.split(separator: "/").count - 1
        let checksClimbs = !path.hasSuffix(".swift")
        var found: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            for match in line.matches(of: /(?:^|[\s"'`(\[=:,])((?:\.\.\/)+)[A-Za-z0-9_.-]/) where checksClimbs {
                let climbs = match.output.1.count / 3
                if climbs > depth { found.append(String(line)) }
            }
            if line.contains("shared/tools") || line.contains("shared/DESIGN") || line.contains("/work/") {
                found.append(String(line))
            }
        }
        return found
    }

    @Test func noFilePointsOutsideTheRepository() throws {
        let files = try Self.textFiles()
        #expect(files.count > 300, "the walk found the repository's files")
        var offenders: [String] = []
        for (path, text) in files where path != "Tests/EndToEndTests/StandaloneRepositoryTests.swift" {
            offenders += Self.outsideReferences(in: text, at: path).map { "\(path): \($0)" }
        }
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }

    @Test func theCheckFindsWhatItLooksFor() {
        // Built from parts, so this file does not itself name a path outside the repository.
        let climb = ".." + "/"
        #expect(Self.outsideReferences(in: "LOCAL_LLM := \(climb)shared/tools/local-llm", at: "Makefile").count == 2)
        #expect(Self.outsideReferences(in: "see [the design](../../notes.md)", at: "docs/x.md").count == 1)
        #expect(Self.outsideReferences(in: "see [the README](../README.md)", at: "docs/x.md").isEmpty)
        #expect(Self.outsideReferences(in: "cd \"$(dirname \"$0\")/..\"", at: "scripts/a.sh").isEmpty)
        #expect(Self.outsideReferences(in: "open /work/main/runs.db", at: "README.md").count == 1)
    }
}
