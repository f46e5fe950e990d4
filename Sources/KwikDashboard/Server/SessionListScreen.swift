import KwikSnapshot

/// Renders a ``ServerViewState``: the session list in htop's manner, or the view of the session
/// opened from it. Pure: the same state and size always give the same cells.
public enum SessionListScreen {
    static let hints: [(key: String, action: String)] = [
        ("q", "quit"), ("?", "help"), ("↑↓", "select"), ("⏎", "open"), ("/", "filter"), ("<>", "sort"),
        ("I", "invert"),
        ("x", "end session"), ("a", "accept/refuse new"), ("t", "theme"), ("+-", "refresh"),
    ]

    public static func render(_ state: ServerViewState, into grid: inout CellGrid) {
        if let session = state.openedSession {
            Screen.render(session, into: &grid)
            return
        }
        grid.clear()
        var canvas = Canvas(grid: CellGrid(width: 0, height: 0), glyphs: .forMode(ascii: state.isASCII))
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }
        let layout = SessionListLayout(width: canvas.grid.width, height: canvas.grid.height, state: state)
        if layout.isTooSmall {
            Screen.drawTooSmall(&canvas)
            return
        }
        let rows = state.rows
        drawHeader(state, rows: rows, layout: layout, on: &canvas)
        drawTable(state, rows: rows, layout: layout, on: &canvas)
        drawFooter(state, in: layout.footer, on: &canvas)
        if state.showsHelp {
            HelpOverlay.draw(
                lines: helpLines, in: Rect(x: 0, y: 0, width: layout.width, height: layout.height), on: &canvas)
        }
    }

    static let helpLines: [(keys: String, meaning: String)] = [
        ("up/down j/k", "select a session"),
        ("enter", "open it: its paths, graphs, failovers"),
        ("esc", "back to the list; clears the filter"),
        ("/", "filter by peer, id or state (enter keeps)"),
        ("< > F6", "sort by the previous / next column"),
        ("I", "invert the sort"),
        ("x then y", "end the selected session (its client is told)"),
        ("a", "refuse / accept new sessions"),
        ("t", "next theme"),
        ("+ -", "refresh rate (1-16 Hz)"),
        ("?", "this help"),
        ("q ctrl-c", "quit (the server stops)"),
        ("", ""),
        ("goodput", "in-order payload, at whichever end receives"),
        ("verified", "bytes checked both ways, this end and the peer"),
        ("ended", "a finished session stays listed for a minute"),
    ]

    private static func drawHeader(
        _ state: ServerViewState, rows: [SessionRow], layout: SessionListLayout, on canvas: inout Canvas
    ) {
        let rect = layout.header
        guard let server = state.server else {
            canvas.text("kwiktop serve · waiting for the server", x: 1, y: rect.y, width: rect.width - 2, role: .dim)
            return
        }
        let running = state.allRows.filter { !$0.hasEnded }
        let goodput = running.reduce(0) { $0 + $1.goodputBps }
        let acceptance: (String, StyleRole) =
            server.acceptsNewSessions ? ("accepting new sessions", .good) : ("REFUSING new sessions", .warn)
        guard layout.isHeaderBoxed else {
            var line = LineWriter(x: 1, y: rect.y, endX: rect.maxX - 1)
            line.append(&canvas, [("sessions ", .label), ("\(running.count)", .value)], startX: 1)
            line.append(&canvas, [("goodput ", .label), (Units.rate(goodput), .value)], startX: 1)
            line.append(&canvas, [acceptance], startX: 1)
            return
        }
        canvas.box(rect, role: .headerBox, title: "kwiktop serve · \(server.addresses.joined(separator: " "))")
        if state.isReadOnly { canvas.writeRightAligned(" read-only ", endX: rect.maxX - 2, y: rect.y, role: .title) }
        let startX = rect.x + 2, endX = rect.maxX - 2
        let ended = state.allRows.count - running.count
        var first = LineWriter(x: startX, y: rect.y + 1, endX: endX)
        first.append(
            &canvas, [("sessions ", .label), ("\(running.count) running", .value), (" · \(ended) ended", .dim)],
            startX: startX)
        first.append(&canvas, [("goodput ", .label), (Units.rate(goodput), .value)], startX: startX)
        let corrupt = state.allRows.reduce(UInt64(0)) { $0 &+ $1.corrupt }
        first.append(
            &canvas, [("corrupt ", .label), (Units.bytes(corrupt), corrupt > 0 ? .bad : .value)], startX: startX)
        let failovers = state.allRows.reduce(UInt64(0)) { $0 &+ $1.failovers }
        first.append(&canvas, [("failovers ", .label), (Units.count(failovers), .value)], startX: startX)
        var second = LineWriter(x: startX, y: rect.y + 2, endX: endX)
        second.append(&canvas, [acceptance], startX: startX)
        second.append(&canvas, [("refused joins ", .label), ("\(server.refusedJoins)", .value)], startX: startX)
        second.append(&canvas, [("ended sessions stay 60 s", .dim)], startX: startX)
    }

    private static func drawTable(
        _ state: ServerViewState, rows: [SessionRow], layout: SessionListLayout, on canvas: inout Canvas
    ) {
        let rect = layout.table
        let order = state.sortDescending ? "▼" : "▲"
        var title = "sessions · by \(state.sortColumn.title) \(order)"
        if !state.filter.isEmpty { title += " · filter \"\(state.filter)\": \(rows.count) of \(state.allRows.count)" }
        canvas.box(rect, role: .pathsBox, title: title)
        for placed in layout.columns {
            let sorted = placed.column == state.sortColumn
            let text = sorted ? "\(placed.column.title)\(order)" : placed.column.title
            canvas.text(
                text, x: placed.x, y: rect.y + 1, width: placed.width, role: sorted ? .accent : .label,
                rightAligned: placed.column.isRightAligned)
        }
        if rows.isEmpty {
            let empty = state.allRows.isEmpty ? "no sessions yet" : "no session matches \"\(state.filter)\""
            canvas.text(empty, x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, role: .dim)
        }
        for index in layout.firstVisibleRow..<rows.count {
            guard let y = layout.rowY(forRow: index) else { break }
            drawRow(rows[index], layout: layout, y: y, on: &canvas)
            if rows[index].id == state.selectedSessionID {
                canvas.grid.restyle(Rect(x: rect.x + 1, y: y, width: rect.width - 2, height: 1), role: .selected)
            }
        }
        if rows.count > layout.visibleRows, layout.visibleRows > 0 {
            let last = min(rows.count, layout.firstVisibleRow + layout.visibleRows)
            let range = " rows \(layout.firstVisibleRow + 1)-\(last) of \(rows.count) "
            canvas.writeRightAligned(range, endX: rect.maxX - 2, y: rect.maxY - 1, role: .dim)
        }
        if let selected = state.selectedRow, let reason = selected.failureReason {
            let text = " \(ServerViewState.shortID(selected.id)) \(selected.state.rawValue): \(reason) "
            canvas.text(text, x: rect.x + 2, y: rect.maxY - 1, width: max(0, rect.width - 28), role: .bad)
        }
    }

    private static func drawRow(_ row: SessionRow, layout: SessionListLayout, y: Int, on canvas: inout Canvas) {
        let plain: StyleRole = row.hasEnded ? .dim : .value
        for placed in layout.columns {
            let (text, role): (String, StyleRole)
            switch placed.column {
            case .id: (text, role) = (ServerViewState.shortID(row.id), row.hasEnded ? .dim : .accent)
            case .peer: (text, role) = (row.peer, plain)
            case .uptime: (text, role) = (Units.uptime(row.uptime), plain)
            case .paths: (text, role) = ("\(row.activePaths)/\(row.totalPaths)", plain)
            case .goodput: (text, role) = (row.hasEnded ? "-" : Units.rate(row.goodputBps), plain)
            case .delivered: (text, role) = (Units.bytes(row.delivered), plain)
            case .verified: (text, role) = (Units.bytes(row.verified), plain)
            case .corrupt: (text, role) = (Units.bytes(row.corrupt), row.corrupt > 0 ? .bad : plain)
            case .failovers: (text, role) = (Units.count(row.failovers), plain)
            case .state: (text, role) = (row.state.rawValue, row.state.role)
            }
            canvas.text(
                text, x: placed.x, y: y, width: placed.width, role: role, rightAligned: placed.column.isRightAligned)
        }
    }

    private static func drawFooter(_ state: ServerViewState, in rect: Rect, on canvas: inout Canvas) {
        switch state.prompt {
        case .filter:
            let x = rect.x + canvas.write("filter: ", x: rect.x, y: rect.y, role: .label)
            let typed = canvas.text(state.filter, x: x, y: rect.y, width: max(0, rect.width - x - 30), role: .value)
            canvas.write("█", x: x + typed, y: rect.y, role: .accent)
            canvas.write("⏎ keep  esc clear", x: x + typed + 3, y: rect.y, role: .dim)
        case .confirmEnd(let id):
            let question = "end session \(ServerViewState.shortID(id))? y ends it, any other key keeps it"
            canvas.text(question, x: rect.x, y: rect.y, width: rect.width, role: .warn)
        case .none:
            FooterPanel.draw(status: state.statusMessage, hints: hints, ascii: state.isASCII, in: rect, on: &canvas)
        }
    }
}
