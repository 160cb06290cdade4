/// A line a child wrote, as text. Bytes that are not UTF-8 become U+FFFD, as everywhere, but here they are also
/// counted, so the repair can be reported (which operation, which fields) instead of passing silently.
struct ReceivedLine: Sendable, Equatable {
    var text: String
    /// How many invalid UTF-8 sequences were replaced by U+FFFD.
    var repaired: Int

    init(_ bytes: some Collection<UInt8>) {
        if let valid = String(validating: bytes, as: UTF8.self) {
            text = valid
            repaired = 0
            return
        }
        text = String(decoding: bytes, as: UTF8.self)
        // Every U+FFFD in the text is a repair, except those the child wrote as valid UTF-8 (EF BF BD).
        let raw = Array(bytes)
        var written = 0
        var index = 0
        while index + 2 < raw.count {
            if raw[index] == 0xEF, raw[index + 1] == 0xBF, raw[index + 2] == 0xBD {
                written += 1
                index += 3
            } else {
                index += 1
            }
        }
        repaired = text.unicodeScalars.count { $0 == "\u{FFFD}" } - written
    }
}

extension JSONValue {
    /// Whether a string anywhere in the value holds U+FFFD, the mark a repaired byte sequence leaves.
    var holdsReplacement: Bool {
        switch self {
        case .string(let text): text.unicodeScalars.contains("\u{FFFD}")
        case .array(let items): items.contains { $0.holdsReplacement }
        case .object(let fields):
            fields.contains { $0.key.unicodeScalars.contains("\u{FFFD}") || $0.value.holdsReplacement }
        case .null, .bool, .integer, .number: false
        }
    }
}
