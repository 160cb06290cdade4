import ArborCore

/// A large text cut into content-defined chunks, each stored once under the SHA-256 of its bytes (schema 4).
///
/// Every prompt that shows a page repeats the page, at a different offset each time. The cuts here do not fall at
/// fixed offsets but where the 64 bytes before a position hash to a pattern (a gear hash, as FastCDC does), so the page
/// stored on its own and the same page inside a prompt are cut at the same places once the first shared cut is
/// passed: they share every chunk but the one or two at the page's edges, and the page's bytes are stored once
/// however many prompts repeat it. Reading never cuts again (a blob lists its chunks), so the cutting rule can change
/// without making any stored text unreadable; only sharing with texts cut by the old rule would be lost.
public struct TextChunks: Sendable {
    /// Texts shorter than this many bytes are stored whole: cutting them would save little and add rows.
    public static let threshold = 16 * 1024
    /// No chunk but a text's last is shorter than this many bytes.
    static let minimum = 2 * 1024
    /// No chunk is longer than this many bytes.
    static let maximum = 64 * 1024
    /// A cut where the gear hash's top 13 bits are zero: one position in 8,192 past the minimum, so chunks average
    /// about 10 KiB. The top bits depend on the last 64 bytes (each step shifts the hash one bit left).
    static let mask: UInt64 = ((1 << 13) - 1) << 51

    /// One random 64-bit number per byte value, from a fixed seed, so every build cuts a text the same way.
    static let gear: [UInt64] = {
        var generator = SplitMix64(seed: 0x4152_4252_4348_4E4B)
        return (0..<256).map { _ in generator.next() }
    }()

    /// The chunks in order: where each lies in the text's UTF-8 bytes, and its SHA-256 in hex.
    public let chunks: [(hash: String, range: Range<Int>)]

    /// The chunk list a `blobs` row keeps: a JSON array of the chunks' hashes in order.
    public var list: String { "[" + chunks.map { "\"\($0.hash)\"" }.joined(separator: ",") + "]" }

    /// Cuts `bytes` (a text's UTF-8). A cut may fall inside a character: chunks are bytes, joined before decoding.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var chunks: [(hash: String, range: Range<Int>)] = []
        var start = 0
        while start < bytes.count {
            let end = Self.cut(bytes, from: start)
            chunks.append((SHA256.hex(bytes: Array(bytes[start..<end])), start..<end))
            start = end
        }
        self.chunks = chunks
    }

    /// The end of the chunk that starts at `start`: the first position past the minimum where the hash of the bytes
    /// before it matches ``mask``, else the maximum, else the text's end.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let end = min(start + maximum, bytes.count)
        guard end - start > minimum else { return end }
        var hash: UInt64 = 0
        // The hash of the 64 bytes before the minimum, so the first position tested already sees a full window.
        for index in (start + minimum - 64)..<(start + minimum) { hash = (hash << 1) &+ gear[Int(bytes[index])] }
        return gear.withUnsafeBufferPointer { gear in
            var index = start + minimum
            while index < end {
                if hash & mask == 0 { return index }
                hash = (hash << 1) &+ gear[Int(bytes[index])]
                index += 1
            }
            return end
        }
    }

    /// The hashes a `blobs` row's chunk list names, in order; nil when the list is not one this build wrote.
    public static func hashes(inList list: String) -> [String]? {
        guard list.hasPrefix("["), list.hasSuffix("]") else { return nil }
        let inner = list.dropFirst().dropLast()
        if inner.isEmpty { return [] }
        var hashes: [String] = []
        for item in inner.split(separator: ",", omittingEmptySubsequences: false) {
            guard item.utf8.count == 66, item.first == "\"", item.last == "\"" else { return nil }
            hashes.append(String(item.dropFirst().dropLast()))
        }
        return hashes
    }
}

extension TextChunks {
    /// Inserts one chunk, (hash, bytes), keeping a chunk the store already has. Both backends run it.
    public static let chunkInsert = "INSERT INTO chunks (hash, bytes) VALUES (?, ?) ON CONFLICT DO NOTHING"

    /// Inserts the `blobs` row of a cut text, (hash, chunk list): its `text` is empty, its `chunks` lists the chunks.
    public static let listInsert =
        "INSERT INTO blobs (hash, text, chunks) VALUES (?, '', ?) ON CONFLICT DO NOTHING"
}
