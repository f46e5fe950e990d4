import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

struct CellGridTests {
    @Test func writeClipsAtTheEdgeAndTextTrimsTrailingSpaces() {
        var grid = CellGrid(width: 5, height: 2)
        #expect(grid.write("abcdefg", x: 2, y: 0, role: .value) == 3)
        grid.put("z", x: 9, y: 9, role: .bad)
        #expect(grid.text == "  abc\n")
        #expect(grid[2, 0] == Cell("a", .value))
    }

    @Test func reusedGridRendersLikeAFreshOne() {
        let big = SnapshotFixtures.dashboard(paths: 16, width: 200, height: 60)
        var grid = CellGrid(width: 200, height: 60)
        Screen.render(big, into: &grid)
        let small = SnapshotFixtures.dashboard(paths: 1, width: 200, height: 60)
        Screen.render(small, into: &grid)
        #expect(grid == SnapshotFixtures.frame(small))
        grid.reset(width: 80, height: 24)
        var resized = small
        resized.screenWidth = 80
        resized.screenHeight = 24
        Screen.render(resized, into: &grid)
        #expect(grid == SnapshotFixtures.frame(resized))
    }

    @Test func pathColoursFollowFirstSeenOrder() {
        var state = DashboardState(screenWidth: 120, screenHeight: 40)
        var snapshot = SnapshotFixtures.snapshot(paths: 2)
        state.ingest(snapshot)
        snapshot.paths.reverse()
        state.ingest(snapshot)
        let layout = Layout(width: 120, height: 40, state: state)
        let grid = SnapshotFixtures.frame(state)
        let idColumn = layout.columns[0]
        // Path 2 is now the first row but keeps the second colour; path 1 (selected) moved down.
        #expect(grid[idColumn.x + 2, layout.rowY(forPathIndex: 0)!] == Cell("2", .path(1)))
        #expect(grid[idColumn.x + 2, layout.rowY(forPathIndex: 1)!] == Cell("1", .selected))
        #expect(state.selectedPathID == 1)
    }
}
