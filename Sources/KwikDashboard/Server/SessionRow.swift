import KwikSnapshot

/// One line of the server's session list: a session's identity and totals, both ends' deliveries
/// together (a server that sends a download delivers nothing itself).
public struct SessionRow: Equatable, Sendable {
    public var id: String
    /// The hosts its paths come from: the first, and how many others.
    public var peer: String
    public var uptime: Double
    public var activePaths: Int
    public var totalPaths: Int
    /// In-order goodput over the averaging window, at whichever end receives.
    public var goodputBps: Double
    public var delivered: UInt64
    public var verified: UInt64
    public var corrupt: UInt64
    public var failovers: UInt64
    public var state: SessionSnapshot.SessionState
    /// Why it failed, when it did.
    public var failureReason: String?
    /// It is no longer running: its figures are final.
    public var hasEnded: Bool

    init(_ snapshot: SessionSnapshot, rates: ThroughputRates, hasEnded: Bool) {
        id = snapshot.sessionID
        let hosts = snapshot.remoteHosts
        peer = hosts.first.map { hosts.count > 1 ? "\($0) +\(hosts.count - 1)" : $0 } ?? "-"
        uptime = snapshot.runSeconds
        activePaths = snapshot.paths.filter { $0.state == .active }.count
        totalPaths = snapshot.paths.count
        goodputBps = hasEnded ? 0 : rates.goodputBps + rates.peerGoodputBps
        delivered = snapshot.deliveredBothWays
        verified = snapshot.verifiedBothWays
        corrupt = snapshot.corruptBothWays
        failovers = snapshot.failoverTotal
        state = snapshot.state
        failureReason = snapshot.failureReason
        self.hasEnded = hasEnded
    }

    /// Matches a filter typed by the user: a piece of its id, peer or state, in any case.
    func matches(_ filter: String) -> Bool {
        guard !filter.isEmpty else { return true }
        let needle = filter.lowercased()
        return [id, peer, state.rawValue].contains { $0.lowercased().contains(needle) }
    }
}
