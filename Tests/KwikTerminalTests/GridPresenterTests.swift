import KwikDashboard
import KwikTestSupport
import Testing

@testable import KwikTerminal

struct GridPresenterTests {
    @Test func theFirstFrameIsDrawnInFull() {
        let frame = SnapshotFixtures.frame(SnapshotFixtures.dashboard(paths: 4, width: 80, height: 24))
        var screen = FakeScreen(width: 80, height: 24)
        var presenter = GridPresenter()
        presenter.present(frame, on: &screen)
        #expect(screen.shown == frame)
        #expect(screen.putsPerRefresh == [80 * 24])
    }

    @Test func laterFramesTouchOnlyChangedCells() {
        var grid = CellGrid(width: 10, height: 3)
        var screen = FakeScreen(width: 10, height: 3)
        var presenter = GridPresenter()
        presenter.present(grid, on: &screen)
        grid.put("x", x: 9, y: 2, role: .bad)
        grid.put("y", x: 0, y: 1, role: .good)
        presenter.present(grid, on: &screen)
        presenter.present(grid, on: &screen)
        #expect(screen.shown == grid)
        #expect(screen.putsPerRefresh == [30, 2, 0])
    }

    @Test func invalidateErasesAndRedrawsEverything() {
        let frame = SnapshotFixtures.frame(SnapshotFixtures.dashboard(paths: 2, width: 60, height: 16))
        var screen = FakeScreen(width: 60, height: 16)
        var presenter = GridPresenter()
        presenter.present(frame, on: &screen)
        presenter.invalidate(&screen)
        #expect(screen.erases == 1)
        presenter.present(frame, on: &screen)
        #expect(screen.shown == frame)
        #expect(screen.putsPerRefresh == [60 * 16, 60 * 16])
    }

    @Test func aResizedGridIsDrawnInFull() {
        var screen = FakeScreen(width: 8, height: 2)
        var presenter = GridPresenter()
        presenter.present(CellGrid(width: 4, height: 2), on: &screen)
        presenter.present(CellGrid(width: 8, height: 2), on: &screen)
        #expect(screen.putsPerRefresh == [8, 16])
    }
}
