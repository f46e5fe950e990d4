import Foundation
import KwikDashboard

/// How the terminal dashboard starts; usually filled from the command line.
public struct DashboardOptions: Sendable {
    /// Redraws per second (1, 2, 4, 8 or 16); `+`/`-` change it at run time.
    public var refreshHz: Int
    /// Seconds over which the dashboard first measures rates; Tab changes it.
    public var averagingWindow: Double
    /// `--theme`: a theme name, or a path to a `.theme` file.
    public var theme: String
    /// `--themes-dir`, searched before the user's config directory.
    public var themesDirectory: String?
    /// What `kwiktop.toml` held at start; views take the settings that are theirs from it.
    public var settings: DashboardSettings
    /// Where settings changed in the UI are written; nil writes nothing.
    public var settingsFile: SettingsFile?
    /// What was wrong with the settings file, shown as the first status message.
    public var settingsProblem: String?
    /// `--readonly`: keys that would change the session only show a message.
    public var readOnly: Bool
    /// `--ascii`: no braille or box drawing. Also chosen when the locale is not UTF-8.
    public var ascii: Bool
    /// Where `NO_COLOR`, `COLORTERM`, `XDG_CONFIG_HOME` and `HOME` are read.
    public var environment: [String: String]

    public init(
        refreshHz: Int = 4, averagingWindow: Double = 1, theme: String = "default", themesDirectory: String? = nil,
        settings: DashboardSettings = DashboardSettings(), settingsFile: SettingsFile? = nil, readOnly: Bool = false,
        ascii: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.refreshHz = refreshHz
        self.averagingWindow = averagingWindow
        self.theme = theme
        self.themesDirectory = themesDirectory
        self.settings = settings
        self.settingsFile = settingsFile
        settingsProblem = nil
        self.readOnly = readOnly
        self.ascii = ascii
        self.environment = environment
    }
}

/// Why the dashboard could not take over the terminal: the command exits with status 2.
public enum TerminalError: Error, CustomStringConvertible {
    case notATerminal
    case cannotInitialize(term: String)
    /// The terminal has no cursor addressing (TERM=dumb, say).
    case cannotDraw(term: String)

    public var description: String {
        switch self {
        case .notATerminal: "the dashboard needs a terminal on stdin and stdout (use --headless otherwise)"
        case .cannotInitialize(let term): "cannot initialise the terminal (TERM=\(term)); use --headless for NDJSON"
        case .cannotDraw(let term):
            "TERM=\(term) cannot draw the dashboard (no cursor addressing); use --headless for NDJSON"
        }
    }

    public static let exitStatus: Int32 = 2
}
