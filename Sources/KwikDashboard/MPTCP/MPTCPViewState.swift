import KwikSnapshot

/// Everything `kwiktop mptcp` shows, as a value: the kernel's MPTCP connections from the latest
/// ``MPTCPReport``, the selected one (whose subflows are listed), help and theme. ``MPTCPScreen``
/// renders it; ``apply(_:)`` is the only place its keys are interpreted.
public struct MPTCPViewState: Equatable, Sendable {
    public private(set) var report: MPTCPReport?
    /// Selection follows the connection (its token, or its ends), so it survives others coming and going.
    public private(set) var selectedKey: String?
    public var overlay: DashboardState.Overlay = .none
    public var refreshHz: Int
    public var themeName: String
    public var themeNames: [String]
    public var isASCII: Bool
    public var statusMessage: String?
    public var screenWidth: Int
    public var screenHeight: Int
    /// What `--filter` keeps, shown in the title; nil shows every connection.
    public var filterDescription: String?
    /// The path manager's events, oldest first, at most ``eventLogLimit`` of them.
    public private(set) var eventLog: [MPTCPReport.Event] = []
    /// Every event taken in, including those the log no longer holds.
    public private(set) var eventCount = 0
    /// Why there is no event log, when there is none.
    public var eventsNotice: String?
    public static let eventLogLimit = 256

    public init(
        refreshHz: Int = 4, themeName: String = "default", themeNames: [String] = ["default"], isASCII: Bool = false,
        screenWidth: Int = 80, screenHeight: Int = 24
    ) {
        self.refreshHz = refreshHz
        self.themeName = themeName
        self.themeNames = themeNames
        self.isASCII = isASCII
        self.screenWidth = screenWidth
        self.screenHeight = screenHeight
    }

    public static func key(of connection: MPTCPReport.Connection) -> String {
        connection.token ?? "\(connection.local) \(connection.remote)"
    }

    /// The connections in a stable order: by local end, then remote end.
    public var connections: [MPTCPReport.Connection] {
        (report?.connections ?? []).sorted { ($0.local, $0.remote) < ($1.local, $1.remote) }
    }

    public var selectedConnection: MPTCPReport.Connection? {
        connections.first { Self.key(of: $0) == selectedKey }
    }

    /// Takes a new report (the same one again adds nothing); a selection whose connection is gone
    /// moves to the first one.
    public mutating func ingest(_ newReport: MPTCPReport) {
        if newReport != report {
            eventLog += newReport.events
            eventCount += newReport.events.count
            if eventLog.count > Self.eventLogLimit { eventLog.removeFirst(eventLog.count - Self.eventLogLimit) }
        }
        report = newReport
        if selectedConnection == nil { selectedKey = connections.first.map(Self.key) }
    }

    /// Interprets one input: `q`/Ctrl-C quit, `?` help, Esc closes it, arrows or `j`/`k` select a
    /// connection, `t` next theme, `+`/`-` refresh rate.
    public mutating func apply(_ input: DashboardInput) -> [DashboardCommand] {
        guard case .key(let key) = input else { return [] }
        switch key {
        case .interrupt, .character("q"): return [.quit]
        case .escape: overlay = .none
        case .character("?"): overlay = overlay == .help ? .none : .help
        case .up, .character("k"): moveSelection(by: -1)
        case .down, .character("j"): moveSelection(by: 1)
        case .character("t"): cycleTheme()
        case .character("+"), .character("="): changeRefreshRate(by: 1)
        case .character("-"), .character("_"): changeRefreshRate(by: -1)
        case .character(let character) where "123456789xbsrp".contains(character):
            statusMessage = "the kernel's connections are watched, not steered: path keys are off"
        default: break
        }
        return []
    }

    private mutating func moveSelection(by step: Int) {
        let connections = connections
        guard !connections.isEmpty else { return }
        let current = connections.firstIndex { Self.key(of: $0) == selectedKey } ?? (step > 0 ? -1 : connections.count)
        selectedKey = Self.key(of: connections[min(connections.count - 1, max(0, current + step))])
    }

    private mutating func cycleTheme() {
        guard !themeNames.isEmpty else { return }
        themeName = themeNames[((themeNames.firstIndex(of: themeName) ?? -1) + 1) % themeNames.count]
        statusMessage = "theme \(themeName)"
    }

    private mutating func changeRefreshRate(by step: Int) {
        let rates = DashboardState.refreshRates
        let current = rates.firstIndex(of: refreshHz) ?? rates.count - 1
        refreshHz = rates[min(rates.count - 1, max(0, current + step))]
        statusMessage = "refresh \(refreshHz) Hz"
    }
}
