/// Where each panel goes for a terminal size and a state. Panels are dropped as the terminal
/// shrinks: table columns first, then the event log, then the graph; the header loses its box.
public struct Layout: Equatable, Sendable {
    public static let minimumWidth = 60
    public static let minimumHeight = 16

    public let width: Int
    public let height: Int
    public let isTooSmall: Bool
    /// The header panel; boxed when tall enough, otherwise one plain line.
    public private(set) var header = Rect.zero
    public private(set) var isHeaderBoxed = false
    public private(set) var table = Rect.zero
    public private(set) var columns: [PlacedColumn] = []
    /// Index in the snapshot's paths of the first row shown (the table scrolls to the selection).
    public private(set) var firstVisiblePath = 0
    public private(set) var visiblePathRows = 0
    public private(set) var graph: Rect?
    public private(set) var events: Rect?
    public private(set) var footer = Rect.zero

    public init(width: Int, height: Int, state: DashboardState) {
        self.width = width
        self.height = height
        isTooSmall = width < Self.minimumWidth || height < Self.minimumHeight
        guard !isTooSmall else { return }

        let pathCount = max(1, state.paths.count)
        let eventCount = max(1, state.snapshot?.failovers.count ?? 0)
        footer = Rect(x: 0, y: height - 1, width: width, height: 1)

        isHeaderBoxed = height >= 20
        let headerHeight = isHeaderBoxed ? 4 : 1
        header = Rect(x: 0, y: 0, width: width, height: headerHeight)

        // Table: borders + column titles + one row per path.
        let tableWanted = pathCount + 3
        let tableMinimum = min(pathCount, 3) + 3
        let graphMinimum = 6
        let eventsMinimum = 4
        var remaining = height - headerHeight - 1
        let showGraph = remaining - tableMinimum >= graphMinimum
        let showEvents = showGraph && remaining - tableMinimum - graphMinimum >= eventsMinimum
        let reserved = (showGraph ? graphMinimum : 0) + (showEvents ? eventsMinimum : 0)
        let tableHeight = max(min(tableWanted, remaining - reserved), min(tableMinimum, remaining))
        table = Rect(x: 0, y: headerHeight, width: width, height: tableHeight)
        remaining -= tableHeight

        if showEvents {
            let eventsWanted = min(eventCount, 6) + 3
            let eventsHeight = min(eventsWanted, max(eventsMinimum, remaining - max(graphMinimum, remaining / 2)))
            events = Rect(x: 0, y: height - 1 - eventsHeight, width: width, height: eventsHeight)
            remaining -= eventsHeight
        }
        if showGraph {
            graph = Rect(x: 0, y: table.maxY, width: width, height: remaining)
        }

        visiblePathRows = max(0, tableHeight - 3)
        firstVisiblePath = max(0, min(state.tableScrollOffset, state.paths.count - visiblePathRows))
        if let selected = state.selectedIndex, visiblePathRows > 0 {
            if selected < firstVisiblePath {
                firstVisiblePath = selected
            } else if selected >= firstVisiblePath + visiblePathRows {
                firstVisiblePath = selected - visiblePathRows + 1
            }
        }
        columns = Self.placeColumns(innerX: table.x + 1, innerWidth: table.width - 2, hidden: state.hiddenColumns)
    }

    /// A layout holding only the path table, placed at `table` (for screens other than the main one,
    /// such as the bench view). No row is scrolled to unless `state` has a selection.
    init(table: Rect, state: DashboardState) {
        width = table.maxX
        height = table.maxY
        isTooSmall = false
        self.table = table
        visiblePathRows = max(0, table.height - 3)
        firstVisiblePath = max(0, min(state.tableScrollOffset, state.paths.count - visiblePathRows))
        if let selected = state.selectedIndex, visiblePathRows > 0, selected >= firstVisiblePath + visiblePathRows {
            firstVisiblePath = selected - visiblePathRows + 1
        }
        columns = Self.placeColumns(innerX: table.x + 1, innerWidth: table.width - 2, hidden: state.hiddenColumns)
    }

    /// Keeps columns by priority while they fit, then lets the endpoint and the sparkline share the rest.
    static func placeColumns(innerX: Int, innerWidth: Int, hidden: Set<PathColumn> = []) -> [PlacedColumn] {
        var chosen: Set<PathColumn> = []
        var used = 0
        for column in PathColumn.priority where !hidden.contains(column) {
            let needed = column.minimumWidth + (chosen.isEmpty ? 0 : 1)
            guard used + needed <= innerWidth else { break }
            chosen.insert(column)
            used += needed
        }
        var spare = innerWidth - used
        var widths: [PathColumn: Int] = [:]
        for column in chosen { widths[column] = column.minimumWidth }
        if chosen.contains(.endpoint) {
            let growth = min(spare / 3, PathColumn.maximumEndpointWidth - PathColumn.endpoint.minimumWidth)
            widths[.endpoint, default: 0] += growth
            spare -= growth
        }
        if chosen.contains(.sparkline) { widths[.sparkline, default: 0] += spare }

        var placed: [PlacedColumn] = []
        var x = innerX
        for column in PathColumn.allCases {
            guard let width = widths[column] else { continue }
            placed.append(PlacedColumn(column: column, x: x, width: width))
            x += width + 1
        }
        return placed
    }

    /// The index (in the snapshot's paths) of the table row at a click, if the click is on one.
    public func pathIndex(at click: MouseClick) -> Int? {
        guard !isTooSmall, table.inner.contains(x: click.x, y: click.y) else { return nil }
        let row = click.y - table.y - 2
        guard row >= 0, row < visiblePathRows else { return nil }
        return firstVisiblePath + row
    }

    /// Screen row of the path at `index`, if it is visible.
    public func rowY(forPathIndex index: Int) -> Int? {
        let row = index - firstVisiblePath
        guard row >= 0, row < visiblePathRows else { return nil }
        return table.y + 2 + row
    }
}
