/// Turns what curses' `wget_wch` returns into ``InputEvent``s. Curses already decodes the escape sequences its
/// terminfo knows (arrows, function keys, the mouse); this adds what it does not: bracketed paste
/// (`ESC [200~ … ESC [201~`), Alt-letters (`ESC x`), control letters and the Escape key on its own. Any other
/// complete sequence (`ESC [4~`, End in tmux under some terminfo entries; `ESC O F`) is one key curses did not know:
/// it is consumed whole and ignored, rather than read as Escape and the characters of the sequence.
///
/// A pure value so it can be tested byte by byte without a terminal.
public struct InputDecoder: Sendable {
    /// One result of `wget_wch`: a character, or a key curses decoded (already mapped), or an event the backend made.
    public enum Raw: Hashable, Sendable {
        case character(UInt32)
        case key(Key)
        case event(InputEvent)
    }

    private static let escape: UInt32 = 0x1B
    private static let pasteStart: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x30, 0x7E]  // ESC [ 2 0 0 ~
    private static let pasteEnd: [UInt32] = [0x1B, 0x5B, 0x32, 0x30, 0x31, 0x7E]  // ESC [ 2 0 1 ~
    /// ESC [ (a control sequence) and ESC O (a single shift), the two ways terminals start a key's sequence.
    private static let csi: UInt32 = 0x5B
    private static let ss3: UInt32 = 0x4F
    /// The bytes that end a sequence; those between ESC [ and the end are parameters and intermediates.
    private static let finalBytes: ClosedRange<UInt32> = 0x40...0x7E
    private static let middleBytes: ClosedRange<UInt32> = 0x20...0x3F
    /// Longer than any key's sequence: past this, what looked like one is given back as typed.
    private static let longestSequence = 16

    /// Characters after an ESC, while they may still become a paste start or an Alt-key.
    private var pending: [UInt32] = []
    /// The text of a paste in progress (nil outside a paste).
    private var paste: [UInt32]?

    public init() {}

    /// Whether the decoder holds the start of a sequence whose rest may still arrive.
    public var isMidSequence: Bool { !pending.isEmpty || paste != nil }

    /// Decodes one result; returns the events it completes.
    public mutating func feed(_ raw: Raw) -> [InputEvent] {
        switch raw {
        case .character(let value):
            return feedCharacter(value)
        case .key(let key):
            if paste != nil { return [] }  // a key sequence curses matched inside pasted text: not the person's
            return finishPending() + [.key(key)]
        case .event(let event):
            return finishPending() + [event]
        }
    }

    /// Call when no more input is waiting: a lone ESC is the Escape key, a broken sequence is its characters.
    /// A paste in progress is kept, since its end may be in the next read.
    public mutating func finish() -> [InputEvent] { finishPending() }

    private mutating func feedCharacter(_ value: UInt32) -> [InputEvent] {
        if var text = paste {
            text.append(value)
            if text.count >= Self.pasteEnd.count && Array(text.suffix(Self.pasteEnd.count)) == Self.pasteEnd {
                paste = nil
                return [.paste(Self.pastedText(text.dropLast(Self.pasteEnd.count)))]
            }
            paste = text
            return []
        }
        if pending.isEmpty {
            if value == Self.escape {
                pending = [value]
                return []
            }
            return Self.plain(value).map { [$0] } ?? []
        }
        pending.append(value)
        if pending == Self.pasteStart {
            pending = []
            paste = []
            return []
        }
        if pending.count == 2 {
            // ESC [ and ESC O start a sequence: wait for its end.
            if value == Self.csi || value == Self.ss3 { return [] }
            pending = []
            if value == Self.escape {
                pending = [value]
                return [.key(.escape)]
            }
            if let scalar = Unicode.Scalar(value), value >= 0x20, value != 0x7F {
                return [.alt(Character(scalar))]
            }
            return [.key(.escape)] + (Self.plain(value).map { [$0] } ?? [])
        }
        let introducer = pending[1]
        if Self.finalBytes.contains(value) {
            // A whole sequence curses did not decode: one unknown key, ignored.
            pending = []
            return []
        }
        if introducer == Self.csi, Self.middleBytes.contains(value), pending.count < Self.longestSequence {
            return []
        }
        // Not a sequence after all: Escape (or Alt-O), then the rest as typed characters.
        let broken = pending
        pending = []
        var events: [InputEvent] = introducer == Self.ss3 ? [.alt("O")] : [.key(.escape), .character("[")]
        for character in broken.dropFirst(2) { events += feedCharacter(character) }
        return events
    }

    private mutating func finishPending() -> [InputEvent] {
        guard !pending.isEmpty else { return [] }
        let rest = pending.dropFirst()
        pending = []
        if rest.first == Self.ss3, rest.count == 1 { return [.alt("O")] }
        return [.key(.escape)] + rest.compactMap(Self.plain)
    }

    /// A character outside any sequence.
    private static func plain(_ value: UInt32) -> InputEvent? {
        switch value {
        case 0x0D, 0x0A: return .key(.enter)
        case 0x09: return .key(.tab)
        case 0x08, 0x7F: return .key(.backspace)
        case 0x1B: return .key(.escape)
        case 0x00: return .control(" ")
        case 0x01...0x1A: return Unicode.Scalar(value + 0x60).map { .control(Character($0)) }
        case 0x1C...0x1F, 0x80...0x9F: return nil
        default: return Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    private static func pastedText(_ values: some Sequence<UInt32>) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasReturn = false
        for value in values {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if scalar == "\n" && previousWasReturn {
                previousWasReturn = false
                continue
            }
            previousWasReturn = scalar == "\r"
            scalars.append(scalar == "\r" ? "\n" : scalar)
        }
        return String(scalars)
    }
}
