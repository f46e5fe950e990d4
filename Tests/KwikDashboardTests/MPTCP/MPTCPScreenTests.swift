import KwikSnapshot
import Testing

@testable import KwikDashboard

@Suite struct MPTCPScreenTests {
    static func subflow(
        _ host: Int, id: UInt8, join: Bool, backup: Bool = false, lost: UInt32 = 0
    ) -> MPTCPReport.Subflow {
        var subflow = MPTCPReport.Subflow(
            local: "10.0.\(host).2:\(40000 + Int(id))", remote: "192.0.2.1:5201",
            interface: host == 1 ? "wlan0" : "usb0",
            localId: id, remoteId: 0, backup: backup, join: join, fullyEstablished: !join)
        subflow.rxBps = 1.2e6 * Double(id + 1)
        subflow.txBps = 41e6 / Double(id + 1)
        subflow.srttUs = 18_000 + UInt32(id) * 9_000
        subflow.rttvarUs = 2_500
        subflow.minRttUs = 12_000 + UInt32(id) * 8_000
        subflow.cwnd = 40 - UInt32(id) * 7
        subflow.pacingRateBps = 96e6
        subflow.retransmits = UInt32(id) * 3
        subflow.lost = lost
        subflow.reordering = 3
        subflow.lastDataReceivedMs = 4
        subflow.lastAckMs = 1
        return subflow
    }

    static let download: MPTCPReport.Connection = {
        var connection = MPTCPReport.Connection(
            local: "10.0.1.2:40000", remote: "192.0.2.1:5201", token: "e8f8e520", pid: 4242, command: "iperf3",
            rxBps: 6e6, txBps: 61e6,
            subflows: [subflow(1, id: 0, join: false), subflow(2, id: 1, join: true, backup: true, lost: 2)])
        var counters = MPTCPReport.Counters(
            subflows: 1, subflowsMax: 4, addAddrAcceptedMax: 4, localAddrUsed: 2, localAddrMax: 3)
        counters.bytesSent = 1_250_000_000
        counters.bytesAcked = 1_249_000_000
        counters.bytesReceived = 4096
        counters.retransmits = 7
        counters.bytesRetransmitted = 114_688
        counters.subflowsTotal = 2
        connection.mptcp = counters
        return connection
    }()
    static let fallback = MPTCPReport.Connection(
        local: "10.0.1.2:40100", remote: "198.51.100.7:443", token: "0badf00d", fallback: true, pid: 977,
        command: "curl", subflows: [subflow(1, id: 0, join: false)])

    static func event(_ time: Double, _ kind: String, local: String? = nil, id: UInt8? = nil) -> MPTCPReport.Event {
        var event = MPTCPReport.Event(time: time, kind: kind, token: "e8f8e520")
        event.local = local
        event.remote = local.map { _ in "192.0.2.1:5201" }
        event.localId = id
        event.remoteId = id.map { _ in 0 }
        event.interface = local.map { $0.hasPrefix("10.0.1.") ? "wlan0" : "usb0" }
        return event
    }

    static let events = [
        event(0.4, "created", local: "10.0.1.2:40000", id: 0),
        event(0.4, "established", local: "10.0.1.2:40000", id: 0),
        event(0.5, "sf_established", local: "10.0.2.2:40001", id: 1),
    ]

    static func state(
        _ connections: [MPTCPReport.Connection], width: Int = 120, height: Int = 30,
        events: [MPTCPReport.Event] = events
    ) -> MPTCPViewState {
        var state = MPTCPViewState(screenWidth: width, screenHeight: height)
        var report = MPTCPReport(time: 2, connections: connections, events: events)
        report.endpoints = endpoints
        report.limits = MPTCPReport.Limits(subflows: 4, addAddrAccepted: 2)
        state.ingest(report)
        return state
    }

    static let endpoints = [
        MPTCPReport.Endpoint(id: 1, address: "10.0.2.2", flags: ["subflow", "backup"], interface: "usb0"),
        MPTCPReport.Endpoint(id: 2, address: "10.0.3.2", flags: ["subflow"], interface: "eth1"),
    ]

    /// b, d and a ask first; y carries the change out, any other key cancels it; a adds back what d
    /// removed; --readonly only says so.
    @Test func endpointKeysAskBeforeTheyChangeThePathManager() {
        var state = Self.state([Self.download])
        #expect(state.apply(.key(.tab)).isEmpty && state.focus == .endpoints)
        _ = state.apply(.key(.down))
        #expect(state.selectedEndpoint?.id == 2)
        #expect(state.apply(.key(.character("b"))).isEmpty)
        #expect(state.statusMessage == "mark endpoint 2 (10.0.3.2) as backup? y to confirm")
        #expect(state.apply(.key(.character("n"))).isEmpty && state.statusMessage == "cancelled")
        #expect(state.apply(.key(.character("y"))).isEmpty, "nothing pending any more")
        _ = state.apply(.key(.up))
        _ = state.apply(.key(.character("b")))
        #expect(state.statusMessage == "clear the backup flag of endpoint 1 (10.0.2.2)? y to confirm")
        #expect(state.apply(.key(.character("y"))) == [.setBackup(endpoint: 1, false)])
        _ = state.apply(.key(.character("a")))
        #expect(state.statusMessage == "no endpoint removed from here to add back")
        _ = state.apply(.key(.character("d")))
        let removal = state.apply(.key(.character("y")))
        #expect(removal == [.remove(endpoint: 1)])
        state.carriedOut(.remove(endpoint: 1), failure: nil)
        #expect(state.statusMessage == "endpoint 1 removed: a to add it back")
        _ = state.apply(.key(.character("a")))
        #expect(state.statusMessage == "add endpoint 1 (10.0.2.2) back? y to confirm")
        #expect(state.apply(.key(.character("y"))) == [.add(endpoint: 1)])
        state.carriedOut(.add(endpoint: 1), failure: "the path manager refused: EEXIST")
        #expect(state.statusMessage == "the path manager refused: EEXIST")
        #expect(state.removedEndpoints.map(\.id) == [1], "still there to try again")

        var readOnly = Self.state([Self.download])
        readOnly.isReadOnly = true
        _ = readOnly.apply(.key(.tab))
        #expect(readOnly.apply(.key(.character("d"))).isEmpty && readOnly.apply(.key(.character("y"))).isEmpty)
        #expect(readOnly.statusMessage == "read-only (--readonly): the path manager's endpoints are not changed")
    }

    /// One sample per report for each subflow, drawn on one scale; a subflow no longer reported is forgotten.
    @Test func eachSubflowHasASparklineOfItsRate() {
        var state = MPTCPViewState(screenWidth: 140, screenHeight: 30)
        for time in 1...4 {
            var connection = Self.download
            connection.subflows[1].txBps = Double(time) * 1e6
            state.ingest(MPTCPReport(time: Double(time), connections: [connection]))
        }
        let second = MPTCPViewState.key(of: Self.download.subflows[1], in: Self.download)
        #expect(state.subflowHistory[second]?.count == 4)
        #expect(state.subflowHistory.count == 2)
        let row = Self.frame(state).text.split(separator: "\n").first {
            $0.contains("10.0.2.2:40001") && $0.contains("usb0")
        }
        let braille = row?.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count ?? 0
        #expect(braille >= 2, "the rising rate shows: \(row ?? "")")
        state.ingest(MPTCPReport(time: 5, connections: [Self.fallback]))
        #expect(state.subflowHistory[second] == nil)
    }

    /// g swaps the subflow table for their rates stacked over time, the newest at the right.
    @Test func gShowsTheSubflowsStacked() {
        var state = MPTCPViewState(screenWidth: 120, screenHeight: 30)
        for time in 1...30 {
            var connection = Self.download
            connection.subflows[0].txBps = 8e6
            connection.subflows[0].rxBps = 0
            connection.subflows[1].txBps = time > 20 ? 0 : 8e6
            connection.subflows[1].rxBps = 0
            state.ingest(MPTCPReport(time: Double(time), connections: [connection]))
        }
        #expect(state.apply(.key(.character("g"))).isEmpty && state.showsSubflowGraph)
        let lines = Self.frame(state).text.split(separator: "\n").map(String.init)
        let top = lines.firstIndex {
            $0.contains("rx+tx of 10.0.1.2:40000 → 192.0.2.1:5201, stacked · peak 16.0 Mbit/s")
        }
        #expect(top != nil)
        #expect(lines.contains { $0.contains("id 0") && $0.contains("id 1") }, "the legend names the subflows")
        guard let top else { return }
        // Two samples per cell: the newest five cells hold subflow 0 alone, the ten before them both.
        let plot = lines[(top + 1)..<(top + 11)].map { Array($0.unicodeScalars) }
        func height(_ column: Int) -> Int { plot.filter { (0x2801...0x28FF).contains($0[column].value) }.count }
        let newest = plot[0].count - 2
        #expect(
            height(newest) > 0 && height(newest - 7) == 2 * height(newest),
            "\(height(newest)) then \(height(newest - 7))")
        #expect(height(newest - 20) == 0, "older than the history")
        #expect(MPTCPSubflowGraphPanel.columns([nil], count: 2) == [nil, nil])
    }

    @Test func theConnectionsOwnCountersAreShownBelowItsSubflows() {
        let text = Self.frame(Self.state([Self.download], width: 200)).text
        #expect(text.contains("mptcp_info: sent 1.2 GiB acked 1.2 GiB received 4.0 KiB · retrans 7 (112 KiB)"))
        #expect(text.contains("subflows +1/4 (2 ever) · add_addr signal 0/0 · accepted 0/4 · local addrs 2/3"))
    }

    @Test func theEndpointTableShowsFlagsLimitsAndSubflowsInUse() {
        let text = Self.frame(Self.state([Self.download])).text
        #expect(text.contains("endpoints · limits: subflows 4, add_addr_accepted 2"))
        let rows = text.split(separator: "\n")
        #expect(rows.contains { $0.contains("10.0.2.2 ") && $0.contains("subflow backup") && $0.contains("usb0  ") })
        #expect(rows.contains { $0.contains("10.0.3.2 ") && $0.contains("eth1") })
    }

    static func frame(_ state: MPTCPViewState) -> CellGrid {
        var grid = CellGrid(width: state.screenWidth, height: state.screenHeight)
        MPTCPScreen.render(state, into: &grid)
        return grid
    }

    @Test(arguments: [(120, 30), (80, 24)])
    func frame(size: (Int, Int)) throws {
        let state = Self.state([Self.download, Self.fallback], width: size.0, height: size.1)
        try FrameSnapshotTests.assertFrame(Self.frame(state), named: "mptcp-\(size.0)x\(size.1)")
    }

    /// Each report's events join the log once, newest shown first; the title counts them, and lost ones.
    @Test func theEventLogShowsEachEventOnce() {
        var state = Self.state([Self.download])
        let report = MPTCPReport(time: 3, connections: [Self.download], events: [Self.event(2.9, "sf_closed")])
        state.ingest(report)
        state.ingest(report)
        #expect(state.eventLog.map(\.kind) == ["created", "established", "sf_established", "sf_closed"])
        let lines = Self.frame(state).text.split(separator: "\n")
        let closed = lines.firstIndex { $0.contains("sf_closed") }
        let joined = lines.firstIndex {
            $0.contains("sf_established") && $0.contains("10.0.2.2:40001 → 192.0.2.1:5201")
        }
        #expect(lines.contains { $0.contains("events 4") })
        #expect(closed != nil && joined != nil && closed! < joined!, "newest first")
        var lossy = report
        lossy.time = 4
        lossy.events = []
        lossy.eventsLost = 7
        state.ingest(lossy)
        #expect(Self.frame(state).text.contains("events 4 · 7 lost"))
    }

    @Test func anEmptyLogSaysWhy() {
        var state = MPTCPViewState(screenWidth: 120, screenHeight: 30)
        state.eventsNotice = "no event log: joining multicast group 9 was denied"
        state.ingest(MPTCPReport(time: 1, connections: [Self.download]))
        #expect(Self.frame(state).text.contains("no event log: joining multicast group 9 was denied"))
    }

    /// The selected connection's subflows are listed below it; the selection follows the connection.
    @Test func theSelectionPicksTheSubflowsShown() {
        var state = Self.state([Self.fallback, Self.download], events: [])
        #expect(state.selectedConnection == Self.download, "sorted by local end: :40000 first")
        #expect(Self.frame(state).text.contains("subflows of 10.0.1.2:40000 → 192.0.2.1:5201"))
        _ = state.apply(.key(.down))
        #expect(state.selectedConnection == Self.fallback)
        let text = Self.frame(state).text
        #expect(text.contains("subflows of 10.0.1.2:40100 → 198.51.100.7:443"))
        #expect(!text.contains("10.0.2.2:40001"), "the other connection's subflows are gone")
        state.ingest(MPTCPReport(time: 3, connections: [Self.fallback]))
        #expect(state.selectedConnection == Self.fallback, "kept while its connection is there")
        state.ingest(MPTCPReport(time: 4, connections: [Self.download]))
        #expect(state.selectedConnection == Self.download, "moved to the first when it is gone")
    }

    @Test func troubleStandsOut() throws {
        let grid = Self.frame(Self.state([Self.download, Self.fallback]))
        let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func role(of text: String) throws -> StyleRole {
            let y = try #require(lines.firstIndex { $0.contains(text) }, "\(text) on screen")
            let line = Array(lines[y].unicodeScalars)
            let needle = Array(text.unicodeScalars)
            let x = try #require(line.indices.first { line[$0...].starts(with: needle) })
            return grid[x, y].role
        }
        #expect(try role(of: "fallback   1") == .warn)
        #expect(try role(of: "JB") == .warn, "a backup subflow")
        #expect(
            lines.contains { $0.contains("connections 2") && $0.contains("subflows 3") && $0.contains("fallback 1") })
        #expect(lines.contains { $0.contains("iperf3/4242") && $0.contains("e8f8e520") })
    }

    @Test func anEmptyHostSaysHowToMakeAConnection() {
        let text = Self.frame(Self.state([])).text
        #expect(text.contains("no MPTCP connection on this host"))
        #expect(text.contains("connections 0"))
    }

    @Test func keys() {
        var state = Self.state([Self.download])
        #expect(state.apply(.key(.character("q"))) == [.quit])
        #expect(state.apply(.key(.interrupt)) == [.quit])
        #expect(state.apply(.key(.character("?"))).isEmpty && state.overlay == .help)
        #expect(Self.frame(state).text.contains("F fully established, J joined (MP_JOIN), B backup"))
        _ = state.apply(.key(.escape))
        #expect(state.overlay == .none)
        _ = state.apply(.key(.character("+")))
        #expect(state.refreshHz == 8)
        _ = state.apply(.key(.character("x")))
        #expect(state.statusMessage?.contains("not steered from here") == true)
    }

    /// A narrow screen keeps the first columns and drops the last.
    @Test func columnsDropFromTheEnd() {
        let narrow = Self.frame(Self.state([Self.download], width: 80, height: 24)).text
        let wide = Self.frame(Self.state([Self.download], width: 200, height: 30)).text
        #expect(narrow.contains("srtt") && !narrow.contains("last ack"))
        #expect(wide.contains("last ack") && wide.contains("pacing"))
    }
}
