/// One step of a task's reference solution, naming elements as a person reading the page would. Internal: the
/// solution of a task is never reachable through the agent-facing API; tests use it to prove every task solvable.
enum ScriptStep: Equatable, Sendable {
    case click(String)
    case type(String, String)
    case select(String, String)
    case scrollDown
    case stop(String?)

    /// The action text for this step on the page `observation`, found by the element's exact name.
    func action(on observation: String) -> String? {
        func id(of name: String) -> Int? {
            for line in observation.split(separator: "\n") where line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]"),
                    let n = Int(line[line.index(after: line.startIndex)..<close])
                else { continue }
                let rest = line[line.index(after: close)...]
                guard let open = rest.firstIndex(of: "'") else { continue }
                let tail = rest[rest.index(after: open)...]
                guard let end = tail.firstIndex(of: "'") else { continue }
                // Names may contain apostrophes: take everything up to the value or the end of the line.
                let full =
                    tail.hasSuffix("'") && !tail.contains(" value='") ? String(tail.dropLast()) : String(tail[..<end])
                if full == name || String(tail[..<end]) == name { return n }
            }
            return nil
        }
        switch self {
        case .click(let name): return id(of: name).map { "click [\($0)]" }
        case .type(let name, let text): return id(of: name).map { "type [\($0)] \"\(text)\"" }
        case .select(let name, let option): return id(of: name).map { "select [\($0)] \"\(option)\"" }
        case .scrollDown: return "scroll down"
        case .stop(let answer): return answer.map { "stop \"\($0)\"" } ?? "stop"
        }
    }
}
