import KwikDashboard

@testable import KwikTerminal

/// A screen that remembers what was put on it, and how.
struct FakeScreen: CellScreen {
    var width: Int
    var height: Int
    private(set) var shown: CellGrid
    /// Cells put since the last refresh.
    private(set) var pending: [(x: Int, y: Int)] = []
    private(set) var putsPerRefresh: [Int] = []
    private(set) var erases = 0

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        shown = CellGrid(width: width, height: height)
    }

    mutating func put(_ cell: Cell, x: Int, y: Int) {
        shown[x, y] = cell
        pending.append((x, y))
    }

    mutating func erase() {
        shown = CellGrid(width: width, height: height)
        erases += 1
    }

    mutating func refresh() {
        putsPerRefresh.append(pending.count)
        pending = []
    }
}
