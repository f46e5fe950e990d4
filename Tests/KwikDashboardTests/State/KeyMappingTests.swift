import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

struct KeyMappingTests {
    /// Four paths: 1 and 2 active, 3 standby, 4 disabled (see ``SnapshotFixtures``).
    func state(readonly: Bool = false) -> DashboardState {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 120, height: 40, samples: 3)
        state.isReadOnly = readonly
        return state
    }

    func press(_ key: Key, on state: inout DashboardState) -> [DashboardCommand] { state.apply(.key(key)) }
    func press(_ character: Character, on state: inout DashboardState) -> [DashboardCommand] {
        state.apply(.key(.character(character)))
    }

    @Test func digitsTogglePathByID() {
        var state = state()
        #expect(press("1", on: &state) == [.path(.disable, 1)])
        #expect(press("3", on: &state) == [.path(.disable, 3)])
        #expect(press("4", on: &state) == [.path(.enable, 4)])
        #expect(press("9", on: &state) == [])
        #expect(state.statusMessage == "no path 9")
    }

    @Test func digitsOnUntoggleableStatesExplain() {
        var state = SnapshotFixtures.dashboard(paths: 6, width: 120, height: 40, samples: 1)
        #expect(press("6", on: &state) == [])
        #expect(state.statusMessage == "path 6 is failed: nothing to toggle")
    }

    @Test func selectionMovesAndClamps() {
        var state = state()
        #expect(state.selectedPathID == 1)
        _ = press(.down, on: &state)
        #expect(state.selectedPathID == 2)
        _ = press("j", on: &state)
        _ = press("j", on: &state)
        _ = press("j", on: &state)
        #expect(state.selectedPathID == 4)
        _ = press(.up, on: &state)
        #expect(state.selectedPathID == 3)
        _ = press("k", on: &state)
        _ = press("k", on: &state)
        _ = press("k", on: &state)
        #expect(state.selectedPathID == 1)
    }

    @Test func spaceTogglesAndXKillsTheSelection() {
        var state = state()
        _ = press(.down, on: &state)
        #expect(press(" ", on: &state) == [.path(.disable, 2)])
        #expect(press("x", on: &state) == [.path(.kill, 2)])
        #expect(state.statusMessage == "kill path 2")
    }

    /// Whether `b` black-holes or restores follows the snapshot, whoever black-holed the path.
    @Test func blackholeTogglesWithRestore() {
        var state = state()
        #expect(press("b", on: &state) == [.path(.blackhole, 1)])
        #expect(press("b", on: &state) == [.path(.blackhole, 1)], "nothing changes until a snapshot says so")
        var snapshot = SnapshotFixtures.snapshot(paths: 4, step: 3)
        snapshot.paths[0].isBlackholed = true
        state.ingest(snapshot)
        #expect(press("b", on: &state) == [.path(.restore, 1)])
    }

    @Test func schedulerResetAndAveragingWindow() {
        var state = state()
        #expect(press("s", on: &state) == [.setScheduler(.roundrobin)])
        #expect(press("r", on: &state) == [.resetCounters])
        #expect(press(.tab, on: &state) == [], "the window is the dashboard's own")
        #expect(state.averagingWindow == 5)
        #expect(state.rates == state.history.rates(over: 5))
        _ = press(.tab, on: &state)
        _ = press(.tab, on: &state)
        #expect(state.averagingWindow == 1)
    }

    @Test func refreshRateSteps() {
        var state = state()
        #expect(state.refreshHz == 4)
        _ = press("+", on: &state)
        #expect(state.refreshHz == 8)
        _ = press("+", on: &state)
        _ = press("+", on: &state)
        #expect(state.refreshHz == 16)
        for _ in 0..<6 { _ = press("-", on: &state) }
        #expect(state.refreshHz == 1)
        #expect(state.statusMessage == "refresh 1 Hz")
    }

    @Test func themesCycle() {
        var state = state()
        _ = press("t", on: &state)
        #expect(state.themeName == "light")
        _ = press("t", on: &state)
        _ = press("t", on: &state)
        #expect(state.themeName == "default")
    }

    @Test func pauseFreezesTheSnapshot() {
        var state = state()
        let before = state.snapshot
        _ = press("p", on: &state)
        #expect(state.isPaused)
        state.ingest(SnapshotFixtures.snapshot(paths: 4, step: 99))
        #expect(state.snapshot == before)
        _ = press("p", on: &state)
        state.ingest(SnapshotFixtures.snapshot(paths: 4, step: 99))
        #expect(state.snapshot == SnapshotFixtures.snapshot(paths: 4, step: 99))
    }

    @Test func helpOverlayOpensAndCloses() {
        var state = state()
        _ = press("?", on: &state)
        #expect(state.overlay == .help)
        _ = press(.escape, on: &state)
        #expect(state.overlay == .none)
        _ = press("?", on: &state)
        _ = press("?", on: &state)
        #expect(state.overlay == .none)
    }

    /// The help covers the table: no key acts on a path behind it, and q still quits.
    @Test func helpOpenActsOnNothingBehindIt() {
        var state = state()
        _ = press("?", on: &state)
        for character: Character in ["2", " ", "x", "b", "s", "r"] {
            #expect(press(character, on: &state) == [], "\(character) acted behind the help")
        }
        #expect(state.statusMessage == "help is open: ? or Esc closes it")
        #expect(press("q", on: &state) == [.quit])
        _ = press(.escape, on: &state)
        #expect(press("2", on: &state) == [.path(.disable, 2)])
    }

    /// Paused, the picture stays, but a toggle goes by what the engine reports now: pressed twice, it
    /// disables, then enables again.
    @Test func pausedTogglesFollowTheLiveState() throws {
        var state = state()
        _ = press("p", on: &state)
        #expect(press("2", on: &state) == [.path(.disable, 2)])
        var live = SnapshotFixtures.snapshot(paths: 4, step: 3)
        let index = try #require(live.paths.firstIndex { $0.id == 2 })
        live.paths[index].state = .disabled
        state.ingest(live)
        #expect(state.snapshot?.paths[index].state == .active, "the display stays frozen")
        #expect(press("2", on: &state) == [.path(.enable, 2)])
        #expect(state.statusMessage == "enable path 2")
    }

    @Test func aStatusNeverHidesTheKeyHints() {
        let plain = SnapshotFixtures.frame(SnapshotFixtures.dashboard(paths: 4, width: 80, height: 24)).text
        var state = SnapshotFixtures.dashboard(paths: 4, width: 80, height: 24)
        state.statusMessage = String(repeating: "a long status message ", count: 5)
        let lines = SnapshotFixtures.frame(state).text.split(separator: "\n")
        #expect(lines.last == plain.split(separator: "\n").last, "the same hints as without a status")
        #expect(lines.last?.hasPrefix("q quit  ? help") == true)
        let border = lines[lines.count - 2]
        #expect(border.hasPrefix("╰─ a long status message") && border.contains("…"), "\(border)")
    }

    /// At 60×16 the header is one line: a real, 32-character session id leaves room for goodput.
    @Test func aNarrowHeaderKeepsGoodputOverTheSessionID() throws {
        var state = SnapshotFixtures.dashboard(paths: 4, width: 60, height: 16)
        var snapshot = try #require(state.snapshot)
        snapshot.sessionID = "8cb27e62c7b36c986a3080fcc7070177"
        state.ingest(snapshot)
        let header = try #require(SnapshotFixtures.frame(state).text.split(separator: "\n").first)
        #expect(header.hasPrefix("kwiktop 8cb27e62  running  2.25 Gbit/s"), "\(header)")
        #expect(header.contains("bit/s"), "\(header)")
    }

    @Test func quitKeys() {
        var state = state()
        #expect(press("q", on: &state) == [.quit])
        #expect(press(.interrupt, on: &state) == [.quit])
    }

    @Test func readOnlyRefusesChangesButKeepsViewing() {
        var state = state(readonly: true)
        for key: Key in [
            .character("1"), .character(" "), .character("x"), .character("b"), .character("s"), .character("r"),
        ] {
            #expect(press(key, on: &state) == [])
            #expect(state.statusMessage?.hasPrefix("read-only: cannot") == true)
        }
        #expect(press(.down, on: &state) == [])
        #expect(state.selectedPathID == 2)
        #expect(press("q", on: &state) == [.quit])
    }

    @Test func mouseClickSelectsTheRowUnderIt() throws {
        var state = state()
        let layout = Layout(width: 120, height: 40, state: state)
        let thirdRow = try #require(layout.rowY(forPathIndex: 2))
        #expect(state.apply(.click(MouseClick(x: 10, y: thirdRow))) == [])
        #expect(state.selectedPathID == 3)
        // The column titles and the border are not rows.
        _ = state.apply(.click(MouseClick(x: 10, y: layout.table.y + 1)))
        _ = state.apply(.click(MouseClick(x: 0, y: thirdRow + 1)))
        #expect(state.selectedPathID == 3)
        #expect(layout.pathIndex(at: MouseClick(x: 10, y: layout.table.y + 1)) == nil)
        #expect(layout.pathIndex(at: MouseClick(x: 10, y: thirdRow + 1)) == 3)
        #expect(layout.pathIndex(at: MouseClick(x: 10, y: thirdRow + 2)) == nil, "only 4 paths")
    }

    @Test func clickHitTestFollowsScrolling() throws {
        var state = SnapshotFixtures.dashboard(paths: 16, width: 80, height: 24, samples: 1)
        for _ in 0..<12 { _ = state.apply(.key(.down)) }
        let layout = Layout(width: 80, height: 24, state: state)
        #expect(layout.firstVisiblePath > 0)
        let y = try #require(layout.rowY(forPathIndex: 12))
        #expect(layout.pathIndex(at: MouseClick(x: 5, y: y)) == 12)
        _ = state.apply(.key(.up))
        let scrolled = Layout(width: 80, height: 24, state: state)
        let row = try #require(scrolled.rowY(forPathIndex: 12))
        _ = state.apply(.click(MouseClick(x: 5, y: row)))
        #expect(state.selectedPathID == 13)
    }
}
