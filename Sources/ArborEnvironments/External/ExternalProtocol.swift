import Foundation

/// Version 1 of the line protocol (docs/environment-protocol.md): one JSON object per line each way, a request
/// carrying `id` and `op`, its response echoing `id` with `ok` true and the operation's fields, or `ok` false and
/// an `error` with a `code` and a `message`.
enum ExternalProtocol {
    static let version = 1
    /// Responses longer than this are refused rather than buffered without end.
    static let maximumLineBytes = 64 << 20

    enum Operation: String, Sendable {
        case hello, reset, step, snapshot, restore, tasks, outcome, close
    }

    /// Error codes with a meaning Arbor acts on; any other code is reported as the environment's failure.
    enum ErrorCode {
        static let invalidAction = "invalid_action"
        static let unknownTask = "unknown_task"
        static let snapshotUnsupported = "snapshot_unsupported"
    }

    static func requestLine(id: Int, _ operation: Operation, _ fields: [String: JSONValue]) -> String {
        var object = fields
        object["id"] = .integer(id)
        object["op"] = .string(operation.rawValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a tree of JSONValue cannot fail: every case maps to a JSON value and doubles are checked
        // finite where they are made.
        let data = (try? encoder.encode(JSONValue.object(object))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads one response line to the request numbered `id`.
    static func response(_ line: ReceivedLine, to id: Int) throws(ProtocolViolation) -> ExternalResponse {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: Data(line.text.utf8))
        } catch {
            throw .notJSON(line.text)
        }
        guard let object = value.object else {
            throw .outOfProtocol("expected a JSON object, got \(value.typeName)")
        }
        guard let echoed = object["id"] else { throw .outOfProtocol("the response has no \"id\"") }
        guard echoed.double == Double(id) else {
            throw .outOfProtocol("the response's \"id\" does not match request \(id)")
        }
        guard let ok = object["ok"]?.bool else { throw .outOfProtocol("the response has no boolean \"ok\"") }
        if ok { return .ok(ResponseFields(object, repaired: line.repaired)) }
        guard let error = object["error"]?.object, let code = error["code"]?.string else {
            throw .outOfProtocol("a response with \"ok\": false must carry \"error\": {\"code\", \"message\"}")
        }
        let message = error["message"]?.string ?? ""
        guard line.repaired > 0 else { return .error(code: code, message: message) }
        return .error(code: code, message: message + " (this message carried \(repairs(line.repaired)))")
    }

    /// How many byte sequences a response carried that are not UTF-8, and what became of them.
    static func repairs(_ count: Int) -> String {
        "\(count) byte sequence\(count == 1 ? "" : "s") that \(count == 1 ? "is" : "are") not UTF-8, each now U+FFFD"
    }
}

/// A response line, read: the operation's fields, or the environment's error.
enum ExternalResponse {
    case ok(ResponseFields)
    case error(code: String, message: String)
}

/// A response line that breaks the protocol.
enum ProtocolViolation: Error, Equatable {
    case notJSON(String)
    case outOfProtocol(String)
}

/// The fields of a successful response, read with messages that name the field that is missing or mistyped.
struct ResponseFields {
    let object: [String: JSONValue]
    /// How many invalid UTF-8 sequences the response's line carried (each now U+FFFD).
    let repaired: Int

    init(_ object: [String: JSONValue], repaired: Int = 0) {
        self.object = object
        self.repaired = repaired
    }

    /// A sentence for the run's log when the line carried bytes that are not UTF-8: what answered, how many
    /// sequences, and which fields hold them; nil when the line was clean.
    func repairNote(_ answer: String) -> String? {
        guard repaired > 0 else { return nil }
        let fields = object.keys.sorted().filter { object[$0]?.holdsReplacement == true }
        return "\(answer) carried \(ExternalProtocol.repairs(repaired)), in "
            + (fields.isEmpty ? "a field name" : fields.joined(separator: ", "))
            + "; the rest of the text is as the environment sent it"
    }

    func string(_ key: String) throws(ProtocolViolation) -> String {
        try typed(key, "a string") { $0.string }
    }

    func optionalString(_ key: String) throws(ProtocolViolation) -> String? {
        guard let value = object[key], value != .null else { return nil }
        return try string(key)
    }

    func double(_ key: String, default fallback: Double? = nil) throws(ProtocolViolation) -> Double {
        if object[key] == nil, let fallback { return fallback }
        let number = try typed(key, "a number") { $0.double }
        guard number.isFinite else { throw .outOfProtocol("\"\(key)\" must be a finite number") }
        return number
    }

    func bool(_ key: String, default fallback: Bool? = nil) throws(ProtocolViolation) -> Bool {
        if object[key] == nil, let fallback { return fallback }
        return try typed(key, "a boolean") { $0.bool }
    }

    func strings(_ key: String) throws(ProtocolViolation) -> [String] {
        guard let value = object[key], value != .null else { return [] }
        let items = try typed(key, "an array of strings") { $0.array }
        var result: [String] = []
        for item in items {
            guard let text = item.string else { throw .outOfProtocol("\"\(key)\" must be an array of strings") }
            result.append(text)
        }
        return result
    }

    private func typed<T>(_ key: String, _ kind: String, _ read: (JSONValue) -> T?) throws(ProtocolViolation) -> T {
        guard let value = object[key] else { throw .outOfProtocol("the response has no \"\(key)\"") }
        guard let result = read(value) else {
            throw .outOfProtocol("\"\(key)\" must be \(kind), got \(value.typeName)")
        }
        return result
    }
}
