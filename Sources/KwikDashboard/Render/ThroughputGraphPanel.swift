import KwikSnapshot

/// Aggregate throughput over `graphSpan` seconds (rx, or tx at an end that only sends), stacked by path
/// in each path's colour, on a y axis of round SI figures. Without colour (`NO_COLOR`) or braille,
/// each path has its own fill character, so the stack still reads.
enum ThroughputGraphPanel {
    static let axisWidth = 5

    static func draw(_ state: DashboardState, in rect: Rect, on canvas: inout Canvas) {
        let inner = rect.inner
        let history = state.history
        let fills = state.isASCII || state.isMonochrome
        let axis = inner.width > 4 * axisWidth && inner.height >= 2 ? axisWidth : 0
        let plot = Rect(x: inner.x + axis, y: inner.y, width: max(0, inner.width - axis), height: inner.height)
        let columns = GraphColumns(history, span: state.graphSpan, count: plot.width * (fills ? 1 : 2))
        let peak = columns.peak
        let top = Units.axisTop(peak)

        let direction = history.seriesDirection == .receive ? "rx" : "tx"
        let span = Units.uptime(state.graphSpan)
        let title = "\(direction) throughput, stacked · last \(span) · peak \(Units.rate(peak))"
        canvas.box(rect, role: .graphBox, title: title)
        drawLegend(state, rect: rect, titleLength: title.count + 4, fills: fills, on: &canvas)
        guard plot.width > 0, plot.height > 0, top > 0 else { return }
        if axis > 0 { drawAxis(top: top, x: inner.x, plot: plot, on: &canvas) }

        let roles = history.pathIDs.map { state.role(forPathID: $0) }
        StackedColumns.draw(columns.values, roles: roles, top: top, fills: fills, in: plot, on: &canvas)
    }

    /// Figures down the left edge: the top of the scale on the top row, half of it on the row that
    /// holds that level, and 0 on the bottom row.
    static func drawAxis(top: Double, x: Int, plot: Rect, on canvas: inout Canvas) {
        var marks = [(plot.y, top), (plot.maxY - 1, 0.0)]
        if plot.height >= 5 { marks.append((plot.maxY - 1 - plot.height / 2, top / 2)) }
        for (y, value) in marks {
            canvas.writeRightAligned(Units.axisRate(value), endX: x + axisWidth - 1, y: y, role: .graphText)
        }
    }

    /// Path ids in their colours (or fills) on the bottom or the top border, so the stack can be read.
    private static func drawLegend(
        _ state: DashboardState, rect: Rect, titleLength: Int, fills: Bool, on canvas: inout Canvas
    ) {
        guard state.legend != .hidden else { return }
        let onTop = state.legend == .top
        let y = onTop ? rect.y : rect.maxY - 1
        let leftLimit = rect.x + 2 + (onTop ? titleLength : 0)
        var x = rect.maxX - 2
        for (slot, id) in state.history.pathIDs.enumerated().reversed() {
            let mark = fills ? Glyphs.asciiPathFills[slot % Glyphs.asciiPathFills.count] : Glyphs.unicode.legendMark
            let label = "\(id) "
            let length = label.count + 2
            guard x - length > leftLimit else { break }
            x -= length
            canvas.grid.put(" ", x: x, y: y, role: .graphText)
            canvas.grid.put(mark, x: x + 1, y: y, role: state.role(forPathID: id))
            canvas.write(label, x: x + 2, y: y, role: .graphText)
        }
    }
}
