/// How one role looks.
public struct Style: Equatable, Sendable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool

    public init(foreground: Color, background: Color, bold: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
    }
}

/// Colours for every ``StyleRole``, built from btop theme keys. Keys a file leaves out come from
/// the built-in default theme.
public struct Theme: Equatable, Sendable {
    public let name: String
    /// Indexed by ``StyleRole/index``.
    private let styles: [Style]

    /// Creates a theme from btop keys (as parsed by ``ThemeFile``), filling gaps from the default.
    public init(name: String, entries: [String: Color]) {
        self.name = name
        let keys = Self.defaultEntries.merging(entries) { _, fromFile in fromFile }
        func color(_ key: String) -> Color { keys[key] ?? .terminalDefault }
        let background = color("main_bg")
        func style(_ key: String, bold: Bool = false) -> Style {
            Style(foreground: color(key), background: background, bold: bold)
        }
        var styles = Array(repeating: style("main_fg"), count: StyleRole.count)
        styles[StyleRole.title.index] = style("title", bold: true)
        styles[StyleRole.label.index] = style("proc_misc")
        styles[StyleRole.value.index] = style("main_fg")
        styles[StyleRole.dim.index] = style("inactive_fg")
        styles[StyleRole.accent.index] = style("hi_fg", bold: true)
        styles[StyleRole.good.index] = style("cpu_start")
        styles[StyleRole.warn.index] = style("cpu_mid")
        styles[StyleRole.bad.index] = style("cpu_end", bold: true)
        styles[StyleRole.selected.index] = Style(
            foreground: color("selected_fg"), background: color("selected_bg"), bold: true)
        styles[StyleRole.graphText.index] = style("graph_text")
        styles[StyleRole.headerBox.index] = style("cpu_box")
        styles[StyleRole.pathsBox.index] = style("proc_box")
        styles[StyleRole.graphBox.index] = style("net_box")
        styles[StyleRole.eventsBox.index] = style("mem_box")
        for slot in 0..<StyleRole.pathPaletteSize {
            styles[StyleRole.path(UInt8(slot)).index] = style(Self.pathKey(slot, in: entries))
        }
        self.styles = styles
    }

    public func style(for role: StyleRole) -> Style { styles[role.index] }

    /// kwiktop's own `path_N` key when the file has it, else a btop gradient colour, so stock btop
    /// themes still give distinct path colours.
    private static func pathKey(_ slot: Int, in entries: [String: Color]) -> String {
        let own = "path_\(slot + 1)", borrowed = btopPathKeys[slot]
        return entries[own] == nil && entries[borrowed] != nil ? borrowed : own
    }

    private static let btopPathKeys = [
        "download_end", "upload_end", "temp_start", "used_end", "cached_end", "free_end", "temp_end", "available_end",
    ]

    public static let builtIn = Theme(name: "default", entries: [:])

    /// The built-in dark theme, as btop keys; `Themes/default.theme` holds the same values.
    static let defaultEntries: [String: Color] = {
        let hex: [String: String] = [
            "main_bg": "", "main_fg": "#CDD6F4", "title": "#89B4FA", "hi_fg": "#F5C2E7", "selected_bg": "#45475A",
            "selected_fg": "#F5E0DC", "inactive_fg": "#8A8FA8", "graph_text": "#A6ADC8", "proc_misc": "#94E2D5",
            "cpu_box": "#89B4FA", "mem_box": "#FAB387", "net_box": "#CBA6F7", "proc_box": "#74C7EC",
            "cpu_start": "#A6E3A1", "cpu_mid": "#F9E2AF", "cpu_end": "#F38BA8",
            "path_1": "#89B4FA", "path_2": "#A6E3A1", "path_3": "#FAB387", "path_4": "#CBA6F7",
            "path_5": "#F38BA8", "path_6": "#94E2D5", "path_7": "#F9E2AF", "path_8": "#EBA0AC",
        ]
        return hex.mapValues { ThemeFile.parseColor(Substring($0))! }
    }()
}
