import KwikDashboard

/// Where a ``GridPresenter`` puts cells: the ncurses screen, or a recording fake in tests.
protocol CellScreen {
    mutating func put(_ cell: Cell, x: Int, y: Int)
    mutating func erase()
    /// Shows what was put since the last refresh.
    mutating func refresh()
}
