import KwikSnapshot

extension DashboardState {
    /// A path keeps its colour for the whole session: its position in first-seen order.
    func role(forPathID id: Int) -> StyleRole {
        if let slot = history.pathIDs.firstIndex(of: id) { return .forPath(slot) }
        return .forPath(paths.firstIndex { $0.id == id } ?? 0)
    }
}

extension PathState {
    var role: StyleRole {
        switch self {
        case .active: .good
        case .standby, .connecting, .reconnecting: .warn
        case .disabled: .dim
        case .stale, .failed: .bad
        }
    }
}

extension SessionSnapshot.SessionState {
    var role: StyleRole {
        switch self {
        case .running, .completed: .good
        case .connecting: .warn
        case .stalled, .failed: .bad
        }
    }
}
