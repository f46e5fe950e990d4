import KwikSnapshot

/// Everything the live view of `kwiktop bench` shows, as a value: the latest ``BenchProgress``, the
/// running mode's session with its throughput history, and what the user chose (help, theme).
/// ``BenchScreen`` renders it; ``apply(_:)`` is the only place its keys are interpreted.
public struct BenchViewState: Equatable, Sendable, ThemeCycling {
    public private(set) var progress: BenchProgress?
    /// The running mode's session and rx history, kept as a dashboard state so the path table and
    /// the throughput graph of the main screen draw it unchanged. Starts afresh with each mode.
    public private(set) var live: DashboardState
    /// The mode `live` belongs to; after the last mode it stays on that one.
    public private(set) var liveMode: ReaderMode?
    /// Every mode's session one after the other on one time axis, for the throughput graph.
    public private(set) var graph: DashboardState
    /// Seconds of the graph's time before the running mode's session began.
    private var graphOffset = 0.0
    public var overlay: DashboardState.Overlay = .none
    public var refreshHz: Int
    public var themeName: String
    /// Themes `t` cycles through, as found by the theme loader.
    public var themeNames: [String]
    public var isASCII: Bool {
        didSet {
            live.isASCII = isASCII
            graph.isASCII = isASCII
        }
    }
    /// No colour at all (`NO_COLOR`): the live graph tells paths apart by fill instead.
    public var isMonochrome = false {
        didSet {
            live.isMonochrome = isMonochrome
            graph.isMonochrome = isMonochrome
        }
    }
    public var statusMessage: String?
    public var screenWidth: Int
    public var screenHeight: Int

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
        live = DashboardState(isASCII: isASCII)
        graph = DashboardState(isASCII: isASCII)
    }

    /// Whether every mode has run.
    public var isFinished: Bool { progress?.phase == .finished }

    /// Progress over all modes, 0...1: modes done plus the fraction of the current one.
    public var overallFraction: Double {
        guard let progress, !progress.modes.isEmpty else { return 0 }
        if progress.phase == .finished { return 1 }
        let done = min(progress.results.count, progress.modes.count)
        let current = progress.fraction.isFinite ? min(1, max(0, progress.fraction)) : 0
        return min(1, (Double(done) + (done < progress.modes.count ? current : 0)) / Double(progress.modes.count))
    }

    /// Takes a new reading. A new running mode starts a fresh session view; the last mode's one
    /// stays on screen after the bench finishes.
    public mutating func ingest(_ newProgress: BenchProgress) {
        progress = newProgress
        let finished = newProgress.phase == .finished
        if let current = newProgress.current, !finished, current != liveMode {
            live = DashboardState(isASCII: isASCII)
            live.isMonochrome = isMonochrome
            liveMode = current
            graphOffset = graph.snapshot?.uptime ?? 0
        }
        // Once finished the last session is frozen, so the graph does not scroll on with stale rates.
        guard let session = newProgress.session, !finished || live.snapshot == nil else { return }
        if liveMode == nil { liveMode = newProgress.current ?? newProgress.results.last?.mode }
        live.ingest(session)
        // Bench offers no path actions, so no row is selected.
        live.selectedPathID = nil
        var stitched = session
        stitched.uptime += graphOffset
        let wanted = Double(newProgress.modes.count) * newProgress.secondsPerMode * 1.2
        graph.graphSpan = DashboardState.graphSpans.first { $0 >= wanted } ?? DashboardState.graphSpans.last ?? 60
        graph.ingest(stitched)
    }

    /// Interprets one input: `q`/Ctrl-C quit, `?` help, Esc closes it, `t` next theme. Path and
    /// session keys of the main dashboard only explain that bench does not take them.
    public mutating func apply(_ input: DashboardInput) -> [DashboardCommand] {
        guard case .key(let key) = input else { return [] }
        switch key {
        case .interrupt, .character("q"): return [.quit]
        case .escape: overlay = .none
        case .character("?"): overlay = overlay == .help ? .none : .help
        case .character("t"): cycleTheme()
        case .character(let character) where "123456789 xbsrp".contains(character):
            statusMessage = "bench runs a fixed workload: path and session keys are off"
        default: break
        }
        return []
    }
}
