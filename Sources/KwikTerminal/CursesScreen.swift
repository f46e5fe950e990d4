import CNcurses
import KwikDashboard

/// The ncurses standard screen, drawing each role in its theme colours.
struct CursesScreen: CellScreen {
    var colors: CursesColors

    func put(_ cell: Cell, x: Int, y: Int) {
        // The bottom-right cell reports an error because the cursor cannot advance; the cell is drawn.
        let role = cell.role
        _ = kw_put_cell(Int32(y), Int32(x), cell.scalar.value, colors.pair(for: role), colors.flags(for: role))
    }

    func erase() { CNcurses.erase() }

    func refresh() { CNcurses.refresh() }
}
