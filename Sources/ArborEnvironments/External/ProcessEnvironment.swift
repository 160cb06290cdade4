import Foundation

/// Arbor's own environment variables, which a child process inherits.
enum ProcessEnvironment {
    static var current: [String: String] { ProcessInfo.processInfo.environment }
}
