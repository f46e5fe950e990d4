import CNcurses
import KwikDashboard

/// Copies a ``CellGrid`` to the ncurses screen, touching only cells that changed since the last frame.
struct GridPresenter {
    private var previous = CellGrid(width: 0, height: 0)

    /// Forgets the last frame so the next one is drawn in full (after a resize or a theme change).
    mutating func invalidate() {
        previous = CellGrid(width: 0, height: 0)
        erase()
    }

    mutating func present(_ grid: CellGrid, colors: CursesColors) {
        let full = previous.width != grid.width || previous.height != grid.height
        grid.cells.withUnsafeBufferPointer { cells in
            previous.cells.withUnsafeBufferPointer { old in
                for index in cells.indices {
                    let cell = cells[index]
                    if !full && old[index] == cell { continue }
                    let y = Int32(index / grid.width), x = Int32(index % grid.width)
                    // The bottom-right cell reports an error because the cursor cannot advance; the cell is drawn.
                    _ = kw_put_cell(y, x, cell.scalar.value, colors.pair(for: cell.role), colors.flags(for: cell.role))
                }
            }
        }
        previous = grid
        refresh()
    }
}
