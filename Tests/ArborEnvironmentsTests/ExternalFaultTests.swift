import ArborEnvironments
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Children that die, hang, write garbage or answer with errors: each gives its own message, the child is killed
/// and reaped, and a fresh child works afterwards.
@Suite struct ExternalFaultTests {
    let scratch: ExternalFixtures
    let script: String

    init() throws {
        scratch = try ExternalFixtures()
        script = ExternalFixtures.faultyScript
    }

    func start(_ mode: String, step: Duration = .seconds(30)) async throws -> ExternalEnvironment {
        let timeouts = ExternalTimeouts(start: .seconds(30), reset: .seconds(30), step: step, other: .seconds(30))
        let environment = try await ExternalEnvironment.start(
            try scratch.configuration(["python3", script, mode, scratch.pidFile], timeouts: timeouts))
        #expect(try await environment.reset(TaskSpec(id: "t", intent: "")).text == ExternalFixtures.faultyFirstPage)
        return environment
    }

    func commandText(_ mode: String) -> String { "python3 \(script) \(mode) \(scratch.pidFile)" }

    /// The child no longer exists, not even as a zombie: it was killed (or exited) and reaped.
    func expectGone(_ pid: Int32) {
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "child \(pid) is still there")
    }

    /// After a failure, the same environment restarts its child on reset, and the factory makes working ones.
    func expectFreshChildWorks(_ environment: ExternalEnvironment, _ mode: String, failedPID: Int32) async throws {
        #expect(try await environment.reset(TaskSpec(id: "t", intent: "")).text == ExternalFixtures.faultyFirstPage)
        #expect(try scratch.childPID() != failedPID)
        await environment.close()
        let factory = ExternalEnvironmentFactory(environment.configuration)
        let fresh = try await factory.makeEnvironment()
        #expect(try await fresh.reset(TaskSpec(id: "t", intent: "")).text == ExternalFixtures.faultyFirstPage)
        await fresh.close()
    }

    /// Starts a child in `mode`, expects its first `step` to fail with `message` and the child to be gone;
    /// returns the environment and the failed child's pid.
    func expectKilled(_ mode: String, step: Duration = .seconds(30), message: String) async throws
        -> (ExternalEnvironment, Int32)
    {
        let environment = try await start(mode, step: step)
        let pid = try scratch.childPID()
        await #expect(throws: EnvironmentError.failed(message)) { try await environment.step("go") }
        expectGone(pid)
        return (environment, pid)
    }

    @Test func childThatExitsMidEpisode() async throws {
        defer { scratch.remove() }
        let message =
            "environment process `\(commandText("exit"))` exited with status 3 during `step`; "
            + "its stderr is in \(scratch.log)"
        let (environment, pid) = try await expectKilled("exit", message: message)
        await #expect(
            throws: EnvironmentError.failed(
                "environment process `\(commandText("exit"))` is not running (\(message)); "
                    + "reset the environment to start a fresh one")
        ) { try await environment.step("go") }
        try await expectFreshChildWorks(environment, "exit", failedPID: pid)
    }

    @Test func childThatHangsIsKilledAtTheTimeout() async throws {
        defer { scratch.remove() }
        let (environment, pid) = try await expectKilled(
            "hang", step: .milliseconds(500),
            message: "environment process `\(commandText("hang"))` did not answer `step` within 0.5 s and was killed; "
                + "raise the timeout or see \(scratch.log)")
        try await expectFreshChildWorks(environment, "hang", failedPID: pid)
    }

    @Test func childThatWritesGarbage() async throws {
        defer { scratch.remove() }
        let (environment, pid) = try await expectKilled(
            "garbage",
            message: "environment process `\(commandText("garbage"))` wrote a line that is not JSON during `step`: "
                + "\"hello there\"; only protocol messages may go to stdout (log to stderr); it was killed")
        try await expectFreshChildWorks(environment, "garbage", failedPID: pid)
    }

    @Test func childThatAnswersAnotherRequest() async throws {
        defer { scratch.remove() }
        let (environment, pid) = try await expectKilled(
            "wrong-id",
            message: "environment process `\(commandText("wrong-id"))` answered `step` out of protocol: "
                + "the response's \"id\" does not match request 2; it was killed")
        try await expectFreshChildWorks(environment, "wrong-id", failedPID: pid)
    }

    @Test func childThatLeavesOutARequiredField() async throws {
        defer { scratch.remove() }
        let (environment, _) = try await expectKilled(
            "no-observation",
            message: "environment process `\(commandText("no-observation"))` answered `step` out of protocol: "
                + "the response has no \"observation\"; it was killed")
        await environment.close()
    }

    @Test func childThatSendsAnErrorKeepsRunning() async throws {
        defer { scratch.remove() }
        let environment = try await start("error")
        let pid = try scratch.childPID()
        await #expect(
            throws: EnvironmentError.failed(
                "environment fault-env could not step: crashed: the simulator lost its state")
        ) { try await environment.step("go") }
        // An error response is within the protocol: the same child answers the next request.
        #expect(try await environment.reset(TaskSpec(id: "t", intent: "")).text == ExternalFixtures.faultyFirstPage)
        #expect(try scratch.childPID() == pid)
        try await expectFreshChildWorks(environment, "error", failedPID: -1)
    }

    /// Bytes that are not UTF-8 become U+FFFD and the text flows on, but not silently: the observation carries a
    /// sentence saying which answer and which field, and an error message says so itself. A U+FFFD the child wrote
    /// as UTF-8 is not counted.
    @Test func bytesThatAreNotUTF8AreMendedAndSaidWhere() async throws {
        defer { scratch.remove() }
        let environment = try await start("bad-bytes")
        let tasks = try await environment.tasks(.test)
        #expect(tasks.map(\.intent) == ["Reach the last room.", "Reach the \u{FFFD}\u{FFFD}( last room."])
        #expect(
            environment.taskRepair
                == "the environment's answer to `tasks` carried 2 byte sequences that are not UTF-8, each now U+FFFD, "
                + "in the intent of task 2 (room/2); the rest of the text is as the environment sent it")
        #expect(environment.instruction == "Reach the \u{FFFD}\u{FFFD}( last room.")
        let reset = try await environment.reset(TaskSpec(id: "room/1", intent: ""))
        #expect(reset.text == ExternalFixtures.faultyFirstPage)
        #expect(
            reset.repairs == [
                "the environment's answer to `reset` (task room/1) carried 2 byte sequences that are not UTF-8, "
                    + "each now U+FFFD, in task; the rest of the text is as the environment sent it"
            ])
        let step = try await environment.step("click [1]")
        #expect(
            step.text
                == "Tab: Rooms\nURL: http://rooms/1\n[1] link 'Next room'\n[2] link 'Last room'\n"
                + "[3] text 'caf\u{FFFD}\u{FFFD}(\u{FFFD}'")
        #expect(
            step.repairs == [
                "the environment's answer to `step` (click [1]) carried 2 byte sequences that are not UTF-8, "
                    + "each now U+FFFD, in observation; the rest of the text is as the environment sent it"
            ])
        await environment.close()

        let failing = try await start("bad-bytes-error")
        await #expect(
            throws: EnvironmentError.failed(
                "environment fault-env could not step: crashed: lost \u{FFFD}\u{FFFD}( state (this message carried "
                    + "2 byte sequences that are not UTF-8, each now U+FFFD)")
        ) { try await failing.step("go") }
        await failing.close()
    }

    /// An observation past the cap is cut on a character boundary at or below it, with a marker at the cut, and the
    /// observation says so.
    @Test func anObservationPastTheCapIsCutWithAMarker() async throws {
        defer { scratch.remove() }
        var configuration = try scratch.configuration(["python3", script, "huge", scratch.pidFile])
        configuration.maxObservationBytes = 1024
        let environment = try await ExternalEnvironment.start(configuration)
        let step = try await environment.step("click [1]")
        let kept = "a" + String(repeating: "\u{E9}", count: 511)
        #expect(kept.utf8.count == 1023, "the 1024th byte would split an é")
        #expect(
            step.text
                == kept + "\n[Arbor cut this observation here: the environment sent 4001 bytes, "
                + "--max-observation-bytes keeps 1024]")
        #expect(
            step.repairs == [
                "the environment's answer to `step` (click [1]) held an observation of 4001 bytes, more than the 1024 "
                    + "that --max-observation-bytes allows; it was cut there, with a marker at the cut"
            ])
        await environment.close()
    }

    @Test func stderrGoesToTheLogFile() async throws {
        defer { scratch.remove() }
        let environment = try await start("error")
        await environment.close()
        let log = try String(contentsOfFile: scratch.log, encoding: .utf8)
        #expect(log == "fault-env starting in mode error\n")
    }

    @Test func programThatCannotStart() async throws {
        defer { scratch.remove() }
        await #expect(
            throws: EnvironmentError.failed(
                "could not start environment process `/nonexistent/arbor-env`: No such file or directory; "
                    + "check the command and that its program is on PATH")
        ) { try await ExternalEnvironment.start(try scratch.configuration(["/nonexistent/arbor-env"])) }
    }

    @Test func snapshotsAreRefusedWhenNotDeclared() async throws {
        defer { scratch.remove() }
        let environment = try await start("error")
        #expect(!environment.supportsSnapshot)
        await #expect(throws: EnvironmentError.snapshotUnsupported) { try await environment.snapshot() }
        await environment.close()
    }
}
