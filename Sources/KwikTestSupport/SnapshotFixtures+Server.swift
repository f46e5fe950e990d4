import KwikDashboard
import KwikSnapshot

extension SnapshotFixtures {
    /// Session `index` of a fixture server: a download from the server's side (the client's deliveries
    /// come in its STATS), 1 to 4 paths from its own host, at its own rate; every seventh has corrupt
    /// bytes, every fifth a failover.
    public static func serverSession(_ index: Int, step: Int) -> SessionSnapshot {
        var session = snapshot(paths: 1 + index % 4, step: step)
        session.sessionID = sessionID(index)
        session.role = .server
        session.uptime = 30 + Double(index * 37 % 600) + Double(step) * stepSeconds
        let host = "10.\(index / 200).\(index % 200 + 1).9"
        for slot in session.paths.indices {
            session.paths[slot].endpoint = "\(host):\(40_000 + index * 4 + slot)"
            session.paths[slot].rxBytes = session.paths[slot].txBytes
            session.paths[slot].deliveredBytes = 0
        }
        session.deliveredBytes = 0
        session.verifiedBytes = 0
        let rate = 8_000_000.0 * Double(index % 13 + 1)
        let delivered = UInt64(rate * session.uptime / 8)
        let corrupt: UInt64 = index % 7 == 6 ? 4_800 : 0
        session.peer?.deliveredBytes = delivered
        session.peer?.verifiedBytes = delivered - corrupt
        session.peer?.corruptBytes = corrupt
        if index % 5 != 4 { session.failoverCounts = [] }
        if index % 5 == 4 {
            session.failoverCounts = [FailoverCount(path: 1, cause: .stale, events: UInt64(index % 3 + 1))]
        }
        return session
    }

    /// A 32-digit hex id, distinct per index.
    public static func sessionID(_ index: Int) -> String {
        let hex = String(UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + "00c0ffee00c0ffee"
    }

    /// A server with `count` running sessions, plus (when `ended`) one that failed.
    public static func server(sessions count: Int, step: Int, ended: Bool = true) -> ServerSnapshot {
        var failed = serverSession(count, step: 0)
        failed.state = .failed
        failed.failureReason = "peer ended the session: client interrupted"
        failed.endedAt = failed.uptime
        return ServerSnapshot(
            addresses: ["0.0.0.0:4433", "[::]:4433"], sessions: (0..<count).map { serverSession($0, step: step) },
            ended: ended ? [failed] : [], refusedJoins: 3)
    }

    /// A server dashboard that has seen `samples` steps of a server with `count` sessions.
    public static func serverView(
        sessions count: Int, width: Int, height: Int, samples: Int = 12, ended: Bool = true
    ) -> ServerViewState {
        var state = ServerViewState(themeNames: ["default", "light"], screenWidth: width, screenHeight: height)
        for step in 0..<samples { state.ingest(server(sessions: count, step: step, ended: ended)) }
        return state
    }

    /// The frame `state` renders.
    public static func frame(_ state: ServerViewState) -> CellGrid {
        var grid = CellGrid(width: state.screenWidth, height: state.screenHeight)
        SessionListScreen.render(state, into: &grid)
        return grid
    }
}
