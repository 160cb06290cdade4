import ArborEnvironments
import Testing

/// The protocol round trip against the adapter's examples, each in a real child process.
@Suite struct ExternalEnvironmentTests {
    static let solution = ["go east", "take key", "go west", "unlock door", "go west", "take coin"]

    @Test func textAdventureHandshakeAndTasks() async throws {
        let scratch = try ExternalFixtures()
        defer { scratch.remove() }
        let environment = try await ExternalEnvironment.start(try scratch.example("text_adventure"))
        #expect(environment.name == "text-adventure")
        #expect(environment.supportsSnapshot)
        #expect(!environment.imagesAsPaths)
        #expect(environment.actionGrammar.hasPrefix("One action per turn:\n  go <north|south|east|west|up|down>"))
        let train = try await environment.tasks(.train)
        #expect(train.map(\.id) == ["treasure/1", "treasure/2", "treasure/3"])
        #expect(
            train.map(\.intent) == [
                "Find the coin and take it.", "Find the map and take it.", "Find the gem and take it.",
            ])
        #expect(try await environment.tasks(.test).map(\.id) == ["treasure/4", "treasure/5"])
        await environment.close()
    }

    @Test func textAdventurePlayedToSuccess() async throws {
        let scratch = try ExternalFixtures()
        defer { scratch.remove() }
        let environment = try await ExternalEnvironment.start(try scratch.example("text_adventure"))
        let task = TaskSpec(id: "treasure/1", intent: "Find the coin and take it.")
        let first = try await environment.reset(task)
        #expect(
            first.text == """
                You step into the house.
                You are in the hall. A draughty hall with a dusty chandelier.
                Exits: north, east, west (a locked oak door).
                You see: apple.
                You carry: nothing.
                """)
        #expect(environment.taskText == "Find the coin and take it.")
        #expect(try await environment.outcome() == Outcome(success: false, reward: 0))
        var last = first
        for action in Self.solution { last = try await environment.step(action) }
        #expect(last.done)
        #expect(last.reward == 1)
        #expect(last.text.hasPrefix("You take the coin. You have the coin!\nYou are in the study."))
        #expect(environment.lastInfo == ["moves": .integer(6)])
        #expect(try await environment.outcome() == Outcome(success: true, reward: 1))
        await environment.close()
    }

    @Test func invalidActionsAndUnknownTasksAreTyped() async throws {
        let scratch = try ExternalFixtures()
        defer { scratch.remove() }
        let environment = try await ExternalEnvironment.start(try scratch.example("text_adventure"))
        await #expect(throws: EnvironmentError.unknownTask("treasure/99")) {
            try await environment.reset(TaskSpec(id: "treasure/99", intent: ""))
        }
        _ = try await environment.reset(TaskSpec(id: "treasure/2", intent: ""))
        await #expect(
            throws: EnvironmentError.invalidAction(
                "dance", reason: "'dance' is not an action here; try `go north`, `take key` or `look`")
        ) { try await environment.step("dance") }
        // The child is still serving after an invalid action.
        #expect(try await environment.step("go  east").text.hasPrefix("You go east.\nYou are in the kitchen."))
        #expect(environment.ground("  go \t east ") == "go east")
        #expect(environment.ground("   ") == nil)
        await environment.close()
    }

    @Test func restoringASnapshotEqualsResetAndReplay() async throws {
        let scratch = try ExternalFixtures()
        defer { scratch.remove() }
        let task = TaskSpec(id: "treasure/1", intent: "")
        let environment = try await ExternalEnvironment.start(try scratch.example("text_adventure"))
        _ = try await environment.reset(task)
        _ = try await environment.step("go east")
        let saved = try await environment.snapshot()
        _ = try await environment.step("take key")
        _ = try await environment.step("go west")
        try await environment.restore(saved)
        var restored: [String] = []
        for action in ["look", "take key", "go west", "unlock door"] {
            restored.append(try await environment.step(action).text)
        }

        _ = try await environment.reset(task)
        _ = try await environment.step("go east")
        var replayed: [String] = []
        for action in ["look", "take key", "go west", "unlock door"] {
            replayed.append(try await environment.step(action).text)
        }
        #expect(restored == replayed)
        #expect(restored[3].hasPrefix("The key turns and the oak door swings open."))
        // A snapshot survives a reset: it is the child's copy of the state, not a pointer into the episode.
        try await environment.restore(saved)
        #expect(try await environment.step("look").text == replayed[0])
        await environment.close()
    }

    @Test func severalEpisodesInParallelStartSeveralChildren() async throws {
        let scratch = try ExternalFixtures()
        defer { scratch.remove() }
        let factory = ExternalEnvironmentFactory(try scratch.example("text_adventure"))
        let rooms = try await withThrowingTaskGroup(of: String.self) { group in
            for (id, action) in [("treasure/1", "go north"), ("treasure/2", "go east")] {
                group.addTask {
                    let environment = try await factory.makeEnvironment()
                    _ = try await environment.reset(TaskSpec(id: id, intent: ""))
                    let text = try await environment.step(action).text
                    await environment.close()
                    return String(text.split(separator: "\n")[1])
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }.sorted()
        }
        #expect(
            rooms == [
                "You are in the garden. An overgrown garden around a dry fountain.",
                "You are in the kitchen. Copper pans hang over a cold stove.",
            ])
        #expect(try await factory.tasks(.test).map(\.id) == ["treasure/4", "treasure/5"])
    }

    @Test(
        .enabled(
            if: ExternalFixtures.gymnasiumInstalled,
            "gymnasium is not installed for python3: run `python3 -m pip install gymnasium` (scripts/setup-system.sh)")
    )
    func frozenLakeReachesTheGoal() async throws {
        let scratch = try ExternalFixtures()
        defer { scratch.remove() }
        let environment = try await ExternalEnvironment.start(try scratch.example("frozen_lake"))
        #expect(environment.name == "frozen-lake")
        #expect(environment.supportsSnapshot)
        #expect(try await environment.tasks(.train).map(\.id) == ["lake/4x4", "lake/8x8"])
        let first = try await environment.reset(TaskSpec(id: "lake/4x4", intent: ""))
        #expect(
            first.text == """
                @ F F F
                F H F H
                F F F H
                H F F G
                You are at row 1, column 1, on the start.
                Legend: @ you, S start, F frozen, H hole, G goal.
                """)
        await #expect(
            throws: EnvironmentError.invalidAction(
                "jump", reason: "'jump' is not an action; the actions are left, down, right, up")
        ) { try await environment.step("jump") }
        var last = first
        var rewards: [Double] = []
        for action in ["down", "down", "right", "right", "down", "right"] {
            last = try await environment.step(action)
            rewards.append(last.reward)
        }
        #expect(rewards == [0, 0, 0, 0, 0, 1])
        #expect(last.done)
        #expect(last.text.contains("You are at row 4, column 4, on the goal."))
        #expect(try await environment.outcome() == Outcome(success: true, reward: 1))
        await environment.close()
    }

    @Test func adapterUnitTestsPass() throws {
        let status = try ExternalFixtures.run([
            "python3", "-m", "unittest", "discover", "-s", "\(ExternalFixtures.adapters)/tests", "-t",
            "\(ExternalFixtures.adapters)/tests",
        ])
        #expect(status == 0, "run: python3 -m unittest discover -s adapters/python/tests")
    }
}
