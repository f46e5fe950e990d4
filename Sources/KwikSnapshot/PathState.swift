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
