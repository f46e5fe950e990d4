import KwikSnapshot

/// Turns successive snapshots into reports: remembers each subflow's byte counts (by socket cookie)
/// to give rates over the interval between two looks.
public struct MPTCPReporter: Sendable {
    private var previous: [UInt64: (rx: UInt64, tx: UInt64)] = [:]
    private var previousTime: Double?

    public init() {}

    /// - Parameters:
    ///   - time: seconds since the watch started, from the caller's clock.
    ///   - interfaces: names the interface each subflow runs on.
    public mutating func report(
        _ snapshot: MPTCPSnapshot, time: Double, owners: SocketOwners = SocketOwners(byInode: [:]),
        filter: MPTCPFilter? = nil, final: Bool = false, interfaces: InterfaceNames = InterfaceNames(byAddress: [:])
    ) -> MPTCPReport {
        let elapsed = previousTime.map { time - $0 }.flatMap { $0 > 0 ? $0 : nil }
        var seen: [UInt64: (rx: UInt64, tx: UInt64)] = [:]
        var connections: [MPTCPReport.Connection] = []
        for connection in snapshot.connections where connection.socket.stateName != "LISTEN" {
            guard filter?.matches(connection) ?? true else { continue }
            var subflows: [MPTCPReport.Subflow] = []
            for subflow in connection.subflows {
                var entry = Self.subflow(subflow, interface: interfaces.name(of: subflow.socket))
                if let info = subflow.tcpInfo {
                    let bytes = (rx: info.bytesReceived, tx: info.bytesAcked)
                    seen[subflow.socket.cookie] = bytes
                    if let elapsed, let before = previous[subflow.socket.cookie] {
                        // A counter that went back (a reused cookie) gives no rate rather than a wrong one.
                        if bytes.rx >= before.rx { entry.rxBps = Double(bytes.rx - before.rx) * 8 / elapsed }
                        if bytes.tx >= before.tx { entry.txBps = Double(bytes.tx - before.tx) * 8 / elapsed }
                    }
                }
                subflows.append(entry)
            }
            let owner = owners[connection.socket.inode]
            var reported = MPTCPReport.Connection(
                local: Self.endpoint(connection.socket.localAddress, connection.socket.localPort),
                remote: Self.endpoint(connection.socket.remoteAddress, connection.socket.remotePort),
                token: connection.token.flatMap { $0 == 0 ? nil : Self.hex($0) },
                state: connection.socket.stateName, fallback: connection.info?.isFallback ?? false,
                pid: owner?.pid, command: owner?.command, rxBps: Self.sum(subflows.map(\.rxBps)),
                txBps: Self.sum(subflows.map(\.txBps)), subflows: subflows)
            reported.mptcp = connection.info.map(Self.counters)
            connections.append(reported)
        }
        previous = seen
        previousTime = time
        return MPTCPReport(final: final, time: time, connections: connections)
    }

    static func counters(_ info: MPTCPInfo) -> MPTCPReport.Counters {
        var counters = MPTCPReport.Counters(
            subflows: info.subflows, subflowsMax: info.subflowsMax, addAddrSignal: info.addAddrSignal,
            addAddrSignalMax: info.addAddrSignalMax, addAddrAccepted: info.addAddrAccepted,
            addAddrAcceptedMax: info.addAddrAcceptedMax, localAddrUsed: info.localAddressesUsed,
            localAddrMax: info.localAddressesMax, checksum: info.checksumEnabled)
        counters.subflowsTotal = info.subflowsTotal
        counters.retransmits = info.retransmits
        counters.bytesRetransmitted = info.bytesRetransmitted
        counters.bytesSent = info.bytesSent
        counters.bytesReceived = info.bytesReceived
        counters.bytesAcked = info.bytesAcknowledged
        counters.lastDataSentMs = info.lastDataSentMilliseconds
        counters.lastDataReceivedMs = info.lastDataReceivedMilliseconds
        counters.lastAckMs = info.lastAckReceivedMilliseconds
        return counters
    }

    static func subflow(_ subflow: MPTCPSubflow, interface: String?) -> MPTCPReport.Subflow {
        let flags = subflow.attributes.flags
        var entry = MPTCPReport.Subflow(
            local: endpoint(subflow.socket.localAddress, subflow.socket.localPort),
            remote: endpoint(subflow.socket.remoteAddress, subflow.socket.remotePort), interface: interface,
            localId: subflow.attributes.localID, remoteId: subflow.attributes.remoteID,
            backup: !flags.intersection([.backupLocal, .backupRemote]).isEmpty, join: flags.isJoin,
            fullyEstablished: flags.contains(.fullyEstablished), state: subflow.socket.stateName)
        guard let info = subflow.tcpInfo else { return entry }
        entry.rxBytes = info.bytesReceived
        entry.txBytes = info.bytesAcked
        entry.srttUs = info.smoothedRTTMicroseconds
        entry.rttvarUs = info.rttVarianceMicroseconds
        entry.minRttUs = info.minRTTMicroseconds
        entry.cwnd = info.sendCongestionWindow
        entry.pacingRateBps = Double(info.pacingRate) * 8
        entry.retransmits = info.totalRetransmits
        entry.lost = info.lost
        entry.reordering = info.reordering
        entry.lastDataReceivedMs = info.lastDataReceivedMilliseconds
        entry.lastAckMs = info.lastAckReceivedMilliseconds
        return entry
    }

    /// `a.b.c.d:port` or `[v6]:port`; a mapped IPv4 address is shown as IPv4.
    static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
        let shown = address.unmappedIPv4 ?? address
        return shown.isIPv4 ? "\(shown):\(port)" : "[\(shown)]:\(port)"
    }

    static func hex(_ token: UInt32) -> String {
        let digits = String(token, radix: 16)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Nil when no subflow has a rate yet.
    static func sum(_ rates: [Double?]) -> Double? {
        let known = rates.compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(0, +)
    }
}
