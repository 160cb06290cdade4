import ArborCore

/// Countdown: reach a target by combining numbers with + − × ÷, one pair at a time. A small, fast environment
/// for engine tests; every task is solvable by construction.
public final class Countdown: Environment {
    public let name = "puzzle"
    public let seed: UInt64
    public var supportsSnapshot: Bool { true }
    public let actionGrammar = """
        combine A op B   replace numbers A and B on the board by A op B (op: + - * /; the result must be a \
        positive whole number)
        stop             give up
        """

    private var puzzle: CountdownPuzzle?
    private var board = CountdownBoard(numbers: [], moves: [], stopped: false)

    public init(seed: UInt64 = 0) { self.seed = seed }

    public func tasks(_ split: TaskSplit) async throws -> [TaskSpec] { taskSpecs(split) }

    /// The tasks of a split: 20 train, 10 test, disjoint.
    public func taskSpecs(_ split: TaskSplit) -> [TaskSpec] {
        (split == .train ? 0..<20 : 100..<110).map { CountdownPuzzle(index: $0, seed: seed).spec }
    }

    func makePuzzle(_ id: String) throws -> CountdownPuzzle {
        let parts = id.split(separator: "/")
        guard parts.count == 3, parts[0] == "puzzle", parts[1] == "countdown", let index = Int(parts[2]), index >= 0
        else { throw EnvironmentError.unknownTask(id) }
        return CountdownPuzzle(index: index, seed: seed)
    }

    public func reset(_ task: TaskSpec) async throws -> Observation {
        let made = try makePuzzle(task.id)
        puzzle = made
        board = CountdownBoard(numbers: made.numbers, moves: [], stopped: false)
        return observation()
    }

    private var solved: Bool { puzzle.map { board.numbers.contains($0.target) } ?? false }

    private func observation() -> Observation {
        guard let puzzle else { return Observation(text: "") }
        var lines = [
            "Numbers: " + board.numbers.map(String.init).joined(separator: " "),
            "Target: \(puzzle.target)",
            "Moves: " + (board.moves.isEmpty ? "none" : board.moves.joined(separator: "; ")),
        ]
        let done = solved || board.stopped || board.numbers.count < 2
        if done { lines.append(solved ? "Solved." : "Finished without reaching the target.") }
        return Observation(text: lines.joined(separator: "\n"), reward: solved ? 1 : 0, done: done)
    }

    public func step(_ action: String) async throws -> Observation {
        guard puzzle != nil else { throw EnvironmentError.failed("the puzzle has no task yet: call reset first") }
        switch CountdownMove.parse(action, board: board) {
        case .failure(let refusal): throw EnvironmentError.invalidAction(action, reason: refusal.reason)
        case .success(.stop): board.stopped = true
        case .success(.combine(let a, let op, let b)):
            guard let i = board.numbers.firstIndex(of: a) else { break }
            board.numbers.remove(at: i)
            guard let j = board.numbers.firstIndex(of: b) else { break }
            board.numbers.remove(at: j)
            let result = op.apply(a, b) ?? 0
            board.numbers.append(result)
            board.moves.append("\(a) \(op.rawValue) \(b) = \(result)")
        }
        return observation()
    }

    public func ground(_ action: String) -> String? {
        guard puzzle != nil, case .success(let move) = CountdownMove.parse(action, board: board) else { return nil }
        return move.text
    }

    public func outcome() async throws -> Outcome {
        Outcome(success: solved, reward: solved ? 1 : 0)
    }

    public func snapshot() async throws -> EnvironmentSnapshot {
        EnvironmentSnapshot(CountdownSnapshot(taskID: puzzle?.spec.id ?? "", board: board))
    }

    public func restore(_ snapshot: EnvironmentSnapshot) async throws {
        guard let saved = snapshot.token as? CountdownSnapshot else {
            throw EnvironmentError.failed("this snapshot was not made by the puzzle; restore one from snapshot()")
        }
        if puzzle?.spec.id != saved.taskID { puzzle = try makePuzzle(saved.taskID) }
        board = saved.board
    }

    /// The current puzzle's construction, as moves (tests only).
    var solution: [String] { puzzle?.solution ?? [] }
}

/// The numbers left and the moves made.
struct CountdownBoard: Equatable, Sendable {
    var numbers: [Int]
    var moves: [String]
    var stopped: Bool
}

struct CountdownSnapshot: Sendable {
    var taskID: String
    var board: CountdownBoard
}
