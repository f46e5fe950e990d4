/// Where a path stands, as both the scheduler and the user see it.
public enum PathState: String, Sendable, CaseIterable, Codable {
    case connecting
    case active
    /// Backup path: carries data only while no active path is usable.
    case standby
    /// Turned off by the user (locally or by the peer); the connection stays open.
    case disabled
    /// Open but silent for longer than the stale timeout (e.g. black-holed).
    case stale
    /// The connection is gone.
    case failed
    case reconnecting

    /// Whether the scheduler may put new packets on a path in this state.
    public var carriesData: Bool { self == .active || self == .standby }
}

/// The packet scheduler choosing a path for each packet.
public enum SchedulerKind: String, Sendable, CaseIterable, Codable {
    case minrtt
    case roundrobin
    case weighted
    case redundant

    public var next: SchedulerKind {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// Run-time actions on one path, from the CLI script or the dashboard keys.
public enum PathAction: String, Sendable, CaseIterable, Codable {
    case disable
    case enable
    case kill
    case blackhole
    case restore
}

/// Why a path stopped carrying data.
public enum FailoverCause: String, Sendable, Codable, CaseIterable {
    case disabled
    case killed
    case stale
    case closedByPeer = "closed_by_peer"
}
