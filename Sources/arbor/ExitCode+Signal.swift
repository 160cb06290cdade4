import ArgumentParser
import TerminalKit

extension ExitCode {
    /// The status for a command a signal ended (128 plus its number, as a shell reports it), or nil when none did:
    /// a script that runs `arbor` can tell an interrupted run from a finished one.
    init?(endedBy signal: TerminalSignal?) {
        guard let signal else { return nil }
        self.init(signal.exitStatus)
    }
}
