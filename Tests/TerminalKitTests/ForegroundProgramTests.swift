import Foundation
import Testing

@testable import TerminalKit

/// A program run in the terminal the front end gave back: its status and stderr come back, Ctrl-C is its alone, and a
/// SIGTERM sent to this process is passed on to it.
@Suite(.serialized) struct ForegroundProgramTests {
    @Test func theStatusAndWhatItSaidOnStderrComeBack() throws {
        let ended = try ForegroundProgram.run("/bin/sh", arguments: ["-c", "echo 'no such run' >&2; exit 3"])
        #expect(ended == .init(status: 3, passedOn: nil, errorOutput: "no such run\n"))
    }

    @Test func anInterruptIsTheProgramsAndATerminationIsPassedOn() throws {
        // The program signals this process, as the terminal (Ctrl-C) or a supervisor (kill) would.
        let interrupted = try ForegroundProgram.run("/bin/sh", arguments: ["-c", "kill -INT $PPID; sleep 0.2; exit 0"])
        #expect(interrupted == .init(status: 0, passedOn: nil, errorOutput: ""), "this process ignored SIGINT")
        let terminated = try ForegroundProgram.run("/bin/sh", arguments: ["-c", "kill -TERM $PPID; sleep 5; exit 0"])
        #expect(terminated == .init(status: 128 + SIGTERM, passedOn: .terminate, errorOutput: ""))
    }

    @Test func aProgramThatCannotStartSaysWhy() {
        #expect(throws: TerminalError.programNotStarted(path: "/nonexistent/arbor", errno: ENOENT)) {
            try ForegroundProgram.run("/nonexistent/arbor", arguments: [])
        }
        #expect(
            TerminalError.programNotStarted(path: "/nonexistent/arbor", errno: ENOENT).description
                == "could not start /nonexistent/arbor: No such file or directory")
    }
}
