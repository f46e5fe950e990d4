import KwikSnapshot

/// The selected connection's subflows over time, their rx + tx rates stacked (one sample per report,
/// newest at the right), each in its sparkline's colour, with the subflows' endpoint ids on the bottom
/// border. A backup subflow's band is drawn in the warning colour.
enum MPTCPSubflowGraphPanel {
    static func draw(
        _ state: MPTCPViewState, _ connection: MPTCPReport.Connection, ordered: [MPTCPReport.Subflow], in rect: Rect,
        on canvas: inout Canvas
    ) {
        let inner = rect.inner
        let fills = state.isASCII
        let axisWidth = ThroughputGraphPanel.axisWidth
        let axis = inner.width > 4 * axisWidth && inner.height >= 2 ? axisWidth : 0
        let plot = Rect(x: inner.x + axis, y: inner.y, width: max(0, inner.width - axis), height: inner.height)
        let histories = ordered.map { state.subflowHistory[MPTCPViewState.key(of: $0, in: connection)] }
        let values = columns(histories, count: plot.width * (fills ? 1 : 2))
        let peak = values.reduce(0) { max($0, $1?.reduce(0, +) ?? 0) }
        let top = Units.axisTop(peak)
        let title = "rx+tx of \(connection.local) → \(connection.remote), stacked · peak \(Units.rate(peak))"
        canvas.box(rect, role: .graphBox, title: title)
        let roles = ordered.enumerated().map { $1.backup ? StyleRole.warn : .forPath($0) }
        drawLegend(ordered, roles: roles, fills: fills, rect: rect, on: &canvas)
        guard plot.width > 0, plot.height > 0, top > 0 else { return }
        if axis > 0 { ThroughputGraphPanel.drawAxis(top: top, x: inner.x, plot: plot, on: &canvas) }
        StackedColumns.draw(values, roles: roles, top: top, fills: fills, in: plot, on: &canvas)
    }

    /// `count` columns, oldest first, each subflow's rate at the same number of reports back from the
    /// newest; nil where no subflow's history reaches, 0 for a subflow younger than the column.
    static func columns(_ histories: [RingBuffer<Double>?], count: Int) -> [[Double]?] {
        let longest = histories.reduce(0) { max($0, $1?.count ?? 0) }
        return (0..<max(0, count)).map { column in
            let back = count - 1 - column
            guard back < longest else { return nil }
            return histories.map { ring in
                guard let ring, back < ring.count else { return 0 }
                return ring[ring.count - 1 - back]
            }
        }
    }

    private static func drawLegend(
        _ subflows: [MPTCPReport.Subflow], roles: [StyleRole], fills: Bool, rect: Rect, on canvas: inout Canvas
    ) {
        let y = rect.maxY - 1
        var x = rect.maxX - 2
        for (slot, subflow) in subflows.enumerated().reversed() {
            let mark = fills ? Glyphs.asciiPathFills[slot % Glyphs.asciiPathFills.count] : Glyphs.unicode.legendMark
            let label = "id \(subflow.localId.map(String.init) ?? "?") "
            let length = label.count + 2
            guard x - length > rect.x + 2 else { break }
            x -= length
            canvas.grid.put(" ", x: x, y: y, role: .graphText)
            canvas.grid.put(mark, x: x + 1, y: y, role: roles[slot])
            canvas.write(label, x: x + 2, y: y, role: .graphText)
        }
    }
}
