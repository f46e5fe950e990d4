import KwikSnapshot

/// What the dashboard remembers between runs. A nil field was not set: the command line's or the
/// built-in default applies.
public struct DashboardSettings: Equatable, Sendable {
    public var theme: String?
    public var refreshHz: Int?
    public var averagingWindow: Double?
    public var scheduler: SchedulerKind?
    public var graphSpan: Double?
    public var legend: DashboardState.LegendPlacement?
    /// The path table's columns to show; nil shows every column that fits.
    public var columns: [PathColumn]?

    public init(
        theme: String? = nil, refreshHz: Int? = nil, averagingWindow: Double? = nil, scheduler: SchedulerKind? = nil,
        graphSpan: Double? = nil, legend: DashboardState.LegendPlacement? = nil, columns: [PathColumn]? = nil
    ) {
        self.theme = theme
        self.refreshHz = refreshHz
        self.averagingWindow = averagingWindow
        self.scheduler = scheduler
        self.graphSpan = graphSpan
        self.legend = legend
        self.columns = columns
    }

    /// These settings with every field `other` sets taking its place.
    public func merging(_ other: DashboardSettings) -> DashboardSettings {
        DashboardSettings(
            theme: other.theme ?? theme, refreshHz: other.refreshHz ?? refreshHz,
            averagingWindow: other.averagingWindow ?? averagingWindow, scheduler: other.scheduler ?? scheduler,
            graphSpan: other.graphSpan ?? graphSpan, legend: other.legend ?? legend, columns: other.columns ?? columns)
    }
}

extension DashboardState {
    /// What of this view is a setting worth keeping: the keys that change it write the settings file.
    public var settings: DashboardSettings {
        DashboardSettings(
            theme: themeName, refreshHz: refreshHz, averagingWindow: averagingWindow, scheduler: requestedScheduler,
            graphSpan: graphSpan, legend: legend)
    }

    /// Takes the settings that apply to a view already made (the rest are start-up options).
    public mutating func adopt(_ settings: DashboardSettings) {
        if let window = settings.averagingWindow, Self.averagingWindows.contains(window) {
            setAveragingWindow(window)
        }
        if let span = settings.graphSpan, Self.graphSpans.contains(span) { graphSpan = span }
        if let legend = settings.legend { self.legend = legend }
        if let columns = settings.columns { hiddenColumns = Set(PathColumn.allCases).subtracting(columns) }
    }
}

extension ServerViewState {
    /// The server's own view keeps its look; a session opened from it has no scheduler to remember.
    public var settings: DashboardSettings {
        DashboardSettings(theme: themeName, refreshHz: refreshHz, averagingWindow: averagingWindow)
    }
}

extension BenchViewState {
    public var settings: DashboardSettings { DashboardSettings(theme: themeName, refreshHz: refreshHz) }
}

extension AggregationViewState {
    public var settings: DashboardSettings { DashboardSettings(theme: themeName, refreshHz: refreshHz) }
}

extension MPTCPViewState {
    public var settings: DashboardSettings { DashboardSettings(theme: themeName, refreshHz: refreshHz) }
}
