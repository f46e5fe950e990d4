import Foundation
import KwikSnapshot
import TOMLKit

/// `kwiktop.toml`: the dashboard's settings as a TOML file, read at start and written whenever a
/// setting changes in the UI. A file that does not parse, or a value out of range, is named by its
/// line; what could not be read falls back to the defaults.
public struct SettingsFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// `$XDG_CONFIG_HOME/kwiktop/kwiktop.toml`, or under `~/.config` without it; nil with neither.
    public static func standard(environment: [String: String]) -> SettingsFile? {
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            return SettingsFile(path: config + "/kwiktop/kwiktop.toml")
        }
        guard let home = environment["HOME"], !home.isEmpty else { return nil }
        return SettingsFile(path: home + "/.config/kwiktop/kwiktop.toml")
    }

    /// What was read, and what was wrong with the file, if anything. A missing file is no problem.
    public struct Reading: Equatable, Sendable {
        public var settings: DashboardSettings
        /// `path:line: reason` for each problem found.
        public var problems: [String]
        /// False when the file did not parse: writing it would lose what the user is editing.
        public var isWritable: Bool

        public init(settings: DashboardSettings, problems: [String], isWritable: Bool) {
            self.settings = settings
            self.problems = problems
            self.isWritable = isWritable
        }
    }

    public func read() -> Reading {
        guard FileManager.default.fileExists(atPath: path) else {
            return Reading(settings: DashboardSettings(), problems: [], isWritable: true)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return Reading(
                settings: DashboardSettings(), problems: ["\(path): cannot read the file"], isWritable: false)
        }
        return Self.parse(text, file: path)
    }

    /// Writes `settings` over what the file holds, in kwiktop's own layout with a comment per key.
    public func write(_ settings: DashboardSettings) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Self.format(settings).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func parse(_ text: String, file: String) -> Reading {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return Reading(
                settings: DashboardSettings(),
                problems: ["\(file):\(error.source.begin.line): \(error.description); using the defaults"],
                isWritable: false)
        } catch {
            return Reading(settings: DashboardSettings(), problems: ["\(file): \(error)"], isWritable: false)
        }
        var reader = SettingsReader(table: table, text: text, file: file)
        return Reading(settings: reader.settings(), problems: reader.problems, isWritable: true)
    }

    static func format(_ settings: DashboardSettings) -> String {
        var lines = ["# kwiktop's settings: written by kwiktop when one changes in the dashboard.", ""]
        func add(_ comment: String, _ key: String, _ value: String?) {
            guard let value else { return }
            lines += ["# \(comment)", "\(key) = \(value)"]
        }
        func quoted(_ text: String) -> String {
            let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"" + escaped + "\""
        }
        add(
            "a bundled theme's name, one of your themes directory, or a .theme file", "theme",
            settings.theme.map(quoted))
        add("redraws per second: 1, 2, 4, 8 or 16", "refresh", settings.refreshHz.map { "\($0)" })
        add("seconds rates are averaged over: 1, 5 or 10", "window", settings.averagingWindow.map { "\(Int($0))" })
        add(
            "the scheduler connect and demo start with: "
                + SchedulerKind.allCases.map(\.rawValue).joined(separator: ", "), "scheduler",
            settings.scheduler.map { quoted($0.rawValue) })
        add(
            "seconds the throughput graph spans: "
                + DashboardState.graphSpans.map { "\(Int($0))" }.joined(separator: ", "), "graph_span",
            settings.graphSpan.map { "\(Int($0))" })
        add(
            "where the graph's legend sits: bottom, top or hidden", "legend",
            settings.legend.map { quoted($0.rawValue) })
        add(
            "the path table's columns, of: " + PathColumn.allCases.map(\.settingsName).joined(separator: ", "),
            "columns", settings.columns.map { "[" + $0.map { quoted($0.settingsName) }.joined(separator: ", ") + "]" })
        return lines.joined(separator: "\n") + "\n"
    }
}
