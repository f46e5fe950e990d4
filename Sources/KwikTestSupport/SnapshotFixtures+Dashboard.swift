import KwikDashboard
import KwikSnapshot

extension SnapshotFixtures {
    /// A dashboard that has seen `samples` steps of a session with `count` paths (by default a little
    /// more than the graph's minute).
    public static func dashboard(
        paths count: Int, width: Int, height: Int, samples: Int = 260, ascii: Bool = false
    ) -> DashboardState {
        var state = DashboardState(
            themeNames: ["default", "light", "nord"], isASCII: ascii, screenWidth: width, screenHeight: height)
        for step in 0..<samples { state.ingest(snapshot(paths: count, step: step)) }
        return state
    }

    /// The frame `state` renders.
    public static func frame(_ state: DashboardState) -> CellGrid {
        var grid = CellGrid(width: state.screenWidth, height: state.screenHeight)
        Screen.render(state, into: &grid)
        return grid
    }
}
