import KwikSnapshot

/// Where each panel of `kwiktop mptcp` goes: header, the connections, the selected connection's
/// subflows, the path manager's endpoints and the event log (on screens tall enough), footer. Same
/// minimum size as the main screen.
struct MPTCPLayout: Equatable {
    let isTooSmall: Bool
    private(set) var header = Rect.zero
    private(set) var isHeaderBoxed = false
    private(set) var connections = Rect.zero
    private(set) var subflows = Rect.zero
    private(set) var endpoints = Rect.zero
    private(set) var events = Rect.zero
    private(set) var footer = Rect.zero

    init(width: Int, height: Int, connectionCount: Int, endpointCount: Int = 0) {
        isTooSmall = width < Layout.minimumWidth || height < Layout.minimumHeight
        guard !isTooSmall else { return }
        isHeaderBoxed = height >= 20
        let headerHeight = isHeaderBoxed ? 3 : 1
        header = Rect(x: 0, y: 0, width: width, height: headerHeight)
        let body = height - headerHeight - 1
        // On a body of 16 rows or more, the event log takes a quarter and the endpoints what they need,
        // up to a quarter; the connections what they need, up to half of the rest; the subflows the rest.
        let logged = body >= 16 ? body / 4 : 0
        let endpointRows = body >= 16 ? min(max(endpointCount, 1) + 3, body / 4) : 0
        let listed = min(max(connectionCount, 1) + 3, (body - logged - endpointRows) / 2)
        connections = Rect(x: 0, y: headerHeight, width: width, height: listed)
        let subflowRows = body - listed - endpointRows - logged
        subflows = Rect(x: 0, y: headerHeight + listed, width: width, height: subflowRows)
        endpoints = Rect(x: 0, y: headerHeight + listed + subflowRows, width: width, height: endpointRows)
        events = Rect(x: 0, y: headerHeight + body - logged, width: width, height: logged)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
    }
}

/// Renders an ``MPTCPViewState`` into a ``CellGrid`` of the grid's current size. Pure: the same state
/// and size always give the same cells.
public enum MPTCPScreen {
    static let hints: [(key: String, action: String)] = [
        ("q", "quit"), ("?", "help"), ("↑↓", "select"), ("tab", "endpoints"), ("g", "graph"), ("b", "backup"),
        ("d", "remove"), ("a", "add back"), ("t", "theme"), ("+-", "refresh"),
    ]

    static let helpLines: [(keys: String, meaning: String)] = [
        ("up/down j/k", "select a connection (its subflows below) or an endpoint"),
        ("tab", "switch between connections and endpoints"),
        ("g", "the subflows as a stacked graph of their rates, or as a table"),
        ("b", "toggle the selected endpoint's backup flag (y confirms)"),
        ("d", "remove the selected endpoint: its subflows close (y confirms)"),
        ("a", "add back the endpoint removed last (y confirms)"),
        ("t", "next theme"),
        ("+ -", "refresh rate (1-16 Hz)"),
        ("?", "this help"),
        ("esc", "close this help"),
        ("q ctrl-c", "quit"),
        ("", ""),
        ("rx tx", "bytes received / acked per second, over the interval"),
        ("rx+tx", "each subflow's rate, one sample per interval, on one scale"),
        ("flags", "F fully established, J joined (MP_JOIN), B backup"),
        ("ids", "local > remote endpoint id"),
        ("fallback", "the connection fell back to plain TCP"),
        ("mptcp_info", "below the subflows: the connection's own counters"),
        ("last rx/ack", "time since data / an ack last arrived"),
        ("events", "the path manager's, newest first, as ip mptcp monitor shows them"),
    ]

    public static func render(_ state: MPTCPViewState, into grid: inout CellGrid) {
        grid.clear()
        var canvas = Canvas(grid: CellGrid(width: 0, height: 0), glyphs: .forMode(ascii: state.isASCII))
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }
        let connections = state.connections
        let layout = MPTCPLayout(
            width: canvas.grid.width, height: canvas.grid.height, connectionCount: connections.count,
            endpointCount: state.endpoints.count)
        if layout.isTooSmall {
            Screen.drawTooSmall(&canvas)
            return
        }
        drawHeader(state, connections: connections, layout: layout, on: &canvas)
        drawConnections(state, connections, in: layout.connections, on: &canvas)
        drawSubflows(state, in: layout.subflows, on: &canvas)
        MPTCPEndpointsPanel.draw(state, in: layout.endpoints, on: &canvas)
        MPTCPEventLogPanel.draw(state, in: layout.events, on: &canvas)
        FooterPanel.draw(
            status: state.statusMessage, hints: hints, ascii: state.isASCII, in: layout.footer, on: &canvas)
        if state.overlay == .help {
            let screen = Rect(x: 0, y: 0, width: canvas.grid.width, height: canvas.grid.height)
            HelpOverlay.draw(lines: helpLines, in: screen, on: &canvas)
        }
    }

    private static func drawHeader(
        _ state: MPTCPViewState, connections: [MPTCPReport.Connection], layout: MPTCPLayout, on canvas: inout Canvas
    ) {
        let rect = layout.header
        let boxed = layout.isHeaderBoxed
        if boxed { canvas.box(rect, role: .headerBox, title: "kwiktop mptcp · the kernel's MPTCP connections") }
        let startX = boxed ? rect.x + 2 : rect.x + 1, endX = boxed ? rect.maxX - 2 : rect.maxX - 1
        var line = LineWriter(x: startX, y: boxed ? rect.y + 1 : rect.y, endX: endX)
        guard state.report != nil else {
            line.append(&canvas, [("reading sock_diag", .dim)], startX: startX)
            return
        }
        let subflows = connections.reduce(0) { $0 + $1.subflowCount }
        let fallbacks = connections.filter(\.fallback).count
        line.append(&canvas, [("connections ", .label), ("\(connections.count)", .value)], startX: startX)
        line.append(&canvas, [("subflows ", .label), ("\(subflows)", .value)], startX: startX)
        let rx = connections.compactMap(\.rxBps).reduce(0, +), tx = connections.compactMap(\.txBps).reduce(0, +)
        line.append(&canvas, [("rx ", .label), (Units.rate(rx), .value)], startX: startX)
        line.append(&canvas, [("tx ", .label), (Units.rate(tx), .value)], startX: startX)
        line.append(
            &canvas, [("fallback ", .label), ("\(fallbacks)", fallbacks > 0 ? .warn : .value)], startX: startX)
    }

    private static func drawConnections(
        _ state: MPTCPViewState, _ connections: [MPTCPReport.Connection], in rect: Rect, on canvas: inout Canvas
    ) {
        var title = "connections"
        if let filter = state.filterDescription { title += " · filter \(filter)" }
        canvas.box(rect, role: .pathsBox, title: title)
        let columns = MPTCPColumn.fitting(MPTCPColumns.connections, from: rect.x + 2, width: rect.width - 4)
        drawHeadings(columns, y: rect.y + 1, on: &canvas)
        if connections.isEmpty {
            let empty = state.report == nil ? "" : "no MPTCP connection on this host (mptcpize run … makes one)"
            canvas.text(empty, x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, role: .dim)
            return
        }
        let visible = max(0, rect.height - 3)
        let selected = connections.firstIndex { MPTCPViewState.key(of: $0) == state.selectedKey } ?? 0
        let first = min(max(0, selected - visible + 1), max(0, connections.count - visible))
        for (row, index) in (first..<min(connections.count, first + visible)).enumerated() {
            let y = rect.y + 2 + row
            drawRow(connections[index], columns, y: y, on: &canvas)
            if index == selected && state.focus == .connections {
                canvas.grid.restyle(Rect(x: rect.x + 1, y: y, width: rect.width - 2, height: 1), role: .selected)
            }
        }
        if connections.count > visible {
            let range = " \(first + 1)-\(min(connections.count, first + visible)) of \(connections.count) "
            canvas.writeRightAligned(range, endX: rect.maxX - 2, y: rect.maxY - 1, role: .dim)
        }
    }

    private static func drawSubflows(_ state: MPTCPViewState, in rect: Rect, on canvas: inout Canvas) {
        guard rect.height >= 3 else { return }
        let connection = state.selectedConnection
        guard let connection else {
            canvas.box(rect, role: .graphBox, title: "subflows")
            return
        }
        let ordered = connection.subflows.sorted { ($0.localId ?? 0, $0.local) < ($1.localId ?? 0, $1.local) }
        if state.showsSubflowGraph {
            MPTCPSubflowGraphPanel.draw(state, connection, ordered: ordered, in: rect, on: &canvas)
            return
        }
        canvas.box(rect, role: .graphBox, title: "subflows of \(connection.local) → \(connection.remote)")
        let columns = MPTCPColumn.fitting(MPTCPColumns.subflows, from: rect.x + 2, width: rect.width - 4)
        drawHeadings(columns, y: rect.y + 1, on: &canvas)
        if connection.subflows.isEmpty {
            canvas.text("no subflow reported yet", x: rect.x + 2, y: rect.y + 2, width: rect.width - 4, role: .dim)
        }
        // One scale for the connection's subflows, so their sparklines compare.
        let histories = ordered.map { state.subflowHistory[MPTCPViewState.key(of: $0, in: connection)] }
        let peak = histories.reduce(0.0) { peak, ring in
            guard let ring, ring.count > 0 else { return peak }
            return (0..<ring.count).reduce(peak) { max($0, ring[$1]) }
        }
        let history = columns.first { $0.column.title == MPTCPColumns.historyTitle }
        if let counters = connection.mptcp {
            canvas.text(
                " " + MPTCPColumns.summary(counters) + " ", x: rect.x + 2, y: rect.maxY - 1, width: rect.width - 4,
                role: .dim)
        }
        for (row, subflow) in ordered.prefix(max(0, rect.height - 3)).enumerated() {
            drawRow(subflow, columns, y: rect.y + 2 + row, on: &canvas)
            if let history {
                Sparkline.draw(
                    histories[row], peak: peak, x: history.x, y: rect.y + 2 + row, width: history.column.width,
                    role: subflow.backup ? .warn : .forPath(row), ascii: state.isASCII, on: &canvas.grid)
            }
        }
    }

    private static func drawHeadings<Row>(
        _ columns: [(column: MPTCPColumn<Row>, x: Int)], y: Int, on canvas: inout Canvas
    ) {
        for (column, x) in columns {
            canvas.text(column.title, x: x, y: y, width: column.width, role: .label, rightAligned: column.rightAligned)
        }
    }

    private static func drawRow<Row>(
        _ row: Row, _ columns: [(column: MPTCPColumn<Row>, x: Int)], y: Int, on canvas: inout Canvas
    ) {
        for (column, x) in columns {
            let (text, role) = column.value(row)
            canvas.text(text, x: x, y: y, width: column.width, role: role, rightAligned: column.rightAligned)
        }
    }
}
