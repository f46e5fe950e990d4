import KwikSnapshot

/// Recent failover events, newest first; pending ones (delivery not yet resumed) are marked. The title
/// counts every event of the session, including those older than the session keeps.
enum FailoverLogPanel {
    private static let columns: [(title: String, width: Int, right: Bool)] = [
        ("path", 5, true), ("cause", 15, false), ("detected", 10, true), ("resume", 10, true),
        ("re-injected", 12, true),
    ]

    static func draw(_ state: DashboardState, in rect: Rect, on canvas: inout Canvas) {
        let failovers = state.snapshot?.failovers ?? []
        let pending = failovers.filter { $0.resumedAt == nil }.count
        let total = state.snapshot?.failoverTotal ?? 0
        let title = pending > 0 ? "failovers \(total) · \(pending) pending" : "failovers \(total)"
        canvas.box(rect, role: .eventsBox, title: title)
        let inner = rect.inner
        guard inner.height > 0 else { return }
        var x = inner.x + 1
        for column in columns where x + column.width <= inner.maxX {
            canvas.text(column.title, x: x, y: inner.y, width: column.width, role: .label, rightAligned: column.right)
            x += column.width + 1
        }
        if failovers.isEmpty {
            canvas.text("no failovers", x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, role: .dim)
            return
        }
        for (row, event) in failovers.reversed().prefix(inner.height - 1).enumerated() {
            let y = inner.y + 1 + row
            let resume: (String, StyleRole) =
                event.resumeMilliseconds.map { (Units.milliseconds($0), .value) } ?? ("pending", .warn)
            let cells: [(String, StyleRole)] = [
                ("\(event.path)", state.role(forPathID: event.path)),
                (event.cause.rawValue, event.cause == .disabled ? .value : .bad),
                ("t+" + Units.uptime(event.detectedAt), .value),
                resume,
                (Units.bytes(event.reinjectedBytes), .value),
            ]
            var x = inner.x + 1
            for (column, cell) in zip(columns, cells) where x + column.width <= inner.maxX {
                canvas.text(cell.0, x: x, y: y, width: column.width, role: cell.1, rightAligned: column.right)
                x += column.width + 1
            }
        }
    }
}
