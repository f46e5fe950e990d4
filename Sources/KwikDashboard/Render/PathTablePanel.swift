import KwikSnapshot

/// One row per path with its counters and a sparkline of its rx rate.
enum PathTablePanel {
    /// - Parameter titlePrefix: put before the box title (the bench view names the running mode).
    static func draw(_ state: DashboardState, layout: Layout, titlePrefix: String? = nil, on canvas: inout Canvas) {
        let rect = layout.table
        let paths = state.paths
        let active = paths.filter { $0.state == .active }.count
        var title = "paths \(active)/\(paths.count) active"
        let modelColumns = [PathColumn.queue, .target, .reinjected].filter { column in
            layout.columns.contains { $0.column == column }
        }
        if !modelColumns.isEmpty, let direction = state.tableDirection {
            title += " · \(modelColumns.map(\.title).joined(separator: ", ")): \(direction.senderName)"
        }
        canvas.box(rect, role: .pathsBox, title: titlePrefix.map { "\($0) · \(title)" } ?? title)
        let titleY = rect.y + 1
        for placed in layout.columns {
            let sendsOnly = placed.column == .sparkline && state.history.seriesDirection == .send
            let columnTitle = sendsOnly ? "tx history" : placed.column.title
            canvas.text(
                columnTitle, x: placed.x, y: titleY, width: placed.width, role: .label,
                rightAligned: placed.column.isRightAligned)
        }
        if paths.count > layout.visiblePathRows, layout.visiblePathRows > 0 {
            let last = min(paths.count, layout.firstVisiblePath + layout.visiblePathRows)
            let range = " rows \(layout.firstVisiblePath + 1)-\(last) of \(paths.count) "
            canvas.writeRightAligned(range, endX: rect.maxX - 2, y: rect.maxY - 1, role: .dim)
        }
        let peak = sparklinePeak(state, layout: layout)
        for row in 0..<layout.visiblePathRows {
            let index = layout.firstVisiblePath + row
            guard index < paths.count, let y = layout.rowY(forPathIndex: index) else { break }
            drawRow(paths[index], state: state, layout: layout, y: y, peak: peak, on: &canvas)
            if index == state.selectedIndex {
                canvas.grid.restyle(Rect(x: rect.x + 1, y: y, width: rect.width - 2, height: 1), role: .selected)
            }
        }
    }

    private static func drawRow(
        _ path: PathSnapshot, state: DashboardState, layout: Layout, y: Int, peak: Double, on canvas: inout Canvas
    ) {
        let pathRole = state.role(forPathID: path.id)
        let rates = state.rates[path: path.id]
        let model = state.sendingModel(ofPath: path.id)
        for placed in layout.columns {
            let (text, role): (String, StyleRole)
            switch placed.column {
            case .id: (text, role) = ("\(path.id)", pathRole)
            case .endpoint: (text, role) = endpoint(path, width: placed.width)
            case .state: (text, role) = stateText(path, state.snapshot)
            case .rx: (text, role) = (Units.rate(rates.rxBps), .value)
            case .tx: (text, role) = (Units.rate(rates.txBps), .value)
            case .share: (text, role) = (Units.percent(rates.deliveredShare), .value)
            case .srtt:
                (text, role) = (path.hasLiveRTT ? path.rtt.map { Units.microseconds($0.smoothed) } ?? "-" : "-", .value)
            case .queue: (text, role) = (Units.microseconds(path.hasLiveRTT ? model?.queueingDelay : nil), .value)
            case .target: (text, role) = (Units.target(model), .value)
            case .poolHit:
                (text, role) = (
                    Units.percent(path.pool.hitRate, decimals: 2), path.pool.hitRate < 0.99 ? .warn : .value
                )
            case .allocations: (text, role) = (Units.count(path.pool.misses), .value)
            case .allocationFree: (text, role) = (Units.count(path.allocationFreePackets), .value)
            case .ordering:
                (text, role) = (Units.count(path.orderingViolations), path.orderingViolations > 0 ? .warn : .value)
            case .reinjected: (text, role) = (Units.count(state.reinjectedPackets(of: path)), .value)
            case .sparkline:
                Sparkline.draw(
                    state.history.ring(pathID: path.id), peak: peak, x: placed.x, y: y, width: placed.width,
                    role: pathRole, ascii: state.isASCII, on: &canvas.grid)
                continue
            }
            canvas.text(
                text, x: placed.x, y: y, width: placed.width, role: role, rightAligned: placed.column.isRightAligned)
        }
    }

    /// Seconds a path's row shows that it lost its connection.
    static let recentFailover = 3.0

    /// The path's state; for a few seconds after it was killed, lost or went stale (a killed path is
    /// back within milliseconds), also how often that has happened to it since the start: `active ↻2`.
    private static func stateText(_ path: PathSnapshot, _ snapshot: SessionSnapshot?) -> (String, StyleRole) {
        let base = path.state.rawValue + (path.isBlackholed ? " (bh)" : "")
        guard let snapshot,
            let last = snapshot.failovers.last(where: { $0.path == path.id && $0.cause != .disabled }),
            snapshot.uptime - last.detectedAt < recentFailover
        else { return (base, path.state.role) }
        let count = snapshot.failoverCounts.filter { $0.path == path.id && $0.cause != .disabled }
            .reduce(0) { $0 + $1.events }
        return ("\(base) ↻\(count)", .warn)
    }

    /// Where the path goes, and by which interface when the column has room for both (the address
    /// comes first); while it is being brought back, how that goes.
    private static func endpoint(_ path: PathSnapshot, width: Int) -> (String, StyleRole) {
        if let reconnect = path.reconnect { return (reconnect.compact, .warn) }
        guard let interface = path.binding?.interface else { return (path.endpoint, .plain) }
        let both = "\(interface) → \(path.endpoint)"
        return (both.count <= width ? both : path.endpoint, .plain)
    }

    /// One scale for every sparkline (the highest rate any path reached in the visible span), so rows compare.
    private static func sparklinePeak(_ state: DashboardState, layout: Layout) -> Double {
        guard let column = layout.columns.first(where: { $0.column == .sparkline }) else { return 0 }
        let history = state.history
        let span = min(history.sampleCount, column.width * (state.isASCII ? 1 : 2))
        var peak = 0.0
        for id in history.pathIDs {
            guard let ring = history.ring(pathID: id) else { continue }
            for index in (ring.count - span)..<ring.count { peak = max(peak, ring[index]) }
        }
        return peak
    }
}

extension PathSnapshot {
    /// Whether the path's RTT is being measured now: a stale, failed or reconnecting path's last
    /// figures (srtt, queueing delay) describe a connection that no longer answers.
    var hasLiveRTT: Bool {
        switch state {
        case .active, .standby, .disabled: true
        case .stale, .failed, .reconnecting, .connecting: false
        }
    }
}
