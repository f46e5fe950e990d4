import KwikSnapshot

/// The in-kernel path manager's endpoints, as `ip mptcp endpoint show` lists them, and its limits in
/// the title; the selected endpoint (the one `b`, `d` act on) is highlighted while the table has focus.
enum MPTCPEndpointsPanel {
    private static let columns: [(title: String, width: Int)] = [
        ("id", 4), ("address", 28), ("flags", 24), ("dev", 10), ("subflows", 9),
    ]

    static func draw(_ state: MPTCPViewState, in rect: Rect, on canvas: inout Canvas) {
        guard rect.height >= 3 else { return }
        var title = "endpoints"
        if let limits = state.report?.limits {
            title += " · limits: subflows \(limits.subflows), add_addr_accepted \(limits.addAddrAccepted)"
        }
        if state.isReadOnly { title += " · read-only" }
        canvas.box(rect, role: .pathsBox, title: title)
        let inner = rect.inner
        var x = inner.x + 1
        for column in columns where x + column.width <= inner.maxX {
            canvas.text(column.title, x: x, y: inner.y, width: column.width, role: .label)
            x += column.width + 1
        }
        guard let endpoints = state.report?.endpoints else {
            canvas.text(
                "the path manager's endpoints could not be read", x: inner.x + 1, y: inner.y + 1,
                width: inner.width - 2, role: .dim)
            return
        }
        if endpoints.isEmpty {
            canvas.text(
                "no endpoint (ip mptcp endpoint add ADDRESS subflow makes one)", x: inner.x + 1,
                y: inner.y + 1, width: inner.width - 2, role: .dim)
            return
        }
        let used = state.selectedConnection.map(usedIDs) ?? [:]
        let visible = max(0, inner.height - 1)
        let selected = endpoints.firstIndex { $0.id == state.selectedEndpointID } ?? 0
        let first = min(max(0, selected - visible + 1), max(0, endpoints.count - visible))
        for (row, index) in (first..<min(endpoints.count, first + visible)).enumerated() {
            let endpoint = endpoints[index]
            let y = inner.y + 1 + row
            let cells: [(String, StyleRole)] = [
                ("\(endpoint.id)", .value), (endpoint.address, .value),
                (endpoint.flags.joined(separator: " "), endpoint.isBackup ? .warn : .value),
                (endpoint.interface ?? "", .value), (used[endpoint.id].map { "\($0)" } ?? "-", .value),
            ]
            var x = inner.x + 1
            for (column, cell) in zip(columns, cells) where x + column.width <= inner.maxX {
                canvas.text(cell.0, x: x, y: y, width: column.width, role: cell.1)
                x += column.width + 1
            }
            if state.focus == .endpoints && index == selected {
                canvas.grid.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selected)
            }
        }
    }

    /// The selected connection's subflows per local endpoint id.
    private static func usedIDs(_ connection: MPTCPReport.Connection) -> [UInt8: Int] {
        connection.subflows.reduce(into: [:]) { counts, subflow in
            if let id = subflow.localId { counts[id, default: 0] += 1 }
        }
    }
}
