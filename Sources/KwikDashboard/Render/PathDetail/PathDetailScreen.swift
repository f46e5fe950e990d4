import KwikSnapshot

/// The selected path in depth (Enter on a path): its time series, its RTT spread, its failovers and
/// reconnects, and every figure. Wide screens put the figures beside the graphs, others below them.
enum PathDetailScreen {
    static let labelWidth = 10
    static let twoColumnWidth = 150
    /// Rows the figures keep below the graphs in one column, so the graphs cannot crowd them out.
    static let figureRowsKept = 6
    static let maximumRowHeight = 6

    static func draw(_ state: DashboardState, in rect: Rect, on canvas: inout Canvas) {
        canvas.grid.fill(rect, role: .plain)
        guard let snapshot = state.snapshot, let path = state.selectedPath else {
            canvas.box(rect, role: .pathsBox, title: "path · esc back")
            canvas.text("the path is gone", x: rect.x + 2, y: rect.y + 1, width: rect.width - 4, role: .dim)
            return
        }
        let inner = Rect(x: rect.x + 2, y: rect.y + 1, width: max(0, rect.width - 4), height: max(0, rect.height - 2))
        let twoColumns = inner.width >= twoColumnWidth
        let graphWidth = twoColumns ? inner.width * 11 / 20 : inner.width
        let figures = events(path, snapshot, state.timeline) + PathDetailFigures.lines(path, snapshot, state)
        let graphArea = Rect(x: inner.x, y: inner.y, width: graphWidth, height: inner.height)
        let samplesPerCell = state.isASCII ? 1 : 2
        let plot = plotWidth(graphWidth)
        let rows = PathDetailRow.rows(path, snapshot, timeline: state.timeline, shown: plot * samplesPerCell)
        let reserved = 1 + (twoColumns ? 0 : min(figures.count, figureRowsKept))
        let rowHeight = max(1, min(maximumRowHeight, (inner.height - reserved) / rows.count))
        // Rows left over make the first graphs taller, so a tall screen is filled from the top.
        var spare = rowHeight == maximumRowHeight ? 0 : max(0, inner.height - reserved - rowHeight * rows.count)
        let seconds = Double(min(state.timeline.sampleCount, plot * samplesPerCell)) * state.timeline.step
        canvas.box(
            rect, role: .pathsBox,
            title: "path \(path.id) · \(PathDetailFigures.endpoint(path)) · \(path.state.rawValue) · "
                + "last \(Units.uptime(seconds)) · esc back")
        var y = graphArea.y
        for row in rows where y + rowHeight <= graphArea.maxY {
            let height = rowHeight + (spare > 0 ? 1 : 0)
            spare -= 1
            drawRow(row, path: path, state: state, x: graphArea.x, y: y, width: graphWidth, height: height, on: &canvas)
            y += height
        }
        if y < graphArea.maxY {
            RTTStrip.draw(path.rtt, x: graphArea.x, y: y, width: graphWidth, labelWidth: labelWidth, on: &canvas)
            y += 1
        }
        let figureArea =
            twoColumns
            ? Rect(x: inner.x + graphWidth + 3, y: inner.y, width: inner.width - graphWidth - 3, height: inner.height)
            : Rect(x: inner.x, y: y, width: inner.width, height: inner.maxY - y)
        PathDetailFigures.draw(figures, in: figureArea, on: &canvas)
    }

    /// Cells of a row's graph: what is left of `width` after the label and the value.
    static func plotWidth(_ width: Int) -> Int { max(0, width - labelWidth - 1 - valueWidth(width) - 1) }

    static func valueWidth(_ width: Int) -> Int { min(32, width * 2 / 5) }

    private static func drawRow(
        _ row: PathDetailRow, path: PathSnapshot, state: DashboardState, x: Int, y: Int, width: Int, height: Int,
        on canvas: inout Canvas
    ) {
        canvas.text(row.label, x: x, y: y, width: labelWidth, role: .label)
        let plot = plotWidth(width)
        let ring = state.timeline.series(row.series, path: path.id)
        let peak = row.fixedPeak ?? SeriesGraph.peak(ring, last: plot * (state.isASCII ? 1 : 2))
        SeriesGraph.draw(
            ring, peak: peak, in: Rect(x: x + labelWidth + 1, y: y, width: plot, height: height),
            role: state.role(forPathID: path.id), ascii: state.isASCII, on: &canvas.grid)
        let valueX = x + labelWidth + 1 + plot + 1
        canvas.text(row.value, x: valueX, y: y, width: x + width - valueX, role: row.role)
    }

    /// The path's failovers (newest first) and what the view saw of its reconnects.
    static func events(
        _ path: PathSnapshot, _ snapshot: SessionSnapshot, _ timeline: PathTimeline
    )
        -> [PathDetailFigures.Line]
    {
        let reconnects = timeline.reconnects(path: path.id)
        let total = snapshot.failoverCounts.filter { $0.path == path.id }.reduce(0) { $0 + $1.events }
        var lines: [PathDetailFigures.Line] = [
            .section("failovers \(total) · reconnects \(reconnects.episodes)"),
            .field(
                "last error", reconnects.lastError ?? "none", reconnects.lastError == nil ? .dim : .warn),
        ]
        for event in snapshot.failovers.reversed().filter({ $0.path == path.id }).prefix(3) {
            let resume = event.resumeMilliseconds.map { "resumed in \(Units.milliseconds($0))" } ?? "pending"
            lines.append(
                .field(
                    "t+" + Units.uptime(event.detectedAt),
                    "\(event.cause.rawValue) · \(resume) · re-injected \(Units.bytes(event.reinjectedBytes))",
                    event.resumedAt == nil ? .warn : .value))
        }
        return lines
    }
}
