/// The messages a person reads when an external environment fails: what happened, and what to do about it.
struct ExternalFailure {
    let command: ExternalCommand
    let logFile: String

    func message(_ fault: ChildFault, during operation: ExternalProtocol.Operation, timeout: Duration) -> String {
        let process = "environment process `\(command)`"
        switch fault {
        case .logFile(let path, let why):
            return "could not open the environment log \(path): \(why); choose a writable log file"
        case .spawn(let why):
            return "could not start \(process): \(why); check the command and that its program is on PATH"
        case .exited(let exit):
            return "\(process) \(exit) during `\(operation.rawValue)`; its stderr is in \(logFile)"
        case .timedOut:
            let limit = Self.seconds(timeout)
            return "\(process) did not answer `\(operation.rawValue)` within \(limit) s and was killed; "
                + "raise the timeout or see \(logFile)"
        case .lineTooLong(let bytes):
            return "\(process) sent a line of more than \(bytes) bytes during `\(operation.rawValue)` and was killed; "
                + "the protocol allows \(ExternalProtocol.maximumLineBytes) bytes a line"
        case .io(let why):
            return "talking to \(process) failed during `\(operation.rawValue)`: \(why)"
        }
    }

    func message(_ violation: ProtocolViolation, during operation: ExternalProtocol.Operation) -> String {
        let process = "environment process `\(command)`"
        switch violation {
        case .notJSON(let line):
            let shown = line.count > 80 ? line.prefix(80) + "…" : Substring(line)
            return "\(process) wrote a line that is not JSON during `\(operation.rawValue)`: \"\(shown)\"; "
                + "only protocol messages may go to stdout (log to stderr); it was killed"
        case .outOfProtocol(let detail):
            return "\(process) answered `\(operation.rawValue)` out of protocol: \(detail); it was killed"
        }
    }

    func errorResponse(
        environment name: String, during operation: ExternalProtocol.Operation, code: String, message: String
    ) -> String {
        "environment \(name) could not \(operation.rawValue): \(code): \(message)"
    }

    func notRunning(because reason: String) -> String {
        "environment process `\(command)` is not running (\(reason)); reset the environment to start a fresh one"
    }

    /// A duration as a person writes it: `2`, `0.5`.
    static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        if attoseconds == 0 { return "\(whole)" }
        return "\(Double(whole) + Double(attoseconds) / 1e18)"
    }
}
