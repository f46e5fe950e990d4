/// An in-memory screen: `width` × `height` cells, row-major. Renderers draw into it; the terminal
/// backend copies it out and tests read it as ``text``.
public struct CellGrid: Equatable, Sendable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// Changes the size and blanks every cell, keeping the storage when it is large enough.
    public mutating func reset(width: Int, height: Int) {
        let width = max(0, width), height = max(0, height)
        if width == self.width && height == self.height {
            clear()
            return
        }
        self.width = width
        self.height = height
        cells.removeAll(keepingCapacity: true)
        cells.append(contentsOf: repeatElement(.blank, count: width * height))
    }

    public mutating func clear() {
        for index in cells.indices { cells[index] = .blank }
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Sets one cell; positions outside the grid are ignored so callers can clip by drawing.
    @inline(__always)
    public mutating func put(_ scalar: Unicode.Scalar, x: Int, y: Int, role: StyleRole) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = Cell(scalar, role)
    }

    /// Writes `text` from (x, y), one scalar per cell, stopping at `maxWidth` cells or the grid edge.
    /// Returns the number of cells written.
    @discardableResult
    public mutating func write(
        _ text: some StringProtocol, x: Int, y: Int, role: StyleRole, maxWidth: Int = .max
    ) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(maxWidth, width - x)
        var written = 0
        for scalar in text.unicodeScalars {
            if written >= limit { break }
            put(scalar, x: x + written, y: y, role: role)
            written += 1
        }
        return written
    }

    public mutating func fill(_ rect: Rect, with scalar: Unicode.Scalar = " ", role: StyleRole) {
        for y in rect.y..<(rect.y + rect.height) {
            for x in rect.x..<(rect.x + rect.width) { put(scalar, x: x, y: y, role: role) }
        }
    }

    /// Changes the role of every cell in `rect`, keeping the characters (selection highlight).
    public mutating func restyle(_ rect: Rect, role: StyleRole) {
        for y in max(0, rect.y)..<min(height, rect.y + rect.height) {
            for x in max(0, rect.x)..<min(width, rect.x + rect.width) { cells[y * width + x].role = role }
        }
    }

    /// The characters, one line per row, trailing spaces removed (so snapshot files stay tidy).
    public var text: String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var line = String.UnicodeScalarView()
            for x in 0..<width { line.append(self[x, y].scalar) }
            var string = String(line)
            while string.last == " " { string.removeLast() }
            lines.append(string)
        }
        return lines.joined(separator: "\n")
    }
}
