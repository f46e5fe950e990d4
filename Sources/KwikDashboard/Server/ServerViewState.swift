import KwikSnapshot

/// Everything the server's dashboard shows, as a value: the session list with its order, filter and
/// selection, and one ``DashboardState`` per session (so a session opened from the list has its
/// history from the start). ``apply(_:)`` is the only place its keys are interpreted.
public struct ServerViewState: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        case list
        /// One session's own view, by id; Esc goes back to the list.
        case session(String)
    }

    /// What the footer line is asking for, if anything.
    public enum Prompt: Equatable, Sendable {
        case none
        /// Typing the filter (`/`): characters go into it, Enter keeps it, Esc clears it.
        case filter
        /// `x` asked to end this session: `y` ends it, any other key keeps it.
        case confirmEnd(String)
    }

    public private(set) var server: ServerSnapshot?
    /// Each session seen and not yet forgotten, running or ended, by id.
    public private(set) var sessions: [String: DashboardState] = [:]
    /// Every session's row, unfiltered, in no order.
    public private(set) var allRows: [SessionRow] = []
    public var mode: Mode = .list
    public var prompt: Prompt = .none
    /// The list's help, over it (`?`); no key acts behind it.
    public var showsHelp = false
    public var sortColumn: SessionColumn = .uptime
    public var sortDescending = true
    public var filter = ""
    /// Selection follows the session id, so it survives sorting and sessions coming and going.
    public var selectedSessionID: String?
    /// First list row shown when the sessions do not all fit.
    public var listScrollOffset = 0
    public var refreshHz: Int
    public var averagingWindow: Double
    public var themeName: String
    public var themeNames: [String]
    public var isReadOnly: Bool
    public var isASCII: Bool
    /// No colour at all (`NO_COLOR`): handed to every session's view.
    public var isMonochrome = false
    /// How each session's view starts: its graph's span and legend, its columns (from `kwiktop.toml`).
    public var sessionSettings = DashboardSettings()
    public var statusMessage: String?
    public var screenWidth: Int
    public var screenHeight: Int

    public init(
        refreshHz: Int = 4, averagingWindow: Double = 1, themeName: String = "default",
        themeNames: [String] = ["default"], isReadOnly: Bool = false, isASCII: Bool = false, screenWidth: Int = 80,
        screenHeight: Int = 24
    ) {
        self.refreshHz = refreshHz
        self.averagingWindow = averagingWindow
        self.themeName = themeName
        self.themeNames = themeNames
        self.isReadOnly = isReadOnly
        self.isASCII = isASCII
        self.screenWidth = screenWidth
        self.screenHeight = screenHeight
    }

    /// The rows shown: filtered, running sessions before ended ones, each group sorted by the sort
    /// column (ties by id, so the order is stable).
    public var rows: [SessionRow] {
        let column = sortColumn, descending = sortDescending
        return allRows.filter { $0.matches(filter) }.sorted { a, b in
            if a.hasEnded != b.hasEnded { return !a.hasEnded }
            if column.ascending(a, b) { return !descending }
            if column.ascending(b, a) { return descending }
            return a.id < b.id
        }
    }

    public var selectedRow: SessionRow? { rows.first { $0.id == selectedSessionID } }

    /// The opened session's view as it is drawn: the server's settings and status on top of its own.
    public var openedSession: DashboardState? {
        guard case .session(let id) = mode, var state = sessions[id] else { return nil }
        adopt(into: &state)
        return state
    }

    /// Takes a new reading of the server: every running and lately ended session.
    public mutating func ingest(_ snapshot: ServerSnapshot) {
        server = snapshot
        var seen = Set<String>()
        var rows: [SessionRow] = []
        for (list, ended) in [(snapshot.sessions, false), (snapshot.ended, true)] {
            for session in list where !seen.contains(session.sessionID) {
                seen.insert(session.sessionID)
                // In place: a copy taken out of the dictionary would copy the whole history.
                if sessions[session.sessionID] == nil { sessions[session.sessionID] = newSessionState() }
                sessions[session.sessionID]?.ingest(session)
                let rates = sessions[session.sessionID]?.rates ?? ThroughputRates()
                rows.append(SessionRow(session, rates: rates, hasEnded: ended))
            }
        }
        for id in sessions.keys where !seen.contains(id) { sessions[id] = nil }
        allRows = rows
        if case .session(let id) = mode, sessions[id] == nil {
            mode = .list
            statusMessage = "session \(Self.shortID(id)) is gone"
        }
        if selectedRow == nil { selectedSessionID = rows.isEmpty ? nil : self.rows.first?.id }
    }

    /// The first 8 characters of a session id, as the list shows it.
    public static func shortID(_ id: String) -> String { String(id.prefix(8)) }

    private func newSessionState() -> DashboardState {
        var state = DashboardState(
            refreshHz: refreshHz, averagingWindow: averagingWindow, themeName: themeName, themeNames: themeNames,
            isReadOnly: isReadOnly, isASCII: isASCII, screenWidth: screenWidth, screenHeight: screenHeight)
        state.returnsToList = true
        state.adopt(sessionSettings)
        return state
    }

    /// Puts the settings the server's view owns into a session's state.
    func adopt(into state: inout DashboardState) {
        state.refreshHz = refreshHz
        state.themeName = themeName
        state.themeNames = themeNames
        state.isReadOnly = isReadOnly
        state.isASCII = isASCII
        state.isMonochrome = isMonochrome
        state.screenWidth = screenWidth
        state.screenHeight = screenHeight
        state.statusMessage = statusMessage
    }

    /// Stores a session's state after one of its keys, taking back what the server's view owns.
    mutating func store(_ state: DashboardState, as id: String) {
        var state = state
        refreshHz = state.refreshHz
        themeName = state.themeName
        statusMessage = state.statusMessage
        state.statusMessage = nil
        sessions[id] = state
    }
}
