/// An array kept in fixed-size chunks, each its own copy-on-write buffer, so that a copy shares every chunk it has
/// not changed since. Copying costs one reference per chunk, and writing to a shared copy duplicates only the chunk
/// written. This is what makes a fold cheap to checkpoint and to resume: a replay keeps many copies of a
/// million-node tree in little more memory than one, and a seek copies only what the events it applies touch.
public struct ChunkedArray<Element> {
    /// Elements per chunk: small enough that a write to a shared chunk copies little, large enough that the chunk
    /// list stays short.
    @usableFromInline static var chunkSize: Int { 256 }

    @usableFromInline var chunks: [[Element]] = []
    @usableFromInline var storedCount = 0
    @inlinable public var count: Int { storedCount }

    @inlinable public init() {}

    @inlinable public init<S: Sequence>(_ elements: S) where S.Element == Element {
        for element in elements { append(element) }
    }

    // Inlinable so that another module's append is specialized for its element type: the engine appends nodes on
    // every expansion, and the unspecialized path copies each one through its type's value witnesses.
    @inlinable public mutating func append(_ element: Element) {
        if storedCount % Self.chunkSize == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        storedCount += 1
    }
}

extension ChunkedArray: RandomAccessCollection, MutableCollection {
    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { storedCount }

    @inlinable public subscript(position: Int) -> Element {
        // Read in place: an element with references (a string, an array) is not copied to be looked at.
        _read { yield chunks[position / Self.chunkSize][position % Self.chunkSize] }
        _modify { yield &chunks[position / Self.chunkSize][position % Self.chunkSize] }
    }
}

extension ChunkedArray: Equatable where Element: Equatable {
    public static func == (a: Self, b: Self) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}
