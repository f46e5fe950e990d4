import Logging
import NIOConcurrencyHelpers

/// A log handler that renders every message at `logLevel` and above and hands its text on.
public struct MessageLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let receive: @Sendable (String) -> Void

    public init(level: Logger.Level, receive: @escaping @Sendable (String) -> Void) {
        logLevel = level
        self.receive = receive
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        receive(event.message.description)
    }
}

/// Keeps what a component logs at warning level and above, so a test can check the reason it gave.
public final class LogRecorder: Sendable {
    private let messages = NIOLockedValueBox<[String]>([])

    public init() {}

    public var warnings: [String] { messages.withLockedValue { $0 } }

    public var logger: Logger {
        Logger(label: "kwik.tests.recorded") { _ in
            MessageLogHandler(level: .warning) { message in self.messages.withLockedValue { $0.append(message) } }
        }
    }
}
