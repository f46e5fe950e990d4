import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

/// The per-path detail view (Enter) and the sending-model columns, as text.
struct PathDetailTests {
    static func opened(
        paths: Int = 4, width: Int = 120, height: Int = 40, select: Int = 1, steps: Int = 120,
        change: (inout SessionSnapshot) -> Void = { _ in }
    ) -> DashboardState {
        var state = DashboardState(themeNames: ["default"], screenWidth: width, screenHeight: height)
        for step in 0..<steps {
            var snapshot = SnapshotFixtures.snapshot(paths: paths, step: step)
            Self.vary(&snapshot, step: step)
            change(&snapshot)
            state.ingest(snapshot)
        }
        state.selectedPathID = select
        _ = state.apply(.key(.enter))
        return state
    }

    /// Counters the fixture keeps still, made to move so that every series has a shape: pool gets at
    /// a varying pace with a miss now and then, an ordering violation every 16th step, the head of
    /// the window held by path 1 in bursts, the RTT and the peer's target in a slow wave.
    static func vary(_ snapshot: inout SessionSnapshot, step: Int) {
        for index in snapshot.paths.indices {
            var path = snapshot.paths[index]
            let id = UInt64(path.id), k = UInt64(step)
            let gets = path.pool.gets + k * 2_000 * id + (k * k * 7) % 900
            let misses = path.pool.misses + k / 5
            path.pool = PoolCounters(
                gets: gets, hits: gets - misses, misses: misses, returns: gets - 40, outstanding: 40, highWater: 256)
            path.orderingViolations += k / 16
            path.bytesInFlight = 40_000 + UInt64((step * 7_919 * path.id) % 30_000)
            if var rtt = path.rtt {
                rtt.smoothed += Double((step * 37) % 23) * 150
                path.rtt = rtt
            }
            snapshot.paths[index] = path
        }
        guard var peer = snapshot.peer else { return }
        for index in peer.paths.indices {
            peer.paths[index].sending.headOfLineSeconds += Double(step / 8 + (step % 8 < 3 ? step % 8 : 3)) * 0.004
            peer.paths[index].sending.inFlightTargetBytes += UInt64((step * 13) % 40) * 1_000
            if let srtt = snapshot.paths.first(where: { $0.id == peer.paths[index].id })?.rtt?.smoothed {
                peer.paths[index].sending.smoothedRTT = srtt
            }
        }
        snapshot.peer = peer
    }

    @Test func enterOpensTheSelectedPathAndEscapeClosesIt() {
        var state = Self.opened(select: 2)
        #expect(state.overlay == .pathDetail)
        #expect(SnapshotFixtures.frame(state).text.contains("path 2 · 10.0.2.2:4433"))
        _ = state.apply(.key(.down))
        #expect(
            SnapshotFixtures.frame(state).text.contains("path 3 · 10.0.3.2:4433"), "the detail follows the selection")
        _ = state.apply(.key(.escape))
        #expect(state.overlay == .none)
        #expect(!SnapshotFixtures.frame(state).text.contains("esc back"))
    }

    /// A path killed and back: the detail keeps its failover, how many times it reconnected and the
    /// last error, after the row has forgotten them.
    @Test func theDetailKeepsThePathsFailoversAndItsLastError() throws {
        var state = Self.opened(width: 120, height: 40)
        var snapshot = try #require(state.snapshot)
        snapshot.paths[0].state = .reconnecting
        snapshot.paths[0].reconnect = ReconnectStatus(attempt: 2, nextIn: 0.1, lastError: "connection refused")
        snapshot.failovers.append(
            FailoverEvent(
                path: 1, cause: .killed, detectedAt: snapshot.uptime - 1, firstReinjectionAt: snapshot.uptime - 0.99,
                resumedAt: snapshot.uptime - 0.97, reinjectedPackets: 40, reinjectedBytes: 48_000))
        snapshot.failoverCounts = FailoverCount.tally(snapshot.failovers)
        snapshot.uptime += 0.25
        state.ingest(snapshot)
        snapshot.paths[0].state = .active
        snapshot.paths[0].reconnect = nil
        snapshot.uptime += 10
        state.ingest(snapshot)
        let lines = SnapshotFixtures.frame(state).text.split(separator: "\n")
        #expect(lines.contains { $0.contains("failovers 1 · reconnects 1") })
        #expect(lines.contains { $0.contains("last error") && $0.contains("connection refused") })
        #expect(lines.contains { $0.contains("killed · resumed in 30.0 ms · re-injected 46.9 KiB") })
    }

    /// Without braille the graphs draw in ASCII levels and the strip's marks are ASCII too.
    @Test func theDetailDrawsInASCII() throws {
        var state = Self.opened(width: 120, height: 40)
        state.isASCII = true
        let text = SnapshotFixtures.frame(state).text
        #expect(!text.unicodeScalars.contains { $0.value >= 0x2800 && $0.value < 0x2900 }, "no braille")
        let rx = try #require(text.split(separator: "\n").first { $0.hasPrefix("| rx ") })
        #expect(rx.contains("@") || rx.contains("%"), "\(rx)")
        #expect(text.contains("o p50 410 us"))
    }

    @Test func enterWithoutAPathSaysSo() {
        var state = DashboardState(screenWidth: 80, screenHeight: 24)
        _ = state.apply(.key(.enter))
        #expect(state.overlay == .none)
        #expect(state.statusMessage == "no path selected")
    }

    /// A download: the figures are the server's sender's, and only the sender knows what is in flight.
    @Test(arguments: [(80, 24), (120, 40)])
    func downloadShowsThePeersSendingModel(width: Int, height: Int) throws {
        let state = Self.opened(width: width, height: height)
        try FrameSnapshotTests.assertFrame(SnapshotFixtures.frame(state), named: "detail-\(width)x\(height)-download")
    }

    /// Both directions: this end's sender under "data sent", the peer's under "data received", the
    /// figures beside the graphs.
    @Test func bothDirectionsShowBothModels() throws {
        let state = Self.opened(width: 200, height: 60) { snapshot in
            snapshot.workload.direction = .both
            snapshot.paths[0].sending = SendingModel(
                inFlightTargetBytes: 96_000, deliveryRateBps: 4e8, minRTT: 410, smoothedRTT: 1_900,
                headOfLineSeconds: 0.031, opportunisticReinjections: 12)
        }
        let text = SnapshotFixtures.frame(state).text
        #expect(text.contains("data sent (this end's sender)"))
        #expect(text.contains("data received (peer's sender)"))
        try FrameSnapshotTests.assertFrame(SnapshotFixtures.frame(state), named: "detail-200x60-both")
    }

    /// Before the sender has estimates (or before the peer's first STATS) nothing is made up.
    @Test func unknownFiguresShowADash() {
        let state = Self.opened(width: 200, height: 60) { $0.peer = nil }
        let text = SnapshotFixtures.frame(state).text
        #expect(text.contains("not reported yet"))
        let idle = Self.opened(width: 200, height: 60) { $0.workload.direction = .upload }
        let lines = SnapshotFixtures.frame(idle).text.split(separator: "\n")
        #expect(lines.contains { $0.contains("in flight") && $0.contains(" now · target -") })
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
        #expect(lines.contains { $0.contains("queue, target, reinj: peer's sender") })
        let row = try #require(lines.first { $0.hasPrefix("│  1 ") })
        #expect(row.contains("4.37 ms"), "srtt 4.75 ms over a 380 µs floor")
        let narrow = SnapshotFixtures.frame(SnapshotFixtures.dashboard(paths: 4, width: 60, height: 16)).text
        #expect(!narrow.contains("queue"), "dropped on a narrow terminal, and not named in the title")
    }

    /// A download: what the server re-injected shows at the client, which re-injects nothing itself.
    @Test func theReceivingEndShowsWhatThePeerReinjected() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 200, height: 60)
        var snapshot = try #require(state.snapshot)
        snapshot.paths[1].peerReinjectedPackets = 1_706
        snapshot.paths[1].peerReinjectedBytes = 2_096_000
        snapshot.uptime += 0.25
        state.ingest(snapshot)
        let lines = SnapshotFixtures.frame(state).text.split(separator: "\n")
        let row = try #require(lines.first { $0.hasPrefix("│  2 ") })
        #expect(row.contains(" 1706 "), "\(row)")
        state.selectedPathID = 2
        _ = state.apply(.key(.enter))
        #expect(SnapshotFixtures.frame(state).text.contains("failover: this end 0 packets (0 B) · peer 1706 (2.0 MiB)"))
    }

    @Test func theHeaderShowsTheReceiveWindowAndTheTimeItLimitedTheSender() {
        let text = SnapshotFixtures.frame(SnapshotFixtures.dashboard(paths: 4, width: 200, height: 60)).text
        #expect(text.contains("rwnd 600 KiB/2.3 MiB"))
        #expect(text.contains("win-limited 1.25 s"))
    }
}
