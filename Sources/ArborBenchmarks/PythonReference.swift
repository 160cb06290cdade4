import Foundation

/// The MCTS of `llm-reasoners`, run by `benchmarks/llm_reasoners_mcts.py` in a child process: its µs per
/// iteration by tree size, or why there are none.
struct PythonReference {
    let python: String
    let script: String

    static let installHint = "pip install --no-deps llm-reasoners==1.0.2 numpy tqdm"

    struct Figures {
        var figures: [Int: Double] = [:]
        var problem: String?
    }

    /// Runs the script for `sizes`; a missing interpreter, script or package gives a line saying what to install.
    func measure(sizes: [Int]) -> Figures {
        guard FileManager.default.fileExists(atPath: script) else {
            return Figures(problem: "llm-reasoners: no \(script) here; run from the Arbor checkout or pass --script.")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script] + sizes.map(String.init)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            return Figures(problem: "llm-reasoners: could not start \(python) (\(error)); install Python 3.")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var figures = Figures()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let perIteration = object["us_per_iteration"] as? Double, figures.figures.count < sizes.count
            else { continue }
            figures.figures[sizes[figures.figures.count]] = perIteration
        }
        if process.terminationStatus != 0 || figures.figures.count < sizes.count {
            let missing = errorText.contains("No module named") || errorText.contains("ModuleNotFoundError")
            let last = errorText.split(separator: "\n").last.map(String.init) ?? "exit \(process.terminationStatus)"
            figures.problem =
                missing
                ? "llm-reasoners is not installed (\(last)); install it with: \(Self.installHint)"
                : "llm-reasoners reference failed: \(last)"
        }
        return figures
    }
}
