/// What protects a session's paths on the wire.
public enum Encryption: String, Sendable, Codable, CaseIterable {
    case plaintext
    /// TLS with the server's certificate checked (or, on a server, TLS on every path).
    case tls
    /// TLS whose server certificate the client did not check (`--insecure`).
    case tlsUnverified = "tls-unverified"
}
