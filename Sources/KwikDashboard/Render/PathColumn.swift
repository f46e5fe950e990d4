/// A column of the per-path table.
public enum PathColumn: CaseIterable, Sendable {
    case id, endpoint, state, rx, tx, share, srtt
    /// The sending model (``DashboardState/sendingModel(ofPath:)``): queueing delay and in-flight target.
    case queue, target
    case poolHit, allocations, allocationFree, ordering, reinjected, sparkline

    /// The column's name in `kwiktop.toml`.
    public var settingsName: String {
        switch self {
        case .poolHit: "pool_hit"
        case .allocations: "allocs"
        case .allocationFree: "zero_alloc"
        case .ordering: "order"
        case .reinjected: "reinj"
        case .sparkline: "history"
        default: "\(self)"
        }
    }

    public init?(settingsName: String) {
        guard let column = Self.allCases.first(where: { $0.settingsName == settingsName }) else { return nil }
        self = column
    }

    var title: String {
        switch self {
        case .id: " id"
        case .endpoint: "endpoint"
        case .state: "state"
        case .rx: "rx"
        case .tx: "tx"
        case .share: "share"
        case .srtt: "srtt"
        case .queue: "queue"
        case .target: "target"
        case .poolHit: "pool hit"
        case .allocations: "allocs"
        case .allocationFree: "0-alloc"
        case .ordering: "order"
        case .reinjected: "reinj"
        case .sparkline: "rx history"
        }
    }

    /// Cells the column needs; `endpoint` and `sparkline` may grow beyond this.
    var minimumWidth: Int {
        switch self {
        case .id: 3
        case .endpoint: 14
        case .state: 12
        case .rx, .tx: 11
        case .share: 7
        case .srtt, .queue: 8
        case .target: 9
        case .poolHit: 8
        case .allocations: 6
        case .allocationFree: 7
        case .ordering, .reinjected: 6
        case .sparkline: 10
        }
    }

    var isRightAligned: Bool {
        switch self {
        case .endpoint, .state, .sparkline: false
        default: true
        }
    }

    /// Which columns survive narrowing the terminal, most important first.
    static let priority: [PathColumn] = [
        .id, .state, .rx, .sparkline, .endpoint, .srtt, .share, .queue, .target, .tx, .poolHit, .allocations,
        .allocationFree,
        .ordering, .reinjected,
    ]

    static let maximumEndpointWidth = 24
}

/// A column placed at a position in the table.
public struct PlacedColumn: Equatable, Sendable {
    public var column: PathColumn
    public var x: Int
    public var width: Int
}
