/// Stacked rates drawn bottom-up into a plot, one column of values per half cell in braille (two per
/// cell) or per cell with fills (`fills`: ASCII or no colour, each series its own fill character).
/// Series keep their order from the bottom; a nil column is one the history does not reach.
enum StackedColumns {
    static func draw(
        _ values: [[Double]?], roles: [StyleRole], top: Double, fills: Bool, in plot: Rect, on canvas: inout Canvas
    ) {
        guard plot.width > 0, plot.height > 0, top > 0, !roles.isEmpty else { return }
        let levels = plot.height * (fills ? 1 : 4)
        var left = [Int](repeating: 0, count: roles.count + 1)
        var right = left
        for cell in 0..<plot.width {
            let x = plot.x + cell
            if fills {
                bounds(cell < values.count ? values[cell] : nil, top: top, levels: levels, into: &left)
                for row in 0..<plot.height {
                    guard let slot = owner(level: row, bounds: left) else { break }
                    let fill = Glyphs.asciiPathFills[slot % Glyphs.asciiPathFills.count]
                    canvas.grid.put(fill, x: x, y: plot.maxY - 1 - row, role: roles[slot])
                }
                continue
            }
            bounds(cell * 2 < values.count ? values[cell * 2] : nil, top: top, levels: levels, into: &left)
            bounds(cell * 2 + 1 < values.count ? values[cell * 2 + 1] : nil, top: top, levels: levels, into: &right)
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

    /// `bounds[k]..<bounds[k+1]` are the levels of the k-th series in a column; an empty column has none.
    private static func bounds(_ column: [Double]?, top: Double, levels: Int, into bounds: inout [Int]) {
        var sum = 0.0
        bounds[0] = 0
        for slot in 1..<bounds.count {
            if let column, slot - 1 < column.count { sum += column[slot - 1] }
            bounds[slot] = Int((sum / top * Double(levels)).rounded())
        }
    }

    /// The series slot covering `level`, or nil above the stack.
    private static func owner(level: Int, bounds: [Int]) -> Int? {
        guard level < bounds[bounds.count - 1] else { return nil }
        var slot = 0
        while level >= bounds[slot + 1] { slot += 1 }
        return slot
    }
}
