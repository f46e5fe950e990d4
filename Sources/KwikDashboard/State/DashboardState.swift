import KwikSnapshot

/// Everything the dashboard shows, as a value: the latest snapshot plus what the user chose.
/// Rendering reads it; ``apply(_:)`` is the only place keys and clicks are interpreted.
public struct DashboardState: Equatable, Sendable, ThemeCycling, RefreshStepping {
    public enum Overlay: Equatable, Sendable {
        case none, help
        /// Every figure of the selected path (Enter opens it, Esc closes it; the selection keys move it).
        case pathDetail
    }

    public static let refreshRates = [1, 2, 4, 8, 16]
    public static let averagingWindows: [Double] = [1, 5, 10]

    public private(set) var snapshot: SessionSnapshot?
    /// The engine's latest reading even while the display is paused: keys act on what the paths are
    /// now, not on the frozen picture.
    public private(set) var latest: SessionSnapshot?
    public private(set) var history: ThroughputHistory
    /// Each path's figures over time, for the path detail view.
    public private(set) var timeline = PathTimeline()
    /// Rates over `averagingWindow` up to the latest snapshot, from `history`.
    public private(set) var rates = ThroughputRates()
    /// Selection follows the path id, so it survives paths appearing or reordering.
    public var selectedPathID: Int?
    /// First table row shown when the paths do not all fit; moves only as far as the selection needs.
    public var tableScrollOffset = 0
    public var overlay: Overlay = .none
    /// Frozen display: new snapshots are ignored while the engine keeps running.
    public var isPaused = false
    public var refreshHz: Int
    /// Seconds over which `rates` are measured; Tab cycles through ``averagingWindows``.
    public private(set) var averagingWindow: Double
    /// Seconds the throughput graph shows, whatever the refresh rate and the width (`[`, `]`).
    public var graphSpan: Double = 60
    public var legend = LegendPlacement.bottom
    /// Path table columns left out (`columns` in `kwiktop.toml`).
    public var hiddenColumns: Set<PathColumn> = []
    /// The scheduler last asked for with `s`, kept as the next run's default.
    public private(set) var requestedScheduler: SchedulerKind?
    public var themeName: String
    /// Themes `t` cycles through, as found by the theme loader.
    public var themeNames: [String]
    public var isReadOnly: Bool
    public var isASCII: Bool
    /// No colour at all (`NO_COLOR`): what colour alone tells apart needs another sign.
    public var isMonochrome = false
    /// Opened from the server's session list, which Esc goes back to.
    public var returnsToList = false
    public var statusMessage: String?
    public var screenWidth: Int
    public var screenHeight: Int

    public init(
        refreshHz: Int = 4, averagingWindow: Double = 1, themeName: String = "default",
        themeNames: [String] = ["default"],
        isReadOnly: Bool = false, isASCII: Bool = false, screenWidth: Int = 80, screenHeight: Int = 24
    ) {
        self.refreshHz = refreshHz
        self.averagingWindow = averagingWindow
        self.themeName = themeName
        self.themeNames = themeNames
        self.isReadOnly = isReadOnly
        self.isASCII = isASCII
        self.screenWidth = screenWidth
        self.screenHeight = screenHeight
        let step = 0.25
        history = ThroughputHistory(capacity: Int(Self.historySeconds / step), step: step)
    }

    public var paths: [PathSnapshot] { snapshot?.paths ?? [] }

    public var selectedIndex: Int? {
        guard let id = selectedPathID else { return nil }
        return paths.firstIndex { $0.id == id }
    }

    public var selectedPath: PathSnapshot? { selectedIndex.map { paths[$0] } }

    /// Takes a new reading (ignored while paused) into the throughput history.
    public mutating func ingest(_ newSnapshot: SessionSnapshot) {
        latest = newSnapshot
        guard !isPaused else { return }
        snapshot = newSnapshot
        history.record(newSnapshot)
        timeline.record(newSnapshot)
        rates = history.rates(over: averagingWindow)
        if selectedIndex == nil { selectedPathID = newSnapshot.paths.first?.id }
    }

    /// Interprets one input; returns what the engine or run loop must do.
    public mutating func apply(_ input: DashboardInput) -> [DashboardCommand] {
        switch input {
        case .click(let click):
            let layout = Layout(width: screenWidth, height: screenHeight, state: self)
            if let index = layout.pathIndex(at: click), index < paths.count {
                selectedPathID = paths[index].id
            }
            return []
        case .key(let key):
            return apply(key)
        }
    }

    private mutating func apply(_ key: Key) -> [DashboardCommand] {
        switch key {
        case .interrupt, .character("q"): return [.quit]
        case .escape:
            overlay = .none
            return []
        case .up, .character("k"):
            moveSelection(by: -1)
            return []
        case .down, .character("j"):
            moveSelection(by: 1)
            return []
        case .tab:
            cycleAveragingWindow()
            return []
        case .enter:
            if selectedPath == nil {
                statusMessage = "no path selected"
            } else {
                overlay = .pathDetail
            }
            return []
        case .character(let character): return apply(character)
        case .backspace, .function: return []
        }
    }

    private mutating func apply(_ character: Character) -> [DashboardCommand] {
        // The help covers the screen: a key that acted behind it would act where the user cannot see.
        if overlay == .help && character != "?" {
            statusMessage = "help is open: ? or Esc closes it"
            return []
        }
        switch character {
        case "1"..."9":
            let id = Int(String(character))!
            guard let path = livePath(id) else {
                statusMessage = "no path \(id)"
                return []
            }
            return toggle(path)
        case " ":
            guard let path = selectedPathID.flatMap(livePath) else { return [] }
            return toggle(path)
        case "x":
            guard let path = selectedPathID.flatMap(livePath) else { return [] }
            return pathCommand(.kill, path.id)
        case "b":
            guard let path = selectedPathID.flatMap(livePath) else { return [] }
            return pathCommand(path.isBlackholed ? .restore : .blackhole, path.id)
        case "s":
            guard let current = snapshot?.scheduler else { return [] }
            guard !refuseWhenReadOnly("change the scheduler") else { return [] }
            statusMessage = "scheduler → \(current.next.rawValue)"
            requestedScheduler = current.next
            return [.setScheduler(current.next)]
        case "r":
            guard !refuseWhenReadOnly("reset counters") else { return [] }
            statusMessage = "counters reset"
            return [.resetCounters]
        case "+", "=": changeRefreshRate(by: 1)
        case "-", "_": changeRefreshRate(by: -1)
        case "t": cycleTheme()
        case "[": changeGraphSpan(by: -1)
        case "]": changeGraphSpan(by: 1)
        case "L": moveLegend()
        case "p":
            isPaused.toggle()
            statusMessage = isPaused ? "display paused (engine keeps running)" : "display resumed"
        case "?": overlay = overlay == .help ? .none : .help
        default: break
        }
        return []
    }

    /// Path `id` as the engine has it now (paused or not).
    private func livePath(_ id: Int) -> PathSnapshot? {
        (latest ?? snapshot)?.paths.first { $0.id == id }
    }

    /// Disables a path carrying data, enables a disabled one; other states cannot be toggled.
    private mutating func toggle(_ path: PathSnapshot) -> [DashboardCommand] {
        if path.state.carriesData { return pathCommand(.disable, path.id) }
        if path.state == .disabled { return pathCommand(.enable, path.id) }
        statusMessage = "path \(path.id) is \(path.state.rawValue): nothing to toggle"
        return []
    }

    private mutating func pathCommand(_ action: PathAction, _ id: Int) -> [DashboardCommand] {
        guard !refuseWhenReadOnly("\(action.rawValue) path \(id)") else { return [] }
        statusMessage = "\(action.rawValue) path \(id)"
        return [.path(action, id)]
    }

    /// In read-only mode, explains why `what` is not done and returns true.
    private mutating func refuseWhenReadOnly(_ what: String) -> Bool {
        guard isReadOnly else { return false }
        statusMessage = "read-only: cannot \(what)"
        return true
    }

    private mutating func moveSelection(by step: Int) {
        guard !paths.isEmpty else { return }
        let current = selectedIndex ?? (step > 0 ? -1 : paths.count)
        let next = min(paths.count - 1, max(0, current + step))
        selectedPathID = paths[next].id
        tableScrollOffset = Layout(width: screenWidth, height: screenHeight, state: self).firstVisiblePath
    }

    private mutating func cycleAveragingWindow() {
        let windows = Self.averagingWindows
        let next = windows[((windows.firstIndex(of: averagingWindow) ?? -1) + 1) % windows.count]
        setAveragingWindow(next)
        statusMessage = "averaging window \(Int(next))s"
    }

    mutating func setAveragingWindow(_ window: Double) {
        averagingWindow = window
        rates = history.rates(over: window)
    }
}
