import ArborCore

/// Why an image an observation named was left out of it. The text of the observation is kept either way.
public enum ImageProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is larger than the limit a run allows for one image.
    case tooLarge(path: String, size: Int, limit: Int)
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not a PNG, JPEG, GIF or WebP image.
    case notAnImage(path: String)

    /// Which kind of record the search writes for it: a limit Arbor applied, or an environment that misbehaved.
    public var source: ErrorSource {
        if case .tooLarge = self { .limit } else { .environment }
    }

    public var description: String {
        switch self {
        case .tooLarge(let path, let size, let limit):
            "the image \(path) (\(size) bytes) is larger than the \(limit)-byte limit and was not stored; "
                + "raise --image-limit or make the environment save smaller screenshots"
        case .unreadable(let path, let reason):
            "the image \(path) could not be read (\(reason)) and was not stored; the observation's text was kept"
        case .notAnImage(let path):
            "\(path) is not a PNG, JPEG, GIF or WebP image and was not stored; the observation's text was kept"
        }
    }
}
