import KwikSnapshot

/// The path manager's events, newest first, as `ip mptcp monitor` shows them: when, what, the
/// subflow's or address's ends, ids and interface where the kind has them, the connection's token,
/// backup flag and error. Columns drop from the right on narrow screens.
enum MPTCPEventLogPanel {
    private static let columns: [(title: String, width: Int, right: Bool)] = [
        ("time", 9, true), ("event", 16, false), ("ends", 47, false), ("ids", 5, false), ("if", 8, false),
        ("token", 8, false), ("", 14, false),
    ]

    static func draw(_ state: MPTCPViewState, in rect: Rect, on canvas: inout Canvas) {
        guard rect.height >= 3 else { return }
        let lost = state.report?.eventsLost ?? 0
        var title = "events \(state.eventCount)"
        if lost > 0 { title += " · \(lost) lost" }
        canvas.box(rect, role: .eventsBox, title: title)
        let inner = rect.inner
        var x = inner.x + 1
        for column in columns where x + column.width <= inner.maxX {
            canvas.text(column.title, x: x, y: inner.y, width: column.width, role: .label, rightAligned: column.right)
            x += column.width + 1
        }
        if state.eventLog.isEmpty {
            let empty = state.eventsNotice ?? "no path-manager event yet"
            canvas.text(empty, x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, role: .dim)
            return
        }
        for (row, event) in state.eventLog.reversed().prefix(inner.height - 1).enumerated() {
            var x = inner.x + 1
            for (column, cell) in zip(columns, cells(event)) where x + column.width <= inner.maxX {
                canvas.text(
                    cell.0, x: x, y: inner.y + 1 + row, width: column.width, role: cell.1, rightAligned: column.right)
                x += column.width + 1
            }
        }
    }

    private static func cells(_ event: MPTCPReport.Event) -> [(String, StyleRole)] {
        let ends = [event.local, event.remote].compactMap { $0 }.joined(separator: " → ")
        let ids = event.localId.map { local in "\(local)>\(event.remoteId.map(String.init) ?? "-")" } ?? ""
        var notes: [String] = []
        if event.backup == true { notes.append("backup") }
        if let error = event.error { notes.append("error \(error)") }
        return [
            ("t+" + Units.uptime(event.time), .value), (event.kind, role(of: event.kind)), (ends, .value),
            (ids, .value),
            (event.interface ?? "", .value), (event.token ?? "", .dim), (notes.joined(separator: " "), .warn),
        ]
    }

    private static func role(of kind: String) -> StyleRole {
        switch kind {
        case "closed", "sf_closed", "removed": return .bad
        case "sf_priority": return .warn
        case "established", "sf_established": return .good
        default: return .value
        }
    }
}
