import Logging
import NIOConcurrencyHelpers

/// Keeps what a component logs at warning level and above, so a test can check the reason it gave.
final class LogRecorder: Sendable {
    private let messages = NIOLockedValueBox<[String]>([])

    var warnings: [String] { messages.withLockedValue { $0 } }

    var logger: Logger { Logger(label: "kwik.tests.recorded") { _ in Handler(recorder: self) } }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var logLevel: Logger.Level = .warning
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            recorder.messages.withLockedValue { $0.append(event.message.description) }
        }
    }
}
