import KwikSnapshot

/// A column of one of the `kwiktop mptcp` tables: its heading, width and what a row shows in it.
/// Columns are listed by priority; a narrow screen drops those at the end.
struct MPTCPColumn<Row>: Sendable {
    let title: String
    let width: Int
    let rightAligned: Bool
    let value: @Sendable (Row) -> (String, StyleRole)

    init(
        _ title: String, _ width: Int, right: Bool = false, _ value: @escaping @Sendable (Row) -> (String, StyleRole)
    ) {
        self.title = title
        self.width = width
        self.rightAligned = right
        self.value = value
    }

    /// The columns that fit in `width`, one space between two, each with its x.
    static func fitting(_ columns: [Self], from x: Int, width: Int) -> [(column: Self, x: Int)] {
        var placed: [(column: Self, x: Int)] = []
        var next = x
        for column in columns where next + column.width <= x + width {
            placed.append((column, next))
            next += column.width + 1
        }
        return placed
    }
}

enum MPTCPColumns {
    typealias Connection = MPTCPReport.Connection
    typealias Subflow = MPTCPReport.Subflow

    static let connections: [MPTCPColumn<Connection>] = [
        MPTCPColumn("local", 19) { ($0.local, .accent) },
        MPTCPColumn("remote", 19) { ($0.remote, .value) },
        MPTCPColumn("rx", 11, right: true) { (rate($0.rxBps), .value) },
        MPTCPColumn("tx", 11, right: true) { (rate($0.txBps), .value) },
        MPTCPColumn("state", 8) { $0.fallback ? ("fallback", .warn) : ($0.state, .value) },
        MPTCPColumn("sub", 3, right: true) { ("\($0.subflowCount)", $0.subflowCount > 1 ? .good : .value) },
        MPTCPColumn("process", 24) { connection in
            guard let pid = connection.pid else { return ("-", .dim) }
            return ("\(connection.command ?? "?")/\(pid)", .value)
        },
        MPTCPColumn("token", 8) { ($0.token ?? "-", .dim) },
    ]

    static let subflows: [MPTCPColumn<Subflow>] = [
        MPTCPColumn("local", 19) { ($0.local, .accent) },
        MPTCPColumn("rx", 11, right: true) { (rate($0.rxBps), .value) },
        MPTCPColumn("tx", 11, right: true) { (rate($0.txBps), .value) },
        MPTCPColumn("srtt", 8, right: true) { (micros($0.srttUs), .value) },
        MPTCPColumn("flags", 5) { (flags($0), $0.backup ? .warn : .value) },
        MPTCPColumn("state", 6) { ($0.state, $0.state == "ESTAB" ? .value : .warn) },
        MPTCPColumn("if", 8) { ($0.interface ?? "-", .value) },
        MPTCPColumn("remote", 19) { ($0.remote, .value) },
        MPTCPColumn("ids", 5) { ("\(id($0.localId))>\(id($0.remoteId))", .dim) },
        // Drawn by the screen from the view state's history: a row holds no past.
        MPTCPColumn(historyTitle, 12) { _ in ("", .value) },
        MPTCPColumn("cwnd", 6, right: true) { (count($0.cwnd), .value) },
        MPTCPColumn("minrtt", 8, right: true) { (micros($0.minRttUs), .value) },
        MPTCPColumn("rttvar", 8, right: true) { (micros($0.rttvarUs), .value) },
        MPTCPColumn("pacing", 11, right: true) { (rate($0.pacingRateBps), .value) },
        MPTCPColumn("retr", 6, right: true) { (count($0.retransmits), ($0.retransmits ?? 0) > 0 ? .warn : .value) },
        MPTCPColumn("lost", 5, right: true) { (count($0.lost), ($0.lost ?? 0) > 0 ? .bad : .value) },
        MPTCPColumn("reord", 5, right: true) { (count($0.reordering), .value) },
        MPTCPColumn("last rx", 8, right: true) { (age($0.lastDataReceivedMs), .value) },
        MPTCPColumn("last ack", 8, right: true) { (age($0.lastAckMs), .value) },
    ]

    static let historyTitle = "rx+tx"

    /// The connection's mptcp_info in one line, what the kernel reports of it.
    static func summary(_ counters: MPTCPReport.Counters) -> String {
        var parts: [String] = []
        if let sent = counters.bytesSent, let acked = counters.bytesAcked, let received = counters.bytesReceived {
            parts.append("sent \(Units.bytes(sent)) acked \(Units.bytes(acked)) received \(Units.bytes(received))")
        }
        if let retransmits = counters.retransmits {
            parts.append("retrans \(retransmits) (\(Units.bytes(counters.bytesRetransmitted ?? 0)))")
        }
        var subflows = "subflows +\(counters.subflows)/\(counters.subflowsMax)"
        if let total = counters.subflowsTotal { subflows += " (\(total) ever)" }
        parts.append(subflows)
        parts.append("add_addr signal \(counters.addAddrSignal)/\(counters.addAddrSignalMax)")
        parts.append("accepted \(counters.addAddrAccepted)/\(counters.addAddrAcceptedMax)")
        parts.append("local addrs \(counters.localAddrUsed)/\(counters.localAddrMax)")
        if counters.checksum { parts.append("checksum") }
        return "mptcp_info: " + parts.joined(separator: " · ")
    }

    /// F fully established, J added by MP_JOIN, B backup.
    static func flags(_ subflow: Subflow) -> String {
        (subflow.fullyEstablished ? "F" : "") + (subflow.join ? "J" : "") + (subflow.backup ? "B" : "")
    }

    private static func rate(_ bps: Double?) -> String { bps.map(Units.rate) ?? "-" }
    private static func micros(_ value: UInt32?) -> String { value.map { Units.microseconds(Double($0)) } ?? "-" }
    private static func count(_ value: UInt32?) -> String { value.map { Units.count(UInt64($0)) } ?? "-" }
    private static func id(_ value: UInt8?) -> String { value.map(String.init) ?? "?" }
    private static func age(_ millis: UInt32?) -> String { millis.map { Units.milliseconds(Double($0)) } ?? "-" }
}
