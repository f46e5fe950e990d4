/// Renders a ``DashboardState`` into a ``CellGrid`` of the grid's current size. Pure: the same state
/// and size always give the same cells.
public enum Screen {
    public static func render(_ state: DashboardState, into grid: inout CellGrid) {
        grid.clear()
        var canvas = Canvas(grid: CellGrid(width: 0, height: 0), glyphs: .forMode(ascii: state.isASCII))
        swap(&canvas.grid, &grid)
        defer { swap(&canvas.grid, &grid) }

        let layout = Layout(width: canvas.grid.width, height: canvas.grid.height, state: state)
        if layout.isTooSmall {
            drawTooSmall(&canvas)
            return
        }
        if state.overlay == .pathDetail {
            PathDetailScreen.draw(
                state, in: Rect(x: 0, y: 0, width: layout.width, height: layout.footer.y), on: &canvas)
            FooterPanel.draw(state, in: layout.footer, on: &canvas)
            return
        }
        HeaderPanel.draw(state, layout: layout, on: &canvas)
        PathTablePanel.draw(state, layout: layout, on: &canvas)
        if let rect = layout.graph { ThroughputGraphPanel.draw(state, in: rect, on: &canvas) }
        if let rect = layout.events { FailoverLogPanel.draw(state, in: rect, on: &canvas) }
        FooterPanel.draw(state, in: layout.footer, on: &canvas)
        let whole = Rect(x: 0, y: 0, width: layout.width, height: layout.height)
        switch state.overlay {
        case .none, .pathDetail: break
        case .help: HelpOverlay.draw(in: whole, on: &canvas)
        }
    }

    static func drawTooSmall(_ canvas: inout Canvas) {
        let width = canvas.grid.width, height = canvas.grid.height
        let lines: [(String, StyleRole)] = [
            ("terminal too small (need \(Layout.minimumWidth)×\(Layout.minimumHeight))", .warn),
            ("now \(width)×\(height) · q quits", .dim),
        ]
        let top = (height - lines.count) / 2
        for (offset, (text, role)) in lines.enumerated() {
            let length = text.unicodeScalars.count
            canvas.write(text, x: max(0, (width - length) / 2), y: top + offset, role: role)
        }
    }
}
