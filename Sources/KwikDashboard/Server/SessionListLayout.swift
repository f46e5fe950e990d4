/// Where the session list's parts go for a terminal size: a header (boxed when tall enough), the
/// table of sessions with as many columns as fit, and the footer line.
struct SessionListLayout: Equatable {
    let width: Int
    let height: Int
    let isTooSmall: Bool
    private(set) var header = Rect.zero
    private(set) var isHeaderBoxed = false
    private(set) var table = Rect.zero
    private(set) var columns: [PlacedSessionColumn] = []
    private(set) var firstVisibleRow = 0
    private(set) var visibleRows = 0
    private(set) var footer = Rect.zero

    init(width: Int, height: Int, state: ServerViewState) {
        self.width = width
        self.height = height
        isTooSmall = width < Layout.minimumWidth || height < Layout.minimumHeight
        guard !isTooSmall else { return }
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)
        isHeaderBoxed = height >= 20
        header = Rect(x: 0, y: 0, width: width, height: isHeaderBoxed ? 4 : 1)
        table = Rect(x: 0, y: header.maxY, width: width, height: height - 1 - header.maxY)
        // Borders and the column titles.
        visibleRows = max(0, table.height - 3)
        columns = Self.place(innerX: table.x + 2, innerWidth: table.width - 4)
        let rows = state.rows
        let selected = rows.firstIndex { $0.id == state.selectedSessionID } ?? 0
        var first = min(state.listScrollOffset, max(0, rows.count - visibleRows))
        if selected < first { first = selected }
        if visibleRows > 0 && selected >= first + visibleRows { first = selected - visibleRows + 1 }
        firstVisibleRow = max(0, first)
    }

    /// Columns by priority while they fit, in their natural order; the peer column takes what is left.
    private static func place(innerX: Int, innerWidth: Int) -> [PlacedSessionColumn] {
        var chosen: [SessionColumn] = []
        var used = 0
        for column in SessionColumn.priority {
            let needed = column.width + (chosen.isEmpty ? 0 : 1)
            if used + needed <= innerWidth {
                chosen.append(column)
                used += needed
            }
        }
        let spare = innerWidth - used
        var x = innerX
        var placed: [PlacedSessionColumn] = []
        for column in SessionColumn.allCases where chosen.contains(column) {
            var width = column.width
            if column == .peer { width = min(SessionColumn.maximumPeerWidth, width + spare) }
            placed.append(PlacedSessionColumn(column: column, x: x, width: width))
            x += width + 1
        }
        return placed
    }

    /// The screen row of list row `index`, if it is shown.
    func rowY(forRow index: Int) -> Int? {
        let offset = index - firstVisibleRow
        guard offset >= 0, offset < visibleRows else { return nil }
        return table.y + 2 + offset
    }

    /// The list row under a click, if any.
    func rowIndex(at click: MouseClick) -> Int? {
        guard click.x > table.x, click.x < table.maxX - 1 else { return nil }
        let offset = click.y - table.y - 2
        guard offset >= 0, offset < visibleRows else { return nil }
        return firstVisibleRow + offset
    }
}
