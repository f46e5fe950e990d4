import KwikSnapshot

/// Everything `kwiktop mptcp` shows, as a value: the kernel's MPTCP connections from the latest
/// ``MPTCPReport``, the selected one (whose subflows are listed), help and theme. ``MPTCPScreen``
/// renders it; ``apply(_:)`` is the only place its keys are interpreted.
public struct MPTCPViewState: Equatable, Sendable, ThemeCycling, RefreshStepping {
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
    /// Endpoint keys do nothing but say so (`--readonly`).
    public var isReadOnly = false
    /// Which table ↑↓ move in; Tab switches.
    public private(set) var focus = Focus.connections
    public private(set) var selectedEndpointID: UInt8?
    /// An endpoint change waiting for `y`.
    public private(set) var pendingChange: MPTCPViewCommand?
    /// Endpoints removed from here, the last one first to be added back by `a`.
    public private(set) var removedEndpoints: [MPTCPReport.Endpoint] = []

    public enum Focus: Equatable, Sendable { case connections, endpoints }

    /// Each subflow's rx + tx rate, one sample per report, by ``key(of:in:)``; only subflows still
    /// reported are kept.
    public private(set) var subflowHistory: [String: RingBuffer<Double>] = [:]
    public static let historyLength = 240
    /// `g`: the selected connection's subflows as a table, or as a stacked graph of their rates.
    public private(set) var showsSubflowGraph = false

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

    public static func key(of subflow: MPTCPReport.Subflow, in connection: MPTCPReport.Connection) -> String {
        "\(key(of: connection)) \(subflow.local) \(subflow.remote)"
    }

    /// The connections in a stable order: by local end, then remote end.
    public var connections: [MPTCPReport.Connection] {
        (report?.connections ?? []).sorted { ($0.local, $0.remote) < ($1.local, $1.remote) }
    }

    public var selectedConnection: MPTCPReport.Connection? {
        connections.first { Self.key(of: $0) == selectedKey }
    }

    public var endpoints: [MPTCPReport.Endpoint] { report?.endpoints ?? [] }

    public var selectedEndpoint: MPTCPReport.Endpoint? { endpoints.first { $0.id == selectedEndpointID } }

    /// Takes a new report (the same one again adds nothing); a selection whose connection is gone
    /// moves to the first one.
    public mutating func ingest(_ newReport: MPTCPReport) {
        if newReport != report {
            record(newReport)
            eventLog += newReport.events
            eventCount += newReport.events.count
            if eventLog.count > Self.eventLogLimit { eventLog.removeFirst(eventLog.count - Self.eventLogLimit) }
        }
        report = newReport
        if selectedConnection == nil { selectedKey = connections.first.map(Self.key) }
        if selectedEndpoint == nil { selectedEndpointID = endpoints.first?.id }
        if endpoints.isEmpty { focus = .connections }
    }

    /// Interprets one input: `q`/Ctrl-C quit, `?` help, Esc closes it, arrows or `j`/`k` select in the
    /// focused table, Tab switches between connections and endpoints, `g` shows the subflows as a
    /// stacked graph or a table, `t` next theme, `+`/`-` refresh rate; `b` toggles the selected endpoint's backup flag, `d` removes it, `a` adds back the last one
    /// removed, each once `y` confirms it (any other key cancels).
    public mutating func apply(_ input: DashboardInput) -> [MPTCPViewCommand] {
        guard case .key(let key) = input else { return [] }
        if let change = pendingChange {
            pendingChange = nil
            if key == .character("y") || key == .character("Y") { return [change] }
            statusMessage = "cancelled"
            if key != .interrupt && key != .character("q") { return [] }
        }
        switch key {
        case .interrupt, .character("q"): return [.quit]
        case .escape: overlay = .none
        case .character("?"): overlay = overlay == .help ? .none : .help
        case .up, .character("k"): focus == .endpoints ? moveEndpoint(by: -1) : moveSelection(by: -1)
        case .down, .character("j"): focus == .endpoints ? moveEndpoint(by: 1) : moveSelection(by: 1)
        case .tab: focus = focus == .connections && !endpoints.isEmpty ? .endpoints : .connections
        case .character("t"): cycleTheme()
        case .character("g"): showsSubflowGraph.toggle()
        case .character("+"), .character("="): changeRefreshRate(by: 1)
        case .character("-"), .character("_"): changeRefreshRate(by: -1)
        case .character("b"), .character("d"), .character("a"): ask(for: key)
        case .character(let character) where "123456789xsrp".contains(character):
            statusMessage = "the kernel's connections are not steered from here: b d a change its endpoints"
        default: break
        }
        return []
    }

    /// Says how a confirmed change went (`failure` nil: done); a removed endpoint becomes the one `a`
    /// adds back.
    public mutating func carriedOut(_ command: MPTCPViewCommand, failure: String?) {
        let done = failure == nil
        switch command {
        case .quit: return
        case .setBackup(let id, let backup):
            statusMessage = failure ?? "endpoint \(id) \(backup ? "is a backup now" : "is no longer a backup")"
        case .remove(let id):
            if done, let endpoint = endpoints.first(where: { $0.id == id }) {
                removedEndpoints.removeAll { $0.id == id }
                removedEndpoints.append(endpoint)
            }
            statusMessage = failure ?? "endpoint \(id) removed: a to add it back"
        case .add(let id):
            if done { removedEndpoints.removeAll { $0.id == id } }
            statusMessage = failure ?? "endpoint \(id) added back"
        }
    }

    private mutating func record(_ report: MPTCPReport) {
        var history: [String: RingBuffer<Double>] = [:]
        for connection in report.connections {
            for subflow in connection.subflows {
                let key = Self.key(of: subflow, in: connection)
                var ring = subflowHistory[key] ?? RingBuffer(capacity: Self.historyLength)
                // A first sighting has no rate yet: its history starts with the next report.
                if subflow.rxBps != nil || subflow.txBps != nil {
                    ring.append((subflow.rxBps ?? 0) + (subflow.txBps ?? 0))
                }
                history[key] = ring
            }
        }
        subflowHistory = history
    }

    private mutating func ask(for key: Key) {
        guard !isReadOnly else {
            statusMessage = "read-only (--readonly): the path manager's endpoints are not changed"
            return
        }
        if key == .character("a") {
            guard let endpoint = removedEndpoints.last else {
                statusMessage = "no endpoint removed from here to add back"
                return
            }
            pendingChange = .add(endpoint: endpoint.id)
            statusMessage = "add endpoint \(endpoint.id) (\(endpoint.address)) back? y to confirm"
            return
        }
        guard let endpoint = selectedEndpoint else {
            statusMessage = "no endpoint selected (Tab, then ↑↓)"
            return
        }
        if key == .character("b") {
            pendingChange = .setBackup(endpoint: endpoint.id, !endpoint.isBackup)
            let named = "endpoint \(endpoint.id) (\(endpoint.address))"
            statusMessage =
                endpoint.isBackup
                ? "clear the backup flag of \(named)? y to confirm" : "mark \(named) as backup? y to confirm"
        } else {
            pendingChange = .remove(endpoint: endpoint.id)
            statusMessage = "remove endpoint \(endpoint.id) (\(endpoint.address)), closing its subflows? y to confirm"
        }
    }

    private mutating func moveEndpoint(by step: Int) {
        let endpoints = endpoints
        guard !endpoints.isEmpty else { return }
        let current = endpoints.firstIndex { $0.id == selectedEndpointID } ?? (step > 0 ? -1 : endpoints.count)
        selectedEndpointID = endpoints[min(endpoints.count - 1, max(0, current + step))].id
    }

    private mutating func moveSelection(by step: Int) {
        let connections = connections
        guard !connections.isEmpty else { return }
        let current = connections.firstIndex { Self.key(of: $0) == selectedKey } ?? (step > 0 ? -1 : connections.count)
        selectedKey = Self.key(of: connections[min(connections.count - 1, max(0, current + step))])
    }
}
