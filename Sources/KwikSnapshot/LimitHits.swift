/// The limits that keep an end's connections and memory bounded whatever a peer sends. Each refusal
/// is a hit; the raw values name them in NDJSON keys and Prometheus labels.
public enum Limit: String, Sendable, CaseIterable {
    /// A `create` HELLO while the server has its maximum of sessions.
    case sessionsPerServer = "sessions_per_server"
    /// A `join` HELLO for a session that has its maximum of paths.
    case pathsPerSession = "paths_per_session"
    /// A connection that completed no handshake in time.
    case handshakeTimeout = "handshake_timeout"
    /// A connection closed unjoined, the server's oldest, to let a new one in under the server's cap on
    /// connections that have not completed their handshake.
    case handshakesPending = "handshakes_pending"
    /// The same under the cap per source address: the oldest unjoined connection from that address.
    case handshakesPerSource = "handshakes_per_source"
    /// A frame length above the maximum frame size.
    case frameSize = "frame_size"
    /// A DATA payload larger than the session's packet size.
    case payloadSize = "payload_size"
    /// DATA beyond the receive window.
    case receiveWindow = "receive_window"
    /// DATA that would take the reorder buffer's out-of-order bytes above their maximum.
    case reorderBytes = "reorder_bytes"
    /// DATA arriving while the path holds its maximum of packet buffers.
    case poolSize = "pool_size"
    /// A path closed because its peer neither answered nor read for the progress timeout, or a session
    /// ended because nothing was delivered or acknowledged for that long.
    case noProgress = "no_progress"
    /// A session without progress ended to make room for a new one on a full server.
    case sessionEvicted = "session_evicted"
    /// Bytes that are not a frame of the protocol (unknown type, bad field): the path is closed.
    case malformedFrame = "malformed_frame"
    /// A well-formed frame no correct peer sends (acknowledging what was never sent, say): the path is
    /// closed.
    case protocolViolation = "protocol_violation"

    /// Limits only a server can hit: they count connections before any of them joined a session.
    public static let serverOnly: Set<Limit> = [
        .sessionsPerServer, .sessionEvicted, .handshakesPending, .handshakesPerSource,
    ]

    /// The limits a session can hit.
    public static let perSession: [Limit] = allCases.filter { !serverOnly.contains($0) }

    /// `allCases` built once: the synthesized property makes a new array on every use.
    fileprivate static let ordered = allCases
}

/// How many times each limit was hit.
public struct LimitHits: Sendable, Equatable {
    /// Indexed like `Limit.allCases`.
    private var counts = [UInt64](repeating: 0, count: Limit.ordered.count)

    public init(_ hits: [Limit: UInt64] = [:]) {
        for (limit, count) in hits { self[limit] = count }
    }

    public subscript(limit: Limit) -> UInt64 {
        get { counts[Limit.ordered.firstIndex(of: limit)!] }
        set { counts[Limit.ordered.firstIndex(of: limit)!] = newValue }
    }

    public var total: UInt64 { counts.reduce(0, +) }
}
