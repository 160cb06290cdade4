import ArborCore

/// An environment that lives in a child process and speaks the line protocol of docs/environment-protocol.md.
///
/// A child that dies, hangs past its timeout, writes a line that is not JSON or answers out of protocol is killed
/// and reaped, and the call throws ``EnvironmentError/failed(_:)`` with a message saying which; the next `reset`
/// (or `tasks`) starts a fresh child. An error response leaves the child running.
public final class ExternalEnvironment: Environment {
    public private(set) var name: String
    public private(set) var actionGrammar: String
    public private(set) var supportsSnapshot: Bool
    /// The child declared that observations may carry image file paths (read into ``Observation/images``).
    public private(set) var imagesAsPaths: Bool
    /// The task text the child gave with the last `reset`.
    public private(set) var taskText = ""
    /// The verbs and patterns the child declared in `hello`, if any.
    public private(set) var actionSyntax: ActionSyntax
    /// The declared patterns, compiled once.
    private var actionPatterns: [Regex<AnyRegexOutput>]
    /// The `info` object of the last `step`.
    public private(set) var lastInfo: [String: JSONValue] = [:]
    /// What had to be mended in the last `tasks` answer (bytes that are not UTF-8, each now U+FFFD), as a sentence
    /// naming each task and field that held them; nil when the answer was clean.
    public private(set) var taskRepair: String?
    public let configuration: ExternalEnvironmentConfiguration

    private var connection: ChildConnection?
    /// Why there is no connection, for the message of calls made after a failure.
    private var stoppedBecause = "it was closed"
    private var nextRequest = 1
    /// Which child this is (it grows with each restart); a snapshot is only good in the child that made it.
    private var generation = 0
    private let failure: ExternalFailure

    /// Starts the child and waits for its handshake.
    public static func start(_ configuration: ExternalEnvironmentConfiguration) async throws(EnvironmentError)
        -> sending ExternalEnvironment
    {
        let (connection, handshake) = try await handshake(configuration)
        return ExternalEnvironment(configuration, connection, handshake)
    }

    private init(_ configuration: ExternalEnvironmentConfiguration, _ connection: ChildConnection, _ hello: Handshake) {
        self.configuration = configuration
        self.connection = connection
        failure = ExternalFailure(command: configuration.command, logFile: configuration.logFile)
        name = hello.name
        actionGrammar = hello.actionGrammar
        supportsSnapshot = hello.snapshot
        imagesAsPaths = hello.images
        actionSyntax = .environment(verbs: hello.actions.verbs, patterns: hello.actions.patterns)
        actionPatterns = hello.actions.compiled
    }

    deinit {
        // An environment dropped without `close` must not leave its child behind.
        if let connection { Task { await connection.stop() } }
    }

    public func tasks(_ split: TaskSplit) async throws -> [TaskSpec] {
        if connection == nil { try await restart() }
        let fields = try await call(.tasks, ["split": .string(split.rawValue)], timeout: configuration.timeouts.other)
        return try await read(.tasks) { () throws(ProtocolViolation) in
            guard let items = fields.object["tasks"]?.array else {
                throw .outOfProtocol("\"tasks\" must be an array of {\"id\", \"intent\"}")
            }
            var tasks: [TaskSpec] = []
            var mended: [String] = []
            for (index, item) in items.enumerated() {
                guard let object = item.object else {
                    throw .outOfProtocol("each of \"tasks\" must be an object with \"id\" and \"intent\"")
                }
                let task = ResponseFields(object)
                tasks.append(TaskSpec(id: try task.string("id"), intent: try task.string("intent")))
                let holding = ["id", "intent"].filter { object[$0]?.holdsReplacement == true }
                if !holding.isEmpty {
                    mended.append("the \(holding.joined(separator: " and ")) of task \(index + 1) (\(tasks[index].id))")
                }
            }
            let answer = "the environment's answer to `tasks`"
            if fields.repaired == 0 || mended.isEmpty {
                taskRepair = fields.repairNote(answer)
            } else {
                taskRepair =
                    "\(answer) carried \(ExternalProtocol.repairs(fields.repaired)), in \(mended.joined(separator: ", "))"
                    + "; the rest of the text is as the environment sent it"
            }
            return tasks
        }
    }

    public func reset(_ task: TaskSpec) async throws -> Observation {
        if connection == nil { try await restart() }
        var request: [String: JSONValue] = ["task": .string(task.id)]
        if let seed = configuration.seed { request["seed"] = .integer(seed) }
        let fields = try await call(.reset, request, timeout: configuration.timeouts.reset)
        var observation = try await read(.reset) { () throws(ProtocolViolation) in
            taskText = try fields.optionalString("task") ?? ""
            return capped(
                Observation(text: try fields.string("observation")),
                answer: "the environment's answer to `reset` (task \(task.id))", fields)
        }
        observation.attach(try await imagePaths(fields, .reset), from: configuration)
        lastInfo = [:]
        return observation
    }

    public func step(_ action: String) async throws -> Observation {
        let fields = try await call(.step, ["action": .string(action)], timeout: configuration.timeouts.step)
        var observation = try await read(.step) { () throws(ProtocolViolation) in
            let observation = capped(
                Observation(
                    text: try fields.string("observation"), reward: try fields.double("reward", default: 0),
                    done: try fields.bool("done", default: false)),
                answer: "the environment's answer to `step` (\(action))", fields)
            lastInfo = fields.object["info"]?.object ?? [:]
            return observation
        }
        observation.attach(try await imagePaths(fields, .step), from: configuration)
        return observation
    }

    /// The image paths of a response; none when the child did not declare images in its handshake.
    private func imagePaths(
        _ fields: ResponseFields, _ op: ExternalProtocol.Operation
    ) async throws(EnvironmentError) -> [String] {
        guard imagesAsPaths else { return [] }
        return try await read(op) { () throws(ProtocolViolation) in try fields.strings("images") }
    }

    /// `observation` with what had to be mended in `fields`' line said, and its text cut at
    /// ``ExternalEnvironmentConfiguration/maxObservationBytes`` (on a character boundary, with a marker) when longer.
    private func capped(_ observation: Observation, answer: String, _ fields: ResponseFields) -> Observation {
        var result = observation
        if let note = fields.repairNote(answer) { result.repairs.append(note) }
        let limit = configuration.maxObservationBytes
        let size = observation.text.utf8.count
        guard size > limit else { return result }
        var end = observation.text.utf8.index(observation.text.utf8.startIndex, offsetBy: limit)
        while end.samePosition(in: observation.text.unicodeScalars) == nil {
            end = observation.text.utf8.index(before: end)
        }
        result.text =
            String(observation.text.unicodeScalars[..<end])
            + "\n[Arbor cut this observation here: the environment sent \(size) bytes, "
            + "--max-observation-bytes keeps \(limit)]"
        result.repairs.append(
            "\(answer) held an observation of \(size) bytes, more than the \(limit) that --max-observation-bytes "
                + "allows; it was cut there, with a marker at the cut")
        return result
    }

    /// The instruction from the last `reset`; nil before one, or when the child gave no text.
    public var instruction: String? { taskText.isEmpty ? nil : taskText }

    /// The action with its whitespace normalised, or nil when it is empty or matches neither a declared verb nor a
    /// declared pattern. Everything else is the child's to accept or refuse when it is taken.
    public func ground(_ action: String) -> String? {
        let grounded = ActionText.normalised(action)
        guard !grounded.isEmpty else { return nil }
        guard case .environment(let verbs, _) = actionSyntax, !verbs.isEmpty || !actionPatterns.isEmpty else {
            return grounded
        }
        let verb = grounded.prefix { !$0.isWhitespace }.lowercased()
        if verbs.contains(where: { $0.lowercased() == verb }) { return grounded }
        if actionPatterns.contains(where: { grounded.wholeMatch(of: $0) != nil }) { return grounded }
        return nil
    }

    public func outcome() async throws -> Outcome {
        let fields = try await call(.outcome, [:], timeout: configuration.timeouts.other)
        return try await read(.outcome) { () throws(ProtocolViolation) in
            Outcome(success: try fields.bool("success"), reward: try fields.double("reward", default: 0))
        }
    }

    public func snapshot() async throws -> EnvironmentSnapshot {
        guard supportsSnapshot else { throw EnvironmentError.snapshotUnsupported }
        let fields = try await call(.snapshot, [:], timeout: configuration.timeouts.other)
        let id = try await read(.snapshot) { () throws(ProtocolViolation) in try fields.string("snapshot") }
        return EnvironmentSnapshot(ExternalSnapshot(id: id, generation: generation))
    }

    public func restore(_ snapshot: EnvironmentSnapshot) async throws {
        guard supportsSnapshot else { throw EnvironmentError.snapshotUnsupported }
        guard let saved = snapshot.token as? ExternalSnapshot else {
            throw EnvironmentError.failed("environment \(name) cannot restore a snapshot another environment made")
        }
        guard saved.generation == generation, connection != nil else {
            throw EnvironmentError.failed(
                "snapshot \(saved.id) was made by an environment process that has since stopped; "
                    + "reset and replay the actions instead")
        }
        _ = try await call(.restore, ["snapshot": .string(saved.id)], timeout: configuration.timeouts.other)
    }

    /// Asks the child to exit, waits briefly, and kills it if it has not.
    public func close() async {
        guard let connection else { return }
        self.connection = nil
        stoppedBecause = "it was closed"
        let line = ExternalProtocol.requestLine(id: nextRequest, .close, [:])
        nextRequest += 1
        _ = await connection.exchange(line, timeout: configuration.timeouts.close)
        await connection.stop(grace: configuration.timeouts.close)
    }

    // MARK: - Requests

    /// Sends one request and returns the fields of its successful response; turns every other answer into the
    /// `EnvironmentError` the caller throws, stopping the child where it broke the protocol.
    private func call(
        _ operation: ExternalProtocol.Operation, _ fields: [String: JSONValue], timeout: Duration
    ) async throws(EnvironmentError) -> ResponseFields {
        guard let connection else { throw .failed(failure.notRunning(because: stoppedBecause)) }
        let id = nextRequest
        nextRequest += 1
        let line: ReceivedLine
        switch await connection.exchange(ExternalProtocol.requestLine(id: id, operation, fields), timeout: timeout) {
        case .success(let answer): line = answer
        case .failure(let fault): throw await stop(failure.message(fault, during: operation, timeout: timeout))
        }
        let response: ExternalResponse
        do {
            response = try ExternalProtocol.response(line, to: id)
        } catch {
            throw await stop(failure.message(error, during: operation))
        }
        switch response {
        case .ok(let fields):
            return fields
        case .error(ExternalProtocol.ErrorCode.invalidAction, let message):
            throw .invalidAction(fields["action"]?.string ?? "", reason: message)
        case .error(ExternalProtocol.ErrorCode.unknownTask, _):
            throw .unknownTask(fields["task"]?.string ?? "")
        case .error(ExternalProtocol.ErrorCode.snapshotUnsupported, _):
            throw .snapshotUnsupported
        case .error(let code, let message):
            throw .failed(failure.errorResponse(environment: name, during: operation, code: code, message: message))
        }
    }

    /// Reads a successful response's fields; a missing or mistyped field stops the child.
    private func read<T>(
        _ operation: ExternalProtocol.Operation, _ body: () throws(ProtocolViolation) -> T
    ) async throws(EnvironmentError) -> T {
        do {
            return try body()
        } catch {
            throw await stop(failure.message(error, during: operation))
        }
    }

    private func stop(_ message: String) async -> EnvironmentError {
        await connection?.stop()
        connection = nil
        stoppedBecause = message
        return .failed(message)
    }

    private func restart() async throws(EnvironmentError) {
        let (connection, hello) = try await Self.handshake(configuration)
        self.connection = connection
        generation += 1
        name = hello.name
        actionGrammar = hello.actionGrammar
        supportsSnapshot = hello.snapshot
        imagesAsPaths = hello.images
        actionSyntax = .environment(verbs: hello.actions.verbs, patterns: hello.actions.patterns)
        actionPatterns = hello.actions.compiled
    }

    // MARK: - Handshake

    private struct Handshake {
        var name: String
        var actionGrammar: String
        var snapshot: Bool
        var images: Bool
        var actions: DeclaredActions
    }

    /// The optional `actions` of `hello`: verbs an action may start with, and patterns a whole action may match.
    private struct DeclaredActions {
        var verbs: [String] = []
        var patterns: [String] = []
        var compiled: [Regex<AnyRegexOutput>] = []

        init() {}

        init(_ value: JSONValue?) throws(ProtocolViolation) {
            guard let value, value != .null else { return }
            guard let object = value.object else {
                throw .outOfProtocol("\"actions\" must be an object with \"verbs\" and/or \"patterns\"")
            }
            let fields = ResponseFields(object)
            verbs = try fields.strings("verbs")
            patterns = try fields.strings("patterns")
            for pattern in patterns {
                do {
                    compiled.append(try Regex(pattern))
                } catch {
                    throw .outOfProtocol("\"actions.patterns\" holds \(pattern), which is not a regular expression")
                }
            }
        }
    }

    private static func handshake(_ configuration: ExternalEnvironmentConfiguration) async throws(EnvironmentError)
        -> (ChildConnection, Handshake)
    {
        let failure = ExternalFailure(command: configuration.command, logFile: configuration.logFile)
        let timeout = configuration.timeouts.start
        var variables = ProcessEnvironment.current.filter { !configuration.withheld.contains($0.key) }
        variables["PYTHONUNBUFFERED"] = "1"
        variables.merge(configuration.variables) { $1 }
        let connection: ChildConnection
        do {
            connection = try ChildConnection(
                configuration.command, logFile: configuration.logFile, environment: variables)
        } catch {
            throw .failed(failure.message(error, during: .hello, timeout: timeout))
        }
        let request = ExternalProtocol.requestLine(id: 0, .hello, ["protocol": .integer(ExternalProtocol.version)])
        let line: ReceivedLine
        switch await connection.exchange(request, timeout: timeout) {
        case .success(let answer): line = answer
        case .failure(let fault):
            await connection.stop()
            throw .failed(failure.message(fault, during: .hello, timeout: timeout))
        }
        do throws(ProtocolViolation) {
            switch try ExternalProtocol.response(line, to: 0) {
            case .error(let code, let message):
                throw ProtocolViolation.outOfProtocol("the handshake was refused: \(code): \(message)")
            case .ok(let fields):
                let version = try fields.double("protocol")
                guard version == Double(ExternalProtocol.version) else {
                    throw ProtocolViolation.outOfProtocol(
                        "it speaks protocol \(fields.object["protocol"].map(String.init(describing:)) ?? "?"); "
                            + "this Arbor speaks protocol \(ExternalProtocol.version)")
                }
                let capabilities = ResponseFields(fields.object["capabilities"]?.object ?? [:])
                let hello = Handshake(
                    name: try fields.string("name"), actionGrammar: try fields.string("action_grammar"),
                    snapshot: try capabilities.bool("snapshot", default: false),
                    images: try capabilities.bool("images", default: false),
                    actions: try DeclaredActions(fields.object["actions"]))
                return (connection, hello)
            }
        } catch {
            await connection.stop()
            throw .failed(failure.message(error, during: .hello))
        }
    }
}

/// What an external environment's snapshot holds: the child's opaque id and which child made it.
struct ExternalSnapshot: Sendable {
    var id: String
    var generation: Int
}
