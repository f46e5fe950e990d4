import KwikSnapshot

/// The peer broke the protocol (as opposed to sending bytes that do not parse).
public struct ProtocolViolation: Error, CustomStringConvertible, Equatable {
    public let description: String
    /// The limit the peer went beyond, if that is what it did.
    public let limit: Limit?

    public init(_ description: String, limit: Limit? = nil) {
        self.description = description
        self.limit = limit
    }
}
