import Foundation

/// The built `arbor` executable: it sits in the same build folder as the test bundle.
public func arborExecutable() throws -> URL {
    let candidates = [
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent(),
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL.deletingLastPathComponent(),
        Bundle.main.bundleURL,
    ]
    for folder in candidates {
        let url = folder.appendingPathComponent("arbor")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "arbor beside \(candidates.map(\.path))"])
}

/// What a run of the `arbor` executable printed, and how it exited.
public struct ProcessResult: Sendable {
    public var stdout: String
    public var stderr: String
    public var status: Int32
}

/// What a run of the `arbor` executable wrote, byte for byte, and how it exited.
public struct ProcessBytes: Sendable {
    public var stdout: Data
    public var stderr: Data
    public var status: Int32
}

/// Runs the built `arbor` with `arguments` to the end.
public func runArbor(_ arguments: [String], environment: [String: String]? = nil, in directory: URL? = nil) throws
    -> ProcessResult
{
    let bytes = try runArborBytes(arguments, environment: environment, in: directory)
    return ProcessResult(
        stdout: String(decoding: bytes.stdout, as: UTF8.self), stderr: String(decoding: bytes.stderr, as: UTF8.self),
        status: bytes.status)
}

/// Runs the built `arbor` with `arguments` to the end, keeping what it wrote as bytes (invalid UTF-8 and all).
public func runArborBytes(_ arguments: [String], environment: [String: String]? = nil, in directory: URL? = nil)
    throws -> ProcessBytes
{
    try runProgramBytes(try arborExecutable(), arguments, environment: environment, in: directory)
}

/// Runs `executable` with `arguments` to the end (e.g. `arbor` through `setpriv`), keeping what it wrote as bytes.
public func runProgramBytes(
    _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, in directory: URL? = nil
) throws -> ProcessBytes {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let out = privatePipe()
    let err = privatePipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ProcessBytes(stdout: outData, stderr: errData, status: process.terminationStatus)
}
