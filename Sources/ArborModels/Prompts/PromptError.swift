/// What is wrong with a prompt template or a directory of them; each message names the file and says what to do.
/// Raised before a run starts, so a bad template never costs a model call.
public enum PromptError: Error, Equatable, CustomStringConvertible {
    /// A tag that cannot be read (never closed, a section closed by another name).
    case malformed(file: String, line: Int, problem: String)
    /// A placeholder the template's role does not provide (a misspelling, or one from another role's template).
    case unknownPlaceholder(file: String, line: Int, name: String, known: [String])
    /// A placeholder the role needs is never used, so the model would not be shown it.
    case missingPlaceholder(file: String, name: String)
    /// A file in the prompts directory that names no role's template.
    case unknownFile(directory: String, file: String, known: [String])
    case unreadable(path: String, reason: String)
    /// A set built from texts lacks one role's template.
    case missingTemplate(file: String)

    public var description: String {
        switch self {
        case .malformed(let file, let line, let problem):
            return "\(file) line \(line): \(problem)."
        case .unknownPlaceholder(let file, let line, let name, let known):
            return "\(file) line \(line): unknown placeholder {{\(name)}}; this template can use "
                + known.map { "{{\($0)}}" }.joined(separator: ", ") + ". Fix the name or remove the tag."
        case .missingPlaceholder(let file, let name):
            return
                "\(file) never uses {{\(name)}}, so the model would not be shown it. Add {{\(name)}} to the template."
        case .unknownFile(let directory, let file, let known):
            return "\(directory)/\(file) is not a prompt template Arbor knows; the templates are "
                + known.joined(separator: ", ") + ". Rename or remove it."
        case .missingTemplate(let file):
            return "no text was given for the prompt template \(file); every role needs its template."
        case .unreadable(let path, let reason):
            return "cannot read the prompt template \(path): \(reason)."
        }
    }
}
