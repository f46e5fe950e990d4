import KwikSnapshot

/// The receive window, and the sending model of each direction the workload carries data in: this
/// end's sender under `direction="send"`, the peer's (from its STATS) under `direction="receive"`.
/// A direction that carries nothing is not exported: its sender's figures would be zeros, not facts.
extension SeriesStore {
    mutating func writeWindowsAndSending(_ snapshot: SessionSnapshot, session: Labels) {
        let window = snapshot.receiveWindow
        set(Families.sessionReceiveWindow, session, Double(snapshot.bytes(packets: window.advertisedPackets)))
        set(Families.sessionReceiveWindowBudget, session, Double(snapshot.bytes(packets: window.budgetPackets)))
        for direction in snapshot.dataDirections {
            let labels = session + [("direction", direction.rawValue)]
            let sender: (window: UInt64, limited: Double)?
            switch direction {
            case .send: sender = (snapshot.peerWindowPackets, snapshot.windowLimitedSeconds)
            case .receive:
                sender = snapshot.peer.map { (window: $0.peerWindowPackets, limited: $0.windowLimitedSeconds) }
            }
            if let sender {
                set(Families.sessionPeerWindow, labels, Double(snapshot.bytes(packets: sender.window)))
                count(Families.sessionWindowLimited, labels, total: sender.limited)
            }
            for path in snapshot.paths {
                guard let model = snapshot.sendingModel(direction, path: path.id) else { continue }
                write(model, labels: session + [("path", String(path.id)), ("direction", direction.rawValue)])
            }
        }
    }

    private mutating func write(_ model: SendingModel, labels: Labels) {
        set(Families.pathInFlightTarget, labels, Double(model.inFlightTargetBytes))
        set(Families.pathDeliveryRate, labels, model.deliveryRateBps)
        if let minRTT = model.minRTT { set(Families.pathModelMinRTT, labels, minRTT / 1e6) }
        if let queue = model.queueingDelay { set(Families.pathQueueingDelay, labels, queue / 1e6) }
        count(Families.pathHeadOfLineBlocking, labels, total: model.headOfLineSeconds)
        count(Families.pathOpportunisticReinjections, labels, total: model.opportunisticReinjections)
    }
}
