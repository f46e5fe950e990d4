import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

/// The per-path detail view (Enter) and the sending-model columns, as text.
struct PathDetailTests {
    static func opened(
        paths: Int = 4, width: Int = 120, height: Int = 40, select: Int = 1,
        change: (inout SessionSnapshot) -> Void = { _ in }
    ) -> DashboardState {
        var state = DashboardState(themeNames: ["default"], screenWidth: width, screenHeight: height)
        for step in 0..<8 {
            var snapshot = SnapshotFixtures.snapshot(paths: paths, step: step)
            change(&snapshot)
            state.ingest(snapshot)
        }
        state.selectedPathID = select
        _ = state.apply(.key(.enter))
        return state
    }

    @Test func enterOpensTheSelectedPathAndEscapeClosesIt() {
        var state = Self.opened(select: 2)
        #expect(state.overlay == .pathDetail)
        #expect(SnapshotFixtures.frame(state).text.contains("path 2 · esc closes"))
        _ = state.apply(.key(.down))
        #expect(SnapshotFixtures.frame(state).text.contains("path 3 · esc closes"), "the detail follows the selection")
        _ = state.apply(.key(.escape))
        #expect(state.overlay == .none)
        #expect(!SnapshotFixtures.frame(state).text.contains("esc closes"))
    }

    @Test func enterWithoutAPathSaysSo() {
        var state = DashboardState(screenWidth: 80, screenHeight: 24)
        _ = state.apply(.key(.enter))
        #expect(state.overlay == .none)
        #expect(state.statusMessage == "no path selected")
    }

    /// A download: the figures are the server's sender's, and only this end knows what is in flight.
    @Test func downloadShowsThePeersSendingModel() throws {
        let state = Self.opened()
        try FrameSnapshotTests.assertFrame(SnapshotFixtures.frame(state), named: "detail-120x40-download")
    }

    /// Both directions: this end's sender under "data sent", the peer's under "data received", on a
    /// terminal just tall enough for both.
    @Test func bothDirectionsShowBothModels() throws {
        let state = Self.opened(width: 80, height: 24) { snapshot in
            snapshot.workload.direction = .both
            snapshot.paths[0].sending = SendingModel(
                inFlightTargetBytes: 96_000, deliveryRateBps: 4e8, minRTT: 410, smoothedRTT: 1_900,
                headOfLineSeconds: 0.031, opportunisticReinjections: 12)
        }
        let text = SnapshotFixtures.frame(state).text
        #expect(text.contains("data sent (this end's sender)"))
        #expect(text.contains("data received (peer's sender)"))
        try FrameSnapshotTests.assertFrame(SnapshotFixtures.frame(state), named: "detail-80x24-both")
    }

    /// Before the sender has estimates (or before the peer's first STATS) nothing is made up.
    @Test func unknownFiguresShowADash() {
        let state = Self.opened { $0.peer = nil }
        let text = SnapshotFixtures.frame(state).text
        #expect(text.contains("not reported yet"))
        let idle = Self.opened { $0.workload.direction = .upload }
        let lines = SnapshotFixtures.frame(idle).text.split(separator: "\n")
        #expect(lines.contains { $0.contains("in flight") && $0.contains("62.5 KiB now · target -") })
        #expect(lines.contains { $0.contains("model rtt") && $0.contains("min - · srtt - · queueing -") })
    }

    @Test func aPathShowsItsInterfaceAndHowItsReconnectGoes() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 200, height: 40)
        var snapshot = try #require(state.snapshot)
        snapshot.paths[0].binding = PathBinding(local: "192.168.1.2:50000", interface: "wlan0")
        snapshot.paths[1].state = .reconnecting
        snapshot.paths[1].reconnect = ReconnectStatus(attempt: 5, nextIn: 1, lastError: "timed out")
        state.ingest(snapshot)
        let lines = SnapshotFixtures.frame(state).text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("│  1 ") && $0.contains("wlan0 → 10.0.1.2:4433") })
        #expect(lines.contains { $0.hasPrefix("│  2 ") && $0.contains("try 5 in 1.0 s") })
        var narrow = state
        narrow.screenWidth = 100
        let narrowRows = SnapshotFixtures.frame(narrow).text.split(separator: "\n")
        #expect(
            narrowRows.contains { $0.hasPrefix("│  1 10.0.1.2:4433 ") }, "no room for both: the address, whole")
        state.selectedPathID = 1
        _ = state.apply(.key(.enter))
        #expect(SnapshotFixtures.frame(state).text.contains("10.0.1.2:4433 from 192.168.1.2:50000 on wlan0"))
        state.selectedPathID = 2
        #expect(SnapshotFixtures.frame(state).text.contains("reconnecting (attempt 5, next in 1.0 s: timed out)"))
    }

    /// A killed path is back within milliseconds: its row says for a few seconds that it was lost.
    @Test func aPathLostAMomentAgoSaysSoInItsRow() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40)
        var snapshot = try #require(state.snapshot)
        snapshot.failovers.append(FailoverEvent(path: 1, cause: .killed, detectedAt: snapshot.uptime - 1))
        snapshot.failoverCounts = FailoverCount.tally(snapshot.failovers)
        state.ingest(snapshot)
        func row(_ state: DashboardState) -> Substring? {
            SnapshotFixtures.frame(state).text.split(separator: "\n").first { $0.hasPrefix("│  1 ") }
        }
        #expect(row(state)?.contains("active ↻1") == true, "\(row(state) ?? "")")
        snapshot.uptime += 3
        state.ingest(snapshot)
        #expect(row(state)?.contains("↻") == false, "gone after a few seconds")
    }

    @Test func aPathThatNoLongerAnswersShowsNoRTT() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40)
        var snapshot = try #require(state.snapshot)
        snapshot.paths[1].state = .reconnecting
        state.ingest(snapshot)
        let rows = SnapshotFixtures.frame(state).text.split(separator: "\n")
        let row = try #require(rows.first { $0.hasPrefix("│  2 ") })
        #expect(!row.contains(" ms "), "the last srtt of a connection gone: \(row)")
        #expect(rows.first { $0.hasPrefix("│  1 ") }?.contains(" ms ") == true)
    }

    @Test func theTableShowsQueueAndTargetOfTheDatasSender() throws {
        let state = SnapshotFixtures.dashboard(paths: 4, width: 200, height: 60)
        let lines = SnapshotFixtures.frame(state).text.split(separator: "\n")
        let titles = try #require(lines.first { $0.contains(" id endpoint") })
        #expect(titles.contains("queue") && titles.contains("target"))
        #expect(lines.contains { $0.contains("queue, target: peer's sender") })
        let row = try #require(lines.first { $0.hasPrefix("│  1 ") })
        #expect(row.contains("4.37 ms"), "srtt 4.75 ms over a 380 µs floor")
        let narrow = SnapshotFixtures.frame(SnapshotFixtures.dashboard(paths: 4, width: 60, height: 16)).text
        #expect(!narrow.contains("queue"), "dropped on a narrow terminal, and not named in the title")
    }

    @Test func theHeaderShowsTheReceiveWindowAndTheTimeItLimitedTheSender() {
        let text = SnapshotFixtures.frame(SnapshotFixtures.dashboard(paths: 4, width: 200, height: 60)).text
        #expect(text.contains("rwnd 600 KiB/2.3 MiB"))
        #expect(text.contains("win-limited 1.25 s"))
    }
}
