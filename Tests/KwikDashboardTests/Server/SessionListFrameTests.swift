import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

/// The server's session list as whole frames, compared with files in `Render/Snapshots/`.
struct SessionListFrameTests {
    @Test(arguments: [(1, 80, 24), (10, 120, 40), (64, 120, 40), (64, 200, 60)])
    func sessionList(sessions: Int, width: Int, height: Int) throws {
        let state = SnapshotFixtures.serverView(sessions: sessions, width: width, height: height)
        try FrameSnapshotTests.assertFrame(
            SnapshotFixtures.frame(state), named: "server-\(sessions)sessions-\(width)x\(height)")
    }

    @Test func sortedByGoodputAscending() throws {
        var state = SnapshotFixtures.serverView(sessions: 10, width: 120, height: 24)
        while state.sortColumn != .goodput { _ = state.apply(.key(.character(">"))) }
        _ = state.apply(.key(.character("I")))
        let rates = state.rows.filter { !$0.hasEnded }.map(\.goodputBps)
        #expect(rates == rates.sorted())
        #expect(state.rows.last?.hasEnded == true, "ended sessions stay below the running ones")
        try FrameSnapshotTests.assertFrame(SnapshotFixtures.frame(state), named: "server-sorted-goodput-120x24")
    }

    @Test func filteredWhileTyping() throws {
        var state = SnapshotFixtures.serverView(sessions: 64, width: 120, height: 24)
        for character in "10.0.1" { _ = state.apply(.key(.character(character))) }
        #expect(state.filter.isEmpty, "typed without / first: no filter")
        _ = state.apply(.key(.character("/")))
        for character in "10.0.1" { _ = state.apply(.key(.character(character))) }
        #expect(state.prompt == .filter)
        #expect(state.rows.allSatisfy { $0.peer.hasPrefix("10.0.1") })
        try FrameSnapshotTests.assertFrame(SnapshotFixtures.frame(state), named: "server-filtering-120x24")
        _ = state.apply(.key(.character(".")))
        _ = state.apply(.key(.character("9")))
        _ = state.apply(.key(.enter))
        #expect(state.prompt == .none && state.filter == "10.0.1.9")
        #expect(state.rows.map(\.peer) == ["10.0.1.9"])
    }

    @Test func aSessionOpenedFromTheList() throws {
        var state = SnapshotFixtures.serverView(sessions: 10, width: 120, height: 40)
        _ = state.apply(.key(.down))
        _ = state.apply(.key(.down))
        let chosen = try #require(state.selectedRow)
        _ = state.apply(.key(.enter))
        #expect(state.mode == .session(chosen.id))
        let grid = SnapshotFixtures.frame(state)
        #expect(grid.text.contains("session \(chosen.id) (server)"))
        try FrameSnapshotTests.assertFrame(grid, named: "server-session-opened-120x40")
    }
}
