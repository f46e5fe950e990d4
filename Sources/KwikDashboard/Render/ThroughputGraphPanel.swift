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

        let levels = plot.height * (fills ? 1 : 4)
        let roles = history.pathIDs.map { state.role(forPathID: $0) }
        var left = [Int](repeating: 0, count: roles.count + 1)
        var right = left
        for cell in 0..<plot.width {
            let x = plot.x + cell
            if fills {
                Self.bounds(columns.values[cell], top: top, levels: levels, into: &left)
                for row in 0..<plot.height {
                    guard let slot = owner(level: row, bounds: left) else { break }
                    let fill = Glyphs.asciiPathFills[slot % Glyphs.asciiPathFills.count]
                    canvas.grid.put(fill, x: x, y: plot.maxY - 1 - row, role: roles[slot])
                }
                continue
            }
            Self.bounds(columns.values[cell * 2], top: top, levels: levels, into: &left)
            Self.bounds(columns.values[cell * 2 + 1], top: top, levels: levels, into: &right)
            for row in 0..<plot.height {
                var bits: UInt32 = 0
                var cellOwner: Int?
                for dot in 0..<4 {
                    let level = row * 4 + dot
                    if let slot = owner(level: level, bounds: left) {
                        bits |= Glyphs.brailleLeft[dot]
                        cellOwner = slot
                    }
                    if let slot = owner(level: level, bounds: right) {
                        bits |= Glyphs.brailleRight[dot]
                        cellOwner = cellOwner ?? slot
                    }
                }
                guard let cellOwner else { break }
                canvas.grid.put(
                    Unicode.Scalar(Glyphs.brailleBase | bits) ?? " ", x: x, y: plot.maxY - 1 - row,
                    role: roles[cellOwner])
            }
        }
    }

    /// Figures down the left edge: the top of the scale on the top row, half of it on the row that
    /// holds that level, and 0 on the bottom row.
    private static func drawAxis(top: Double, x: Int, plot: Rect, on canvas: inout Canvas) {
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

    /// `bounds[k]..<bounds[k+1]` are the levels of the k-th path in a column; an empty column has none.
    private static func bounds(_ column: [Double]?, top: Double, levels: Int, into bounds: inout [Int]) {
        var sum = 0.0
        bounds[0] = 0
        for slot in 1..<bounds.count {
            if let column, slot - 1 < column.count { sum += column[slot - 1] }
            bounds[slot] = Int((sum / top * Double(levels)).rounded())
        }
    }

    /// The path slot covering `level`, or nil above the stack.
    private static func owner(level: Int, bounds: [Int]) -> Int? {
        guard level < bounds[bounds.count - 1] else { return nil }
        var slot = 0
        while level >= bounds[slot + 1] { slot += 1 }
        return slot
    }
}
