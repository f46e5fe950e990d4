/// What a server holds at one instant: its running sessions, the ones that ended lately (each as its
/// final snapshot), and whether it takes new ones.
public struct ServerSnapshot: Sendable, Equatable {
    /// The addresses it listens on, `[v6]:port` for IPv6.
    public var addresses: [String]
    /// False once the operator stopped new sessions; the running ones go on.
    public var acceptsNewSessions: Bool
    public var sessions: [SessionSnapshot]
    /// Sessions that ended lately, newest first, as they were when they ended.
    public var ended: [SessionSnapshot]
    /// Paths and sessions refused so far, all reasons together.
    public var refusedJoins: Int

    public init(
        addresses: [String], acceptsNewSessions: Bool = true, sessions: [SessionSnapshot],
        ended: [SessionSnapshot] = [], refusedJoins: Int = 0
    ) {
        self.addresses = addresses
        self.acceptsNewSessions = acceptsNewSessions
        self.sessions = sessions
        self.ended = ended
        self.refusedJoins = refusedJoins
    }
}

extension SessionSnapshot {
    /// Bytes delivered in order at either end: this end's, plus what the peer said it received of this
    /// end's data. A server sending a download delivers nothing itself, yet its session moves data.
    public var deliveredBothWays: UInt64 { deliveredBytes &+ (peer?.deliveredBytes ?? 0) }
    public var verifiedBothWays: UInt64 { verifiedBytes &+ (peer?.verifiedBytes ?? 0) }
    public var corruptBothWays: UInt64 { corruptBytes &+ (peer?.corruptBytes ?? 0) }

    /// The hosts the paths reach, in path order, each once (the port varies from path to path).
    public var remoteHosts: [String] {
        var hosts: [String] = []
        for path in paths {
            let host = Self.host(of: path.endpoint)
            if !host.isEmpty && !hosts.contains(host) { hosts.append(host) }
        }
        return hosts
    }

    /// `10.0.0.2:4433` → `10.0.0.2`, `[fd00::1]:4433` → `fd00::1`; text without a port as it is.
    static func host(of endpoint: String) -> String {
        if endpoint.hasPrefix("["), let close = endpoint.firstIndex(of: "]") {
            return String(endpoint[endpoint.index(after: endpoint.startIndex)..<close])
        }
        guard let colon = endpoint.lastIndex(of: ":"), endpoint.filter({ $0 == ":" }).count == 1 else {
            return endpoint
        }
        return String(endpoint[..<colon])
    }
}
