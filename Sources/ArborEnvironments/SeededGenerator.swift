import ArborCore

/// The draws world and task generation make (a whole number, a pick, a sample, a shuffle, a chance), over
/// ``SplitMix64`` seeded per label, so that a seed gives the same worlds and tasks on every machine and Swift version.
struct SeededGenerator: RandomNumberGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    /// A generator for one labelled use of a seed (`"shopping/checkout"`, task 3), independent of other labels.
    init(seed: UInt64, label: String, index: Int = 0) {
        random = SplitMix64(seed: seed ^ FNV1a.hash(label) ^ (UInt64(bitPattern: Int64(index)) &* SplitMix64.gamma))
        _ = random.next()
    }

    mutating func next() -> UInt64 { random.next() }

    /// A whole number in `range`, by modulo (the bias is irrelevant at these sizes and keeps results stable).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// `count` distinct items of `items`, in random order.
    mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        Array(shuffled(items).prefix(count))
    }

    mutating func shuffled<T>(_ items: [T]) -> [T] {
        var result = items
        guard result.count > 1 else { return result }
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(i, int(0...i))
        }
        return result
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double(next() % 1_000_000) / 1_000_000 < probability
    }
}
