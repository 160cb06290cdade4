/// An array kept in fixed-size chunks, each its own copy-on-write buffer, so that a copy shares every chunk it has
/// not changed since. Copying costs one reference per chunk, and writing to a shared copy duplicates only the chunk
/// written. This is what makes a fold cheap to checkpoint and to resume: a replay keeps many copies of a
/// million-node tree in little more memory than one, and a seek copies only what the events it applies touch.
public struct ChunkedArray<Element> {
    /// Elements per chunk: small enough that a write to a shared chunk copies little, large enough that the chunk
    /// list stays short.
    @usableFromInline static var chunkSize: Int { 256 }

    @usableFromInline var chunks: [[Element]] = []
    public private(set) var count = 0

    public init() {}

    public init<S: Sequence>(_ elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    public mutating func append(_ element: Element) {
        if count % Self.chunkSize == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }
}

extension ChunkedArray: RandomAccessCollection, MutableCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    @inlinable public subscript(position: Int) -> Element {
        get { chunks[position / Self.chunkSize][position % Self.chunkSize] }
        _modify { yield &chunks[position / Self.chunkSize][position % Self.chunkSize] }
    }
}

extension ChunkedArray: Equatable where Element: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
