import KwikSnapshot

/// Which end's sending model the dashboard shows: the sender of the data. In a download the client
/// shows the server's (from its STATS), in an upload its own; with both, the table shows this end's
/// and the detail view both.
extension DashboardState {
    /// The direction of the table's sending-model columns; nil before the first snapshot.
    public var tableDirection: DataDirection? { snapshot?.dataDirections.first }

    /// Packets re-injected after a failover of `path`, by the sender of ``tableDirection``: this end's
    /// when it sends, else what the peer announced.
    public func reinjectedPackets(of path: PathSnapshot) -> UInt64 {
        tableDirection == .receive ? path.peerReinjectedPackets : path.reinjectedPackets
    }

    /// The sending model of path `id` in ``tableDirection``; nil when that sender has not named the path.
    public func sendingModel(ofPath id: Int) -> SendingModel? {
        guard let snapshot, let direction = tableDirection else { return nil }
        return snapshot.sendingModel(direction, path: id)
    }
}

extension DataDirection {
    /// Whose sender carries data this way, as the dashboard names it.
    var senderName: String {
        switch self {
        case .send: "this end's sender"
        case .receive: "peer's sender"
        }
    }
}

extension DashboardState {
    /// True when this end only sends: its deliveries are the peer's, as its STATS report them.
    public var showsPeerDelivery: Bool { snapshot.map { !$0.dataDirections.contains(.receive) } ?? false }

    /// Goodput over the averaging window at the end that receives.
    public var goodputBps: Double { showsPeerDelivery ? rates.peerGoodputBps : rates.goodputBps }

    /// Bytes delivered in order, verified and found corrupt at the end that receives.
    public var deliveredBytes: UInt64 { receivingEnd(\.deliveredBytes, \.deliveredBytes) }
    public var verifiedBytes: UInt64 { receivingEnd(\.verifiedBytes, \.verifiedBytes) }
    public var corruptBytes: UInt64 { receivingEnd(\.corruptBytes, \.corruptBytes) }

    private func receivingEnd(_ own: KeyPath<SessionSnapshot, UInt64>, _ peers: KeyPath<PeerReport, UInt64>) -> UInt64 {
        guard let snapshot else { return 0 }
        guard showsPeerDelivery else { return snapshot[keyPath: own] }
        return snapshot.peer?[keyPath: peers] ?? 0
    }
}
