import ArgumentParser
import Foundation
import KwikTerminal
import Logging

/// Process-wide output conventions: logs on stderr, one-line errors, NDJSON on stdout.
enum Console {
    private static let logging: Void = LoggingSystem.bootstrap(StreamLogHandler.standardError)

    static func bootstrapLogging() { _ = logging }

    /// Prints `kwiktop: message` on stderr and returns the exit code to throw.
    static func failure(_ message: String, code: Int32 = 1) -> ExitCode {
        FileHandle.standardError.write(Data("kwiktop: \(message)\n".utf8))
        return ExitCode(code)
    }

    /// A dashboard that could not start: status 2 when the terminal is the reason, 1 otherwise.
    static func dashboardFailure(_ error: any Error) -> ExitCode {
        failure("\(error)", code: error is TerminalError ? TerminalError.exitStatus : 1)
    }

    /// Writes one line on stdout; false once nobody reads it any more (`| head -1`), which ends a run
    /// quietly instead of trapping on the broken pipe.
    @discardableResult
    static func printLine(_ line: String) -> Bool {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data((line + "\n").utf8))
            return true
        } catch {
            return false
        }
    }
}
