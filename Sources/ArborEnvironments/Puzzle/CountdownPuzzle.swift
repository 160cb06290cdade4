import ArborCore

/// One Countdown task: four numbers and a target reached by combining them in the order the generator did.
struct CountdownPuzzle: Sendable {
    var spec: TaskSpec
    var numbers: [Int]
    var target: Int
    /// The moves that built the target, as canonical actions.
    var solution: [String]

    init(index: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed, label: "puzzle/countdown", index: index)
        while true {
            let numbers = (0..<4).map { _ in rng.int(1...13) }
            var pool = numbers
            var moves: [String] = []
            // Combine random pairs until one number is left; keep the result if it is an interesting target.
            while pool.count > 1 {
                var a = pool.remove(at: rng.int(0...(pool.count - 1)))
                var b = pool.remove(at: rng.int(0...(pool.count - 1)))
                var op = rng.pick(CountdownOperator.allCases)
                if op.apply(a, b) == nil { swap(&a, &b) }
                if op.apply(a, b) == nil { op = .plus }
                if op.commutative && b > a { swap(&a, &b) }
                let value = op.apply(a, b) ?? a + b
                pool.append(value)
                moves.append(CountdownMove.combine(a, op, b).text)
            }
            let target = pool[0]
            if target >= 10 && target <= 200 && !numbers.contains(target) {
                self.numbers = numbers
                self.target = target
                self.solution = moves
                spec = TaskSpec(
                    id: "puzzle/countdown/\(index)",
                    intent:
                        "Reach \(target) by combining the numbers \(numbers.map(String.init).joined(separator: ", ")) "
                        + "with + - * /, using each number at most once.")
                return
            }
        }
    }
}

enum CountdownOperator: String, CaseIterable, Sendable {
    case plus = "+"
    case minus = "-"
    case times = "*"
    case divide = "/"

    /// The result, or nil when it is not a positive whole number.
    func apply(_ a: Int, _ b: Int) -> Int? {
        switch self {
        case .plus: a + b
        case .minus: a > b ? a - b : nil
        case .times: a * b
        case .divide: b > 0 && a % b == 0 ? a / b : nil
        }
    }

    var commutative: Bool { self == .plus || self == .times }
}

/// A Countdown action.
enum CountdownMove: Equatable, Sendable {
    case combine(Int, CountdownOperator, Int)
    case stop

    var text: String {
        switch self {
        case .stop: "stop"
        case .combine(let a, let op, let b): "combine \(a) \(op.rawValue) \(b)"
        }
    }

    /// Parses `combine 3 * 8` (also `combine 3*8`, `Combine 3 x 8`, `3 × 8`), canonicalised for `board`.
    static func parse(_ raw: String, board: CountdownBoard) -> Result<CountdownMove, Refusal> {
        if board.stopped { return .failure("the episode is over") }
        var text = raw.trimmingSpaces.lowercased()
        if text == "stop" { return .success(.stop) }
        if text.hasPrefix("combine") { text.removeFirst("combine".count) }
        let symbols: [Character: CountdownOperator] = [
            "+": .plus, "-": .minus, "−": .minus, "*": .times, "x": .times, "×": .times, "/": .divide, "÷": .divide,
        ]
        guard let opIndex = text.firstIndex(where: { symbols[$0] != nil }), let op = symbols[text[opIndex]],
            let a = Int(text[..<opIndex].trimmingSpaces),
            let b = Int(text[text.index(after: opIndex)...].trimmingSpaces)
        else { return .failure("write it as combine A op B, e.g. combine 3 * 8") }
        var left = board.numbers
        guard let i = left.firstIndex(of: a) else { return .failure("\(a) is not on the board") }
        left.remove(at: i)
        guard left.contains(b) else { return .failure("\(b) is not on the board") }
        guard op.apply(a, b) != nil else { return .failure("\(a) \(op.rawValue) \(b) is not a positive whole number") }
        if op.commutative && b > a { return .success(.combine(b, op, a)) }
        return .success(.combine(a, op, b))
    }
}
