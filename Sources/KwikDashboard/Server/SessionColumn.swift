/// A column of the server's session list; every one of them sorts the list.
public enum SessionColumn: String, CaseIterable, Sendable {
    case id, peer, uptime, paths, goodput, delivered, verified, corrupt, failovers, state

    var title: String {
        switch self {
        case .id: "session"
        case .peer: "peer"
        case .uptime: "uptime"
        case .paths: "paths"
        case .goodput: "goodput"
        case .delivered: "delivered"
        case .verified: "verified"
        case .corrupt: "corrupt"
        case .failovers: "failover"
        case .state: "state"
        }
    }

    /// Cells the column takes; `peer` grows into what is left.
    var width: Int {
        switch self {
        case .id: 8
        case .peer: 15
        case .uptime: 8
        case .paths: 6
        case .goodput: 11
        case .delivered, .verified: 9
        case .corrupt: 9
        case .failovers: 8
        case .state: 9
        }
    }

    static let maximumPeerWidth = 40

    var isRightAligned: Bool {
        switch self {
        case .id, .peer, .state: false
        default: true
        }
    }

    /// Which columns survive narrowing the terminal, most important first.
    static let priority: [SessionColumn] = [
        .id, .state, .goodput, .paths, .peer, .uptime, .failovers, .corrupt, .verified, .delivered,
    ]

    /// True when `a` comes before `b` in ascending order of this column.
    func ascending(_ a: SessionRow, _ b: SessionRow) -> Bool {
        switch self {
        case .id: a.id < b.id
        case .peer: a.peer < b.peer
        case .uptime: a.uptime < b.uptime
        case .paths: (a.activePaths, a.totalPaths) < (b.activePaths, b.totalPaths)
        case .goodput: a.goodputBps < b.goodputBps
        case .delivered: a.delivered < b.delivered
        case .verified: a.verified < b.verified
        case .corrupt: a.corrupt < b.corrupt
        case .failovers: a.failovers < b.failovers
        case .state: a.state.rawValue < b.state.rawValue
        }
    }

    var next: SessionColumn { shifted(by: 1) }
    var previous: SessionColumn { shifted(by: Self.allCases.count - 1) }

    private func shifted(by step: Int) -> SessionColumn {
        let all = Self.allCases
        return all[((all.firstIndex(of: self) ?? 0) + step) % all.count]
    }
}

/// A column placed at a position in the session list.
struct PlacedSessionColumn: Equatable {
    var column: SessionColumn
    var x: Int
    var width: Int
}
