import KwikSnapshot

extension SeriesStore {
    /// The series of the kernel's MPTCP connections in `report`; those gone from it are swept.
    mutating func write(_ report: MPTCPReport) {
        for connection in report.connections {
            let key = [("connection", connection.token ?? "\(connection.local) \(connection.remote)")]
            let process = connection.pid.map { "\(connection.command ?? "")/\($0)" } ?? ""
            set(
                Families.mptcpConnectionInfo,
                key + [
                    ("local", connection.local), ("remote", connection.remote), ("state", connection.state),
                    ("process", process),
                ], 1)
            set(Families.mptcpConnectionSubflows, key, Double(connection.subflowCount))
            set(Families.mptcpConnectionFallback, key, connection.fallback ? 1 : 0)
            for subflow in connection.subflows { write(subflow, of: key) }
        }
    }

    private mutating func write(_ subflow: MPTCPReport.Subflow, of connection: Labels) {
        let key = connection + [("local", subflow.local), ("remote", subflow.remote)]
        let flags = (subflow.fullyEstablished ? "F" : "") + (subflow.join ? "J" : "") + (subflow.backup ? "B" : "")
        set(
            Families.mptcpSubflowInfo,
            key + [
                ("interface", subflow.interface ?? ""), ("local_id", subflow.localId.map(String.init) ?? ""),
                ("remote_id", subflow.remoteId.map(String.init) ?? ""), ("flags", flags), ("state", subflow.state),
            ], 1)
        set(Families.mptcpSubflowBackup, key, subflow.backup ? 1 : 0)
        if let bytes = subflow.rxBytes { count(Families.mptcpSubflowRxBytes, key, total: bytes) }
        if let bytes = subflow.txBytes { count(Families.mptcpSubflowTxBytes, key, total: bytes) }
        if let value = subflow.retransmits { count(Families.mptcpSubflowRetransmits, key, total: UInt64(value)) }
        let gauges: [(Family, Double?)] = [
            (Families.mptcpSubflowSRTT, subflow.srttUs.map { Double($0) / 1e6 }),
            (Families.mptcpSubflowRTTVariance, subflow.rttvarUs.map { Double($0) / 1e6 }),
            (Families.mptcpSubflowMinRTT, subflow.minRttUs.map { Double($0) / 1e6 }),
            (Families.mptcpSubflowCongestionWindow, subflow.cwnd.map(Double.init)),
            (Families.mptcpSubflowPacingRate, subflow.pacingRateBps),
            (Families.mptcpSubflowLost, subflow.lost.map(Double.init)),
            (Families.mptcpSubflowReordering, subflow.reordering.map(Double.init)),
            (Families.mptcpSubflowLastReceiveAge, subflow.lastDataReceivedMs.map { Double($0) / 1e3 }),
        ]
        for case (let family, let value?) in gauges { set(family, key, value) }
    }
}
