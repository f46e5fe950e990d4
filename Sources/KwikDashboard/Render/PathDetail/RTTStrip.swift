import KwikSnapshot

/// One row placing a path's RTT percentiles on a line from 0 to a little beyond p99, so that their
/// spread reads at a glance; the maximum, often one outlier, is given as a figure instead.
enum RTTStrip {
    static func draw(_ rtt: RTTSummary?, x: Int, y: Int, width: Int, labelWidth: Int, on canvas: inout Canvas) {
        canvas.text("rtt spread", x: x, y: y, width: labelWidth, role: .label)
        let plot = PathDetailScreen.plotWidth(width)
        let valueX = x + labelWidth + 1 + plot + 1
        guard let rtt, rtt.samples > 0, plot > 1 else {
            canvas.text("no samples yet", x: valueX, y: y, width: x + width - valueX, role: .dim)
            return
        }
        let start = x + labelWidth + 1
        for cell in 0..<plot { canvas.grid.put(canvas.glyphs.horizontal, x: start + cell, y: y, role: .dim) }
        let edge = max(rtt.p99 * 1.25, rtt.min, 1)
        func place(_ value: Double, _ mark: Unicode.Scalar, _ role: StyleRole) {
            let cell = min(plot - 1, max(0, Int(value / edge * Double(plot - 1))))
            canvas.grid.put(mark, x: start + cell, y: y, role: role)
        }
        let ascii = canvas.glyphs.isASCII
        place(rtt.min, ascii ? "|" : "│", .value)
        place(rtt.p50, ascii ? "o" : "●", .good)
        place(rtt.p99, ascii ? "^" : "▲", .warn)
        place(rtt.smoothed, ascii ? "*" : "◆", .accent)
        let text =
            "\(ascii ? "o" : "●") p50 \(Units.microseconds(rtt.p50)) · \(ascii ? "^" : "▲") p99 "
            + "\(Units.microseconds(rtt.p99)) · max \(Units.microseconds(rtt.max))"
        canvas.text(text, x: valueX, y: y, width: x + width - valueX, role: .value)
    }
}
