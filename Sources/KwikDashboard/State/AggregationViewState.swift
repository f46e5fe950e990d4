import KwikSnapshot

/// Everything the live view of `kwiktop bench --aggregation` shows, as a value: the latest
/// ``AggregationProgress`` and what the user chose (help, theme, scrolling). ``AggregationScreen``
/// renders it; ``apply(_:)`` is the only place its keys are interpreted.
public struct AggregationViewState: Equatable, Sendable, ThemeCycling {
    public private(set) var progress: AggregationProgress?
    public var overlay: DashboardState.Overlay = .none
    public var refreshHz: Int
    public var themeName: String
    /// Themes `t` cycles through, as found by the theme loader.
    public var themeNames: [String]
    public var isASCII: Bool
    public var statusMessage: String?
    public var screenWidth: Int
    public var screenHeight: Int
    /// First table row shown once the user scrolled; nil keeps the running row in view.
    public private(set) var scrollOffset: Int?

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

    public var isFinished: Bool { progress?.isFinished ?? false }

    public mutating func ingest(_ newProgress: AggregationProgress) { progress = newProgress }

    /// Interprets one input: `q`/Ctrl-C quit, `?` help, Esc closes it, `t` next theme, arrows or
    /// `j`/`k` scroll the table (Enter or `f` follows the running row again).
    public mutating func apply(_ input: DashboardInput) -> [DashboardCommand] {
        guard case .key(let key) = input else { return [] }
        switch key {
        case .interrupt, .character("q"): return [.quit]
        case .escape: overlay = .none
        case .character("?"): overlay = overlay == .help ? .none : .help
        case .character("t"): cycleTheme()
        case .up, .character("k"): scroll(by: -1)
        case .down, .character("j"): scroll(by: 1)
        case .enter, .character("f"): scrollOffset = nil
        case .character(let character) where "123456789 xbsrp".contains(character):
            statusMessage = "bench runs a fixed workload: path and session keys are off"
        default: break
        }
        return []
    }

    /// Scrolling starts from the rows shown now, so the table does not jump.
    private mutating func scroll(by delta: Int) {
        let layout = AggregationLayout(width: screenWidth, height: screenHeight)
        let table = AggregationTable(progress, rect: layout.table)
        scrollOffset = max(0, min(table.maximumOffset, (scrollOffset ?? table.followOffset) + delta))
    }
}
