/// Errors a front end reports to the user as one line.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    case refused(String)
    case connectionClosed(String)
    case protocolError(String)
    case invalidArgument(String)
    case transferFailed(String)
    case tls(String)

    public var description: String {
        switch self {
        case .refused(let message): "refused by the server: \(message)"
        case .connectionClosed(let message): message
        case .protocolError(let message): "protocol error: \(message)"
        case .invalidArgument(let message): message
        case .transferFailed(let message): message
        case .tls(let message): "TLS: \(message)"
        }
    }

    /// Retrying the same connection would fail the same way.
    var isFinal: Bool {
        switch self {
        case .refused, .tls: true
        default: false
        }
    }
}
