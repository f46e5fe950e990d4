/// Drawing primitives shared by the panels: boxes with titles, clipped and aligned text.
struct Canvas {
    var grid: CellGrid
    let glyphs: Glyphs

    mutating func box(_ rect: Rect, role: StyleRole, title: String? = nil, titleRole: StyleRole = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let right = rect.maxX - 1, bottom = rect.maxY - 1
        for x in (rect.x + 1)..<right {
            grid.put(glyphs.horizontal, x: x, y: rect.y, role: role)
            grid.put(glyphs.horizontal, x: x, y: bottom, role: role)
        }
        for y in (rect.y + 1)..<bottom {
            grid.put(glyphs.vertical, x: rect.x, y: y, role: role)
            grid.put(glyphs.vertical, x: right, y: y, role: role)
        }
        grid.put(glyphs.topLeft, x: rect.x, y: rect.y, role: role)
        grid.put(glyphs.topRight, x: right, y: rect.y, role: role)
        grid.put(glyphs.bottomLeft, x: rect.x, y: bottom, role: role)
        grid.put(glyphs.bottomRight, x: right, y: bottom, role: role)
        if let title { text(" \(title) ", x: rect.x + 2, y: rect.y, width: rect.width - 4, role: titleRole) }
    }

    /// Writes `text` from (x, y) like ``CellGrid/write(_:x:y:role:maxWidth:)``, spelling non-ASCII
    /// characters in ASCII when the terminal cannot show them.
    @discardableResult
    mutating func write(_ text: some StringProtocol, x: Int, y: Int, role: StyleRole, maxWidth: Int = .max) -> Int {
        guard glyphs.isASCII else { return grid.write(text, x: x, y: y, role: role, maxWidth: maxWidth) }
        let limit = min(maxWidth, grid.width - x)
        var written = 0
        for scalar in text.unicodeScalars {
            if written >= limit { break }
            grid.put(scalar.isASCII ? scalar : Self.asciiSpelling(scalar), x: x + written, y: y, role: role)
            written += 1
        }
        return written
    }

    mutating func writeRightAligned(_ text: some StringProtocol, endX: Int, y: Int, role: StyleRole) {
        write(text, x: endX - text.unicodeScalars.count, y: y, role: role)
    }

    private static func asciiSpelling(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar {
        case "µ": "u"
        case "·", "─", "—": "-"
        case "█": "#"
        case "░": "."
        case "→": ">"
        case "↻": "*"
        case "×": "x"
        case "…": "~"
        default: "?"
        }
    }

    /// Writes `value` into `width` cells, cutting it with an ellipsis when it does not fit.
    @discardableResult
    mutating func text(_ value: String, x: Int, y: Int, width: Int, role: StyleRole, rightAligned: Bool = false) -> Int
    {
        guard width > 0 else { return 0 }
        let length = value.unicodeScalars.count
        if length > width {
            let written = write(value, x: x, y: y, role: role, maxWidth: width - 1)
            grid.put(glyphs.ellipsis, x: x + written, y: y, role: role)
            return width
        }
        return write(value, x: rightAligned ? x + width - length : x, y: y, role: role)
    }
}

/// Writes label/value pairs along one line, skipping pairs that no longer fit.
struct LineWriter {
    var x: Int
    let y: Int
    let endX: Int

    /// Appends `segments` as one unit, preceded by two spaces unless it starts the line.
    mutating func append(_ canvas: inout Canvas, _ segments: [(String, StyleRole)], startX: Int) {
        let gap = x > startX ? 2 : 0
        let length = segments.reduce(0) { $0 + $1.0.unicodeScalars.count }
        guard x + gap + length <= endX else { return }
        x += gap
        for (text, role) in segments { x += canvas.write(text, x: x, y: y, role: role) }
    }
}
