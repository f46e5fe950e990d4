import KwikSnapshot

/// Why this end closes a path's connection: what it logs, what a client still joining reports, and the
/// limit the peer went beyond.
struct PathFailure: Equatable {
    /// Logged with the path and the peer's address; nil closes without a word (a client's refusal, which
    /// the client reports itself).
    var reason: String?
    /// What a client still joining fails with.
    var joinError: EngineError?
    /// Counted as hit.
    var limit: Limit?

    init(reason: String? = nil, joinError: EngineError? = nil, limit: Limit? = nil) {
        self.reason = reason
        self.joinError = joinError
        self.limit = limit
    }

    /// An error that reached the path's handler: TLS in words a user can act on, or the limit it stands for.
    init(_ error: any Error) {
        if let tls = TLSFailure.describe(error) {
            self.init(reason: "TLS: \(tls)", joinError: .tls(tls))
        } else if let mismatch = TLSFailure.unexpectedTLS(error) {
            self.init(reason: mismatch, joinError: .tls(mismatch))
        } else {
            let violation = (error as? ProtocolViolation).map { $0.limit ?? .protocolViolation }
            self.init(reason: "\(error)", limit: (error as? WireError)?.limit ?? violation)
        }
    }
}
