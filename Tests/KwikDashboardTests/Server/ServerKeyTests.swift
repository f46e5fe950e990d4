import KwikDashboard
import KwikSnapshot
import KwikTestSupport
import Testing

/// The server dashboard's keys, as commands and state.
struct ServerKeyTests {
    static func view(sessions: Int = 10, readOnly: Bool = false) -> ServerViewState {
        var state = SnapshotFixtures.serverView(sessions: sessions, width: 120, height: 40)
        state.isReadOnly = readOnly
        return state
    }

    @Test func sortKeysCycleTheColumnAndIInverts() {
        var state = Self.view()
        #expect(state.sortColumn == .uptime && state.sortDescending)
        let uptimes = state.rows.filter { !$0.hasEnded }.map(\.uptime)
        #expect(uptimes == uptimes.sorted(by: >))
        _ = state.apply(.key(.character(">")))
        #expect(state.sortColumn == .paths)
        _ = state.apply(.key(.function(6)))
        #expect(state.sortColumn == .goodput)
        _ = state.apply(.key(.character("<")))
        _ = state.apply(.key(.character("<")))
        #expect(state.sortColumn == .uptime)
        _ = state.apply(.key(.character("I")))
        #expect(state.rows.filter { !$0.hasEnded }.map(\.uptime) == uptimes.sorted())
    }

    /// `?` shows the list's keys; nothing acts behind it, q still quits.
    @Test func theHelpCoversTheListAndKeysWaitBehindIt() {
        var state = Self.view()
        let before = state
        _ = state.apply(.key(.character("?")))
        #expect(state.showsHelp)
        #expect(SnapshotFixtures.frame(state).text.contains("x then y"))
        #expect(state.apply(.key(.character("x"))).isEmpty)
        #expect(state.apply(.key(.character("a"))).isEmpty)
        _ = state.apply(.key(.down))
        #expect(state.prompt == .none && state.selectedSessionID == before.selectedSessionID)
        #expect(state.statusMessage == "help is open: ? or Esc closes it")
        _ = state.apply(.key(.escape))
        #expect(!state.showsHelp)
        _ = state.apply(.key(.character("?")))
        #expect(state.apply(.key(.character("q"))) == [.quit])
    }

    @Test func theSelectionFollowsItsSessionThroughASort() {
        var state = Self.view()
        _ = state.apply(.key(.down))
        let chosen = state.selectedSessionID
        _ = state.apply(.key(.character("I")))
        #expect(state.selectedSessionID == chosen)
    }

    @Test func endingASessionAsksFirst() {
        var state = Self.view()
        let id = try! #require(state.selectedSessionID)
        #expect(state.apply(.key(.character("x"))).isEmpty)
        #expect(state.prompt == .confirmEnd(id))
        #expect(state.apply(.key(.character("n"))).isEmpty, "any other key keeps it")
        #expect(state.prompt == .none)
        _ = state.apply(.key(.character("x")))
        #expect(state.apply(.key(.character("y"))) == [.endSession(id)])
    }

    @Test func anEndedSessionCannotBeEndedAgain() {
        var state = Self.view(sessions: 3)
        let ended = try! #require(state.rows.first { $0.hasEnded })
        state.selectedSessionID = ended.id
        #expect(state.apply(.key(.character("x"))).isEmpty)
        #expect(state.prompt == .none)
        #expect(state.statusMessage == "no running session selected")
    }

    @Test func aTogglesNewSessions() {
        var state = Self.view()
        #expect(state.apply(.key(.character("a"))) == [.setAcceptsNewSessions(false)])
        var refusing = SnapshotFixtures.server(sessions: 10, step: 12)
        refusing.acceptsNewSessions = false
        state.ingest(refusing)
        #expect(state.apply(.key(.character("a"))) == [.setAcceptsNewSessions(true)])
        #expect(SnapshotFixtures.frame(state).text.contains("REFUSING new sessions"))
    }

    @Test func readOnlyRefusesTheServerKeys() {
        var state = Self.view(readOnly: true)
        #expect(state.apply(.key(.character("x"))).isEmpty)
        #expect(state.prompt == .none)
        #expect(state.statusMessage == "read-only: cannot end a session")
        #expect(state.apply(.key(.character("a"))).isEmpty)
    }

    @Test func anOpenedSessionsKeysActOnThatSessionAndEscGoesBack() {
        var state = Self.view()
        let id = try! #require(state.selectedSessionID)
        _ = state.apply(.key(.enter))
        #expect(state.apply(.key(.character("1"))) == [.session(id, .path(.disable, 1))])
        _ = state.apply(.key(.enter))
        #expect(state.openedSession?.overlay == .pathDetail)
        _ = state.apply(.key(.escape))
        #expect(state.mode == .session(id), "the first Esc closes the path detail")
        _ = state.apply(.key(.escape))
        #expect(state.mode == .list)
        _ = state.apply(.key(.enter))
        #expect(state.apply(.key(.character("q"))) == [.quit])
    }

    @Test func aThemeChosenInASessionStaysInTheList() {
        var state = Self.view()
        _ = state.apply(.key(.enter))
        _ = state.apply(.key(.character("t")))
        _ = state.apply(.key(.escape))
        #expect(state.themeName == "light")
        #expect(state.statusMessage == "theme light")
    }

    @Test func anOpenedSessionThatIsForgottenGoesBackToTheList() {
        var state = Self.view(sessions: 4)
        let id = try! #require(state.selectedSessionID)
        _ = state.apply(.key(.enter))
        state.ingest(ServerSnapshot(addresses: ["0.0.0.0:4433"], sessions: []))
        #expect(state.mode == .list)
        #expect(state.statusMessage == "session \(ServerViewState.shortID(id)) is gone")
        #expect(state.rows.isEmpty && state.selectedSessionID == nil)
        #expect(SnapshotFixtures.frame(state).text.contains("no sessions yet"))
    }

    @Test func aServerSendingADownloadShowsTheClientsDeliveries() {
        let state = Self.view(sessions: 1)
        let row = try! #require(state.rows.first { !$0.hasEnded })
        let session = SnapshotFixtures.serverSession(0, step: 11)
        #expect(row.delivered == session.peer?.deliveredBytes)
        // 8 Mbit/s for session 0, measured from the peer's counters over the last second.
        #expect(abs(row.goodputBps - 8_000_000) < 1)
    }

    @Test func escapeClearsTheFilterAndCtrlCQuitsWhileTyping() {
        var state = Self.view()
        _ = state.apply(.key(.character("/")))
        _ = state.apply(.key(.character("z")))
        #expect(state.rows.isEmpty)
        _ = state.apply(.key(.backspace))
        #expect(state.rows.count == 11)
        _ = state.apply(.key(.character("z")))
        _ = state.apply(.key(.escape))
        #expect(state.filter.isEmpty && state.prompt == .none)
        _ = state.apply(.key(.character("/")))
        #expect(state.apply(.key(.interrupt)) == [.quit])
    }
}
