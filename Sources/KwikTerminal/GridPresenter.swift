import KwikDashboard

/// Copies a ``CellGrid`` to a screen, touching only cells that changed since the last frame.
struct GridPresenter {
    private var previous = CellGrid(width: 0, height: 0)

    /// Forgets the last frame so the next one is drawn in full (after a resize or a theme change).
    mutating func invalidate(_ screen: inout some CellScreen) {
        previous = CellGrid(width: 0, height: 0)
        screen.erase()
    }

    mutating func present(_ grid: CellGrid, on screen: inout some CellScreen) {
        let full = previous.width != grid.width || previous.height != grid.height
        grid.cells.withUnsafeBufferPointer { cells in
            previous.cells.withUnsafeBufferPointer { old in
                for index in cells.indices {
                    let cell = cells[index]
                    if !full && old[index] == cell { continue }
                    screen.put(cell, x: index % grid.width, y: index / grid.width)
                }
            }
        }
        previous = grid
        screen.refresh()
    }
}
