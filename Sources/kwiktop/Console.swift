import ArgumentParser
import Foundation
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

    static func printLine(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
